/*
 * conf.h — shared macros for the conformance programs (included by every .S here).
 *
 * Each program defines `main` (called by the guest SDK's start-up code) between
 * BEGIN_MAIN and END_MAIN and reports values with
 *
 *     PUT name, $reg        # 0000000f
 *
 * which writes the line "name 0000000f\n" to stdout (fd 1) with one write syscall.
 * The trailing comment is the value we expect, worked out by hand (or in Python where
 * noted); check-annotations.py compares these comments with the .expected files that
 * qemu-mipsel produced, so every expected value has been derived twice.
 *
 * PUT preserves every register, $at, $ra, HI and LO included. $sp cannot be printed
 * (it is 16 lower inside the macro). Names must be at most 36 characters. PUT is an
 * instruction sequence: never put it in a delay slot.
 */
#ifndef CONF_H
#define CONF_H

        .set    noreorder

/* PUT name, reg: print "name <reg as 8 hex digits>\n". */
.macro PUT name:req, reg:req
        .set    push
        .set    noreorder
        .set    noat
        addiu   $sp, $sp, -16
        sw      $a0, 4($sp)
        sw      $a1, 8($sp)
        sw      $ra, 12($sp)
        move    $a0, \reg               /* before $a1/$ra change: PUT x, $a1 works */
        lui     $a1, %hi(.Lconf_name\@)
        jal     conf_put
        addiu   $a1, $a1, %lo(.Lconf_name\@)
        lw      $ra, 12($sp)
        lw      $a1, 8($sp)
        lw      $a0, 4($sp)
        addiu   $sp, $sp, 16
        .pushsection .rodata.conf_names, "a", @progbits
.Lconf_name\@:
        .asciz  "\name"
        .popsection
        .set    pop
.endm

/* LI32 reg, value: load any 32-bit constant with LUI + ORI (no assembler macros, so the
   instruction sequence is exactly what it looks like). */
.macro LI32 reg:req, value:req
        lui     \reg, (((\value) >> 16) & 0xffff)
        ori     \reg, \reg, ((\value) & 0xffff)
.endm

/* BRANCH name, insn ops...  runs `insn ops..., target` with $t0 = 0, where the delay slot
   sets bit 0, the fall-through path sets bit 1 and the target sets bit 2, then prints
   $t0: 00000005 = taken, 00000007 = not taken, 00000006 = not taken with the delay slot
   nullified (branch-likely). LINKBR also sets bit 4 when $ra = the address of the
   instruction after the delay slot. Both use $t0-$t2 and $ra. */
.macro BRANCH name:req, insn:vararg
        move    $t0, $zero
        \insn, .Lbr_target\@
        ori     $t0, $t0, 1             /* delay slot */
        ori     $t0, $t0, 2             /* fall-through */
.Lbr_target\@:
        ori     $t0, $t0, 4
        PUT     \name, $t0
.endm

.macro LINKBR name:req, insn:vararg
        move    $t0, $zero
        lui     $t1, %hi(.Llk_return\@)
        addiu   $t1, $t1, %lo(.Llk_return\@)
        move    $ra, $zero
        \insn, .Llk_target\@
        ori     $t0, $t0, 1             /* delay slot */
.Llk_return\@:
        ori     $t0, $t0, 2             /* fall-through */
.Llk_target\@:
        ori     $t0, $t0, 4
        subu    $t2, $ra, $t1
        sltiu   $t2, $t2, 1             /* 1 if $ra is the return address */
        sll     $t2, $t2, 4
        or      $t0, $t0, $t2
        PUT     \name, $t0
.endm

/* main: saves $ra, $gp, $fp and $s0-$s7 so the test body may use every register except
   $sp; returns 0. */
.macro BEGIN_MAIN
        .text
        .globl  main
        .type   main, @function
main:
        addiu   $sp, $sp, -48
        sw      $ra, 44($sp)
        sw      $fp, 40($sp)
        sw      $gp, 36($sp)
        sw      $s7, 32($sp)
        sw      $s6, 28($sp)
        sw      $s5, 24($sp)
        sw      $s4, 20($sp)
        sw      $s3, 16($sp)
        sw      $s2, 12($sp)
        sw      $s1, 8($sp)
        sw      $s0, 4($sp)
