/* syscalls: the Linux o32 convention ($v0 = 4000 + n, arguments in $a0-$a3 and at
   16($sp)/20($sp), result in $v0, $a3 = 0 or 1 with $v0 = errno) for write (fd 1 and 2),
   read (fd 0 = syscalls.input, fd 3 = syscalls.hints), brk, mmap2, mmap, munmap, and
   unknown numbers (ENOSYS = 89 on MIPS). Loader-dependent addresses are never printed,
   only relations between them. */
#include "conf.h"

/* SYS n: $v0 = n; syscall (arguments already in place) */
.macro SYS n:req
        addiu   $v0, $zero, \n
        syscall
.endm

        .section .rodata.msgs, "a", @progbits
msg_out: .ascii "hello, stdout\n"        /* 14 bytes */
msg_err: .ascii "hello, stderr\n"        /* 14 bytes */
        .bss
        .balign 4
inbuf:  .space  64

        BEGIN_MAIN
        /* write(1, msg_out, 14) and write(2, msg_err, 14) */
        addiu   $a0, $zero, 1
        lui     $a1, %hi(msg_out)
        addiu   $a1, $a1, %lo(msg_out)
        addiu   $a2, $zero, 14
        SYS     4004
        PUT     write_fd1_ret, $v0      # 0000000e
        PUT     write_fd1_a3, $a3       # 00000000
        addiu   $a0, $zero, 2
        lui     $a1, %hi(msg_err)
        addiu   $a1, $a1, %lo(msg_err)
        addiu   $a2, $zero, 14
        SYS     4004
        PUT     write_fd2_ret, $v0      # 0000000e
        /* write(1, msg_out, 0) writes nothing and returns 0 */
        addiu   $a0, $zero, 1
        move    $a2, $zero
        SYS     4004
        PUT     write_len0_ret, $v0     # 00000000
        /* write to a closed fd: EBADF (9) */
        addiu   $a0, $zero, 99
        addiu   $a2, $zero, 1
        SYS     4004
        PUT     write_badfd_v0, $v0     # 00000009
        PUT     write_badfd_a3, $a3     # 00000001
        /* fds whose low bytes, or whose value mod the prover's field prime p = 0x7f000001,
           are stdin's or stdout's: still EBADF */
        LI32    $a0, 0x7f000002         /* p + 1 */
        SYS     4004
        PUT     write_fd_p_plus_1_v0, $v0 # 00000009
        LI32    $a0, 0xfe000003         /* 2p + 1 */
        SYS     4004
        PUT     write_fd_2p_plus_1_v0, $v0 # 00000009
        LI32    $a0, 0x01000001         /* 2^24 + 1 */
        SYS     4004
        PUT     write_fd_2p24_plus_1_v0, $v0 # 00000009
        PUT     write_fd_2p24_plus_1_a3, $a3 # 00000001
        LI32    $a0, 0x7f000001         /* p, into a writable buffer */
        lui     $a1, %hi(inbuf)
        addiu   $a1, $a1, %lo(inbuf)
        SYS     4003
        PUT     read_fd_p_v0, $v0       # 00000009

        /* read(0, inbuf, 64): syscalls.input holds "zkMIPS\n" (7 bytes) */
        lui     $s0, %hi(inbuf)
        addiu   $s0, $s0, %lo(inbuf)
        move    $a0, $zero
        move    $a1, $s0
        addiu   $a2, $zero, 64
        SYS     4003
        PUT     read_fd0_ret, $v0       # 00000007
        PUT     read_fd0_a3, $a3        # 00000000
        lw      $t0, 0($s0)
        lw      $t1, 4($s0)
        PUT     read_fd0_w0, $t0        # 494d6b7a
        PUT     read_fd0_w1, $t1        # 000a5350
        addiu   $a0, $zero, 1           /* echo what was read */
        move    $a1, $s0
        move    $a2, $v0
        SYS     4004
        move    $a0, $zero              /* at end of input: 0 */
        move    $a1, $s0
        addiu   $a2, $zero, 64
        SYS     4003
        PUT     read_fd0_eof, $v0       # 00000000
        /* read(3, inbuf + 32, 2): syscalls.hints holds "hint" */
        addiu   $a0, $zero, 3
        addiu   $a1, $s0, 32
        addiu   $a2, $zero, 2
        SYS     4003
        PUT     read_fd3_ret, $v0       # 00000002
        addiu   $a0, $zero, 3
        addiu   $a1, $s0, 34
        addiu   $a2, $zero, 64
        SYS     4003
        PUT     read_fd3_ret2, $v0      # 00000002
        lw      $t0, 32($s0)
        PUT     read_fd3_data, $t0      # 746e6968

        /* brk(0) = current break b0 (at or after _end); grow by 64 KiB; use the memory;
           shrink back; requests below the initial break or absurdly high fail by
           returning the current break unchanged. */
        move    $a0, $zero
        SYS     4045
        move    $s1, $v0                /* b0 */
        lui     $t0, %hi(_end)
        addiu   $t0, $t0, %lo(_end)
        sltu    $t1, $s1, $t0
        xori    $t1, $t1, 1
        PUT     brk0_at_or_after_end, $t1 # 00000001
        LI32    $t2, 0x10000
        addu    $s2, $s1, $t2           /* b0 + 64 KiB */
        move    $a0, $s2
        SYS     4045
        subu    $t3, $v0, $s2
        PUT     brk_grow_minus_req, $t3 # 00000000
        LI32    $t4, 0x0badcafe
        sw      $t4, -4($s2)            /* last word of the new area */
        lw      $t5, -4($s2)
        PUT     brk_mem_rw, $t5         # 0badcafe
        lw      $t5, 0x100($s1)         /* new heap memory starts zeroed */
        PUT     brk_mem_zero, $t5       # 00000000
        move    $a0, $zero
        SYS     4045
        subu    $t3, $v0, $s2
        PUT     brk_query_minus_new, $t3 # 00000000
        move    $a0, $s1                /* shrink back to b0 */
        SYS     4045
        subu    $t3, $v0, $s1
        PUT     brk_shrink_minus_b0, $t3 # 00000000
        LI32    $t6, 0x1000
        subu    $a0, $s1, $t6           /* below the initial break: refused */
        SYS     4045
        subu    $t3, $v0, $s1
        PUT     brk_below_minus_b0, $t3 # 00000000
        LI32    $a0, 0xf0000000         /* kernel space: refused */
        SYS     4045
        subu    $t3, $v0, $s1
        PUT     brk_huge_minus_b0, $t3  # 00000000

        /* mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS (0x802 on
           MIPS), fd -1, pgoffset 0) */
        addiu   $sp, $sp, -32
        addiu   $t0, $zero, -1
        sw      $t0, 16($sp)            /* fd */
        sw      $zero, 20($sp)          /* offset */
        move    $a0, $zero
        addiu   $a1, $zero, 8192
        addiu   $a2, $zero, 3
        addiu   $a3, $zero, 0x802
        SYS     4210
        addiu   $sp, $sp, 32
        move    $s3, $v0
        PUT     mmap2_a3, $a3           # 00000000
        sltu    $t1, $zero, $s3
        PUT     mmap2_nonnull, $t1      # 00000001
        andi    $t1, $s3, 0xfff
        PUT     mmap2_page_offset, $t1  # 00000000
        lw      $t2, 0($s3)
        lw      $t3, 4092($s3)
        or      $t2, $t2, $t3
        lw      $t3, 8188($s3)
        or      $t2, $t2, $t3
        PUT     mmap2_zeroed, $t2       # 00000000
        LI32    $t4, 0xfeedface
        sw      $t4, 4104($s3)          /* second page */
        sb      $t4, 1($s3)
        lw      $t5, 4104($s3)
        lw      $t6, 0($s3)
        PUT     mmap2_rw_page1, $t5     # feedface
        PUT     mmap2_rw_page0, $t6     # 0000ce00
        move    $a0, $s3                /* munmap(addr, 8192) */
        addiu   $a1, $zero, 8192
        SYS     4091
        PUT     munmap_ret, $v0         # 00000000
        PUT     munmap_a3, $a3          # 00000000
        addiu   $a0, $s3, 1             /* munmap(addr + 1, 4096): EINVAL */
        addiu   $a1, $zero, 4096
        SYS     4091
        PUT     munmap_unaligned_ret, $v0 # 00000016
        PUT     munmap_unaligned_a3, $a3 # 00000001
        move    $a0, $s3                /* munmap(addr, 0): EINVAL */
        move    $a1, $zero
        SYS     4091
        PUT     munmap_empty_ret, $v0   # 00000016
        PUT     munmap_empty_a3, $a3    # 00000001

        /* old mmap (4090) with the same arguments (offset in bytes) */
        addiu   $sp, $sp, -32
        addiu   $t0, $zero, -1
        sw      $t0, 16($sp)
        sw      $zero, 20($sp)
        move    $a0, $zero
        addiu   $a1, $zero, 4096
        addiu   $a2, $zero, 3
        addiu   $a3, $zero, 0x802
        SYS     4090
        addiu   $sp, $sp, 32
        move    $s4, $v0
        PUT     mmap_a3, $a3            # 00000000
        andi    $t1, $s4, 0xfff
        PUT     mmap_page_offset, $t1   # 00000000
        LI32    $t4, 0x600df00d
        sw      $t4, 4092($s4)
        lw      $t5, 4092($s4)
        PUT     mmap_rw, $t5            # 600df00d

        /* mmap2 with length 0: EINVAL (22) */
        addiu   $sp, $sp, -32
        addiu   $t0, $zero, -1
        sw      $t0, 16($sp)
        sw      $zero, 20($sp)
        move    $a0, $zero
        move    $a1, $zero
        addiu   $a2, $zero, 3
        addiu   $a3, $zero, 0x802
        SYS     4210
        addiu   $sp, $sp, 32
        PUT     mmap2_len0_v0, $v0      # 00000016
        PUT     mmap2_len0_a3, $a3      # 00000001

        /* unknown syscall numbers: ENOSYS (89 on MIPS), $a3 = 1, registers intact */
        LI32    $s5, 0x5a5a5a5a
        SYS     4999
        PUT     sys4999_v0, $v0         # 00000059
        PUT     sys4999_a3, $a3         # 00000001
        PUT     sys4999_s5_kept, $s5    # 5a5a5a5a
        SYS     4000                    /* o32's "syscall" indirection (4000): not provided */
        PUT     sys4000_a3, $a3         # 00000001
        SYS     1                       /* below 4000: not an o32 number */
        PUT     sys1_v0, $v0            # 00000059
        PUT     sys1_a3, $a3            # 00000001
        END_MAIN
