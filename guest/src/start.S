/*
 * __start: process entry point for zkMIPS guests.
 *
 * The loader (Linux, qemu-mipsel or the zkMIPS executor) enters here with
 *   $sp -> argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs, AT_NULL
 * and every other register unspecified. .bss is already zero (the loader zero-fills
 * p_memsz beyond p_filesz), so nothing is cleared here.
 *
 * We compute argc/argv/envp, set $gp for any object built without -G0, align the
 * stack as the o32 ABI requires (8 bytes, plus 16 bytes of argument save area for the
 * callee) and call __zk_start_c(argc, argv, envp), which runs constructors, calls
 * main and exits with its return value. It never returns.
 */
        .section .text.__start, "ax", @progbits
        .globl  __start
        .type   __start, @function
        .set    noreorder
        .set    noat
__start:
        lui     $gp, %hi(_gp)
        addiu   $gp, $gp, %lo(_gp)
        lw      $a0, 0($sp)             # argc
        addiu   $a1, $sp, 4             # argv
        sll     $t0, $a0, 2
        addu    $a2, $a1, $t0
        addiu   $a2, $a2, 4             # envp = argv + argc + 1
        li      $t1, -8
        and     $sp, $sp, $t1           # 8-byte alignment (o32)
        addiu   $sp, $sp, -24           # argument save area for the callee
        move    $fp, $zero
        jal     __zk_start_c
        nop
        /* __zk_start_c does not return; if it ever did, exit_group(127). */
        li      $a0, 127
        li      $v0, 4246
        syscall
        break
        .size   __start, . - __start
