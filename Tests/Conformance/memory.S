/* memory: LB LBU LH LHU LW SB SH SW (little-endian), sign/zero extension, negative and
   ±32 KiB offsets, partial stores, stack memory, loads into $zero. */
#include "conf.h"
        .data
        .balign 4
bytes:  .byte   0x80, 0x7f, 0xff, 0x01, 0x78, 0x56, 0x34, 0x12
        .byte   0xfe, 0xca, 0xef, 0xbe, 0x00, 0x00, 0x00, 0x00
        .bss
        .balign 4
scratch: .space 16

        BEGIN_MAIN
        lui     $s0, %hi(bytes)
        addiu   $s0, $s0, %lo(bytes)
        lui     $s1, %hi(scratch)
        addiu   $s1, $s1, %lo(scratch)

        lb      $t0, 0($s0)
        PUT     lb_80, $t0              # ffffff80
        lbu     $t0, 0($s0)
        PUT     lbu_80, $t0             # 00000080
        lb      $t0, 1($s0)
        PUT     lb_7f, $t0              # 0000007f
        lb      $t0, 2($s0)
        PUT     lb_ff, $t0              # ffffffff
        lbu     $t0, 2($s0)
        PUT     lbu_ff, $t0             # 000000ff
        lh      $t0, 0($s0)
        PUT     lh_0, $t0               # 00007f80
        lh      $t0, 2($s0)
        PUT     lh_2, $t0               # 000001ff
        lh      $t0, 8($s0)
        PUT     lh_8, $t0               # ffffcafe
        lhu     $t0, 8($s0)
        PUT     lhu_8, $t0              # 0000cafe
        lh      $t0, 10($s0)
        PUT     lh_10, $t0              # ffffbeef
        lhu     $t0, 10($s0)
        PUT     lhu_10, $t0             # 0000beef
        lw      $t0, 0($s0)
        PUT     lw_0, $t0               # 01ff7f80
        lw      $t0, 4($s0)
        PUT     lw_4, $t0               # 12345678
        lw      $t0, 8($s0)
        PUT     lw_8, $t0               # beefcafe
        addiu   $t1, $s0, 8
        lw      $t0, -4($t1)
        PUT     lw_neg_off, $t0         # 12345678
        lb      $t0, -8($t1)
        PUT     lb_neg_off, $t0         # ffffff80
        LI32    $t2, 0x8000
        addu    $t1, $s0, $t2
        lw      $t0, -32768($t1)
        PUT     lw_off_m32768, $t0      # 01ff7f80
        LI32    $t2, 0x7ff8
        subu    $t1, $s0, $t2
        lw      $t0, 32764($t1)         /* bytes + 4 */
        PUT     lw_off_32764, $t0       # 12345678
        lw      $zero, 0($s0)
        PUT     lw_to_zero, $zero       # 00000000

        LI32    $t0, 0xdeadbeef
        sw      $t0, 0($s1)
        lw      $t1, 0($s1)
        PUT     sw_lw, $t1              # deadbeef
        addiu   $t0, $zero, 0x11
        sb      $t0, 1($s1)
        lw      $t1, 0($s1)
        PUT     sb_1, $t1               # dead11ef
        ori     $t0, $zero, 0x2233
        sh      $t0, 2($s1)
        lw      $t1, 0($s1)
        PUT     sh_2, $t1               # 223311ef
        LI32    $t0, 0x1234567f
        sb      $t0, 0($s1)             /* only the low byte is stored */
        lw      $t1, 0($s1)
        PUT     sb_low_byte, $t1        # 2233117f
        LI32    $t0, 0xffff8001
        sh      $t0, 0($s1)             /* only the low half is stored */
        lw      $t1, 0($s1)
        PUT     sh_low_half, $t1        # 22338001
        lh      $t1, 0($s1)
        PUT     sh_lh, $t1              # ffff8001
        addiu   $t0, $zero, 0x80
        sb      $t0, 4($s1)
        lb      $t1, 4($s1)
        PUT     sb_lb, $t1              # ffffff80
        lbu     $t1, 4($s1)
        PUT     sb_lbu, $t1             # 00000080
        lw      $t1, 4($s1)
        PUT     sb_lw_rest_zero, $t1    # 00000080
        sh      $t0, 8($s1)
        sh      $t0, 10($s1)
        lw      $t1, 8($s1)
        PUT     sh_sh_lw, $t1           # 00800080

        addiu   $sp, $sp, -8            /* the stack is ordinary memory */
        LI32    $t0, 0x5a5aa5a5
        sw      $t0, 4($sp)
        sw      $zero, 0($sp)
        lw      $t1, 4($sp)
        lhu     $t2, 6($sp)
        lb      $t3, 4($sp)
        addiu   $sp, $sp, 8
        PUT     stack_lw, $t1           # 5a5aa5a5
        PUT     stack_lhu, $t2          # 00005a5a
        PUT     stack_lb, $t3           # ffffffa5
        END_MAIN