.endm

.macro END_MAIN
        lw      $s0, 4($sp)
        lw      $s1, 8($sp)
        lw      $s2, 12($sp)
        lw      $s3, 16($sp)
        lw      $s4, 20($sp)
        lw      $s5, 24($sp)
        lw      $s6, 28($sp)
        lw      $s7, 32($sp)
        lw      $gp, 36($sp)
        lw      $fp, 40($sp)
        lw      $ra, 44($sp)
        move    $v0, $zero
        jr      $ra
        addiu   $sp, $sp, 48
        .size   main, . - main
        CONF_PUT_FUNCTION
.endm

/*
 * conf_put($a0 = value, $a1 = name): formats "name value\n" on the stack and writes it
 * with write(1, buf, len). Saves and restores every register it or the kernel may
 * touch ($at, $v0, $v1, $a2, $a3, $t0-$t9); the caller (PUT) saves $a0, $a1 and $ra.
 */
.macro CONF_PUT_FUNCTION
        .type   conf_put, @function
conf_put:
        .set    push
        .set    noat
        addiu   $sp, $sp, -128
        sw      $at, 0($sp)
        sw      $v0, 4($sp)
        sw      $v1, 8($sp)
        sw      $a2, 12($sp)
        sw      $a3, 16($sp)
        sw      $t0, 20($sp)
        sw      $t1, 24($sp)
        sw      $t2, 28($sp)
        sw      $t3, 32($sp)
        sw      $t4, 36($sp)
        sw      $t5, 40($sp)
        sw      $t6, 44($sp)
        sw      $t7, 48($sp)
        sw      $t8, 52($sp)
        sw      $t9, 56($sp)
        addiu   $t0, $sp, 64            /* line buffer: 64 bytes */
        move    $t1, $t0
1:      lbu     $t2, 0($a1)             /* copy the name */
        beq     $t2, $zero, 2f
        addiu   $a1, $a1, 1
        sb      $t2, 0($t1)
        b       1b
        addiu   $t1, $t1, 1
2:      addiu   $t2, $zero, 0x20        /* ' ' */
        sb      $t2, 0($t1)
        addiu   $t1, $t1, 1
        addiu   $t3, $zero, 28          /* shift for the current nibble: 28, 24, ..., 0 */
3:      srlv    $t4, $a0, $t3
        andi    $t4, $t4, 0xf
        sltiu   $t5, $t4, 10
        bne     $t5, $zero, 4f
        addiu   $t4, $t4, 0x30          /* '0' + nibble (delay slot: always) */
        addiu   $t4, $t4, 0x27          /* 'a' - '0' - 10 */
4:      sb      $t4, 0($t1)
        addiu   $t1, $t1, 1
        bne     $t3, $zero, 3b
        addiu   $t3, $t3, -4
        addiu   $t2, $zero, 0x0a        /* '\n' */
        sb      $t2, 0($t1)
        addiu   $t1, $t1, 1
        addiu   $a0, $zero, 1
        move    $a1, $t0
        subu    $a2, $t1, $t0
        addiu   $v0, $zero, 4004        /* write */
        syscall
        lw      $at, 0($sp)
        lw      $v0, 4($sp)
        lw      $v1, 8($sp)
        lw      $a2, 12($sp)
        lw      $a3, 16($sp)
        lw      $t0, 20($sp)
        lw      $t1, 24($sp)
        lw      $t2, 28($sp)
        lw      $t3, 32($sp)
        lw      $t4, 36($sp)
        lw      $t5, 40($sp)
        lw      $t6, 44($sp)
        lw      $t7, 48($sp)
        lw      $t8, 52($sp)
        lw      $t9, 56($sp)
        jr      $ra
        addiu   $sp, $sp, 128
        .set    pop
        .size   conf_put, . - conf_put
.endm

#endif
