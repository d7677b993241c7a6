/* unaligned: LWL LWR SWL SWR at every byte offset 0-3, as the unaligned-access pair
   (LE idiom: lwl 3(x) + lwr 0(x), swl 3(x) + swr 0(x)) and each alone on a register or
   word holding 0xa0b0c0d0, so the bytes each one leaves untouched are visible; LL/SC.
   Values derived by hand from the MIPS32 manual's byte diagrams and re-derived with a
   small Python model of the four instructions. */
#include "conf.h"
        .data
        .balign 4
src:    .byte   0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc
        .balign 4
dst:    .space  16

/* RESET_DST: dst words 0 and 1 = \w (uses $t8) */
.macro RESET_DST w:req
        LI32    $t8, \w
        sw      $t8, 0($s1)
        sw      $t8, 4($s1)
.endm

        BEGIN_MAIN
        lui     $s0, %hi(src)
        addiu   $s0, $s0, %lo(src)
        lui     $s1, %hi(dst)
        addiu   $s1, $s1, %lo(dst)
        LI32    $s2, 0xa0b0c0d0         /* background pattern */
        LI32    $s3, 0x11223344         /* value stored */

        move    $t0, $zero
        lwl     $t0, 3($s0)
        lwr     $t0, 0($s0)
        PUT     pair_load_0, $t0        # 44332211
        move    $t0, $zero
        lwl     $t0, 4($s0)
        lwr     $t0, 1($s0)
        PUT     pair_load_1, $t0        # 55443322
        move    $t0, $zero
        lwl     $t0, 5($s0)
        lwr     $t0, 2($s0)
        PUT     pair_load_2, $t0        # 66554433
        move    $t0, $zero
        lwl     $t0, 6($s0)
        lwr     $t0, 3($s0)
        PUT     pair_load_3, $t0        # 77665544
        move    $t0, $zero              /* the other order works too */
        lwr     $t0, 1($s0)
        lwl     $t0, 4($s0)
        PUT     pair_load_1_rev, $t0    # 55443322
        move    $t0, $s2
        lwl     $t0, 4($s0)
        PUT     lwl_0, $t0              # 55b0c0d0
        move    $t0, $s2
        lwl     $t0, 5($s0)
        PUT     lwl_1, $t0              # 6655c0d0
        move    $t0, $s2
        lwl     $t0, 6($s0)
        PUT     lwl_2, $t0              # 776655d0
        move    $t0, $s2
        lwl     $t0, 7($s0)
        PUT     lwl_3, $t0              # 88776655
        move    $t0, $s2
        lwr     $t0, 4($s0)
        PUT     lwr_0, $t0              # 88776655
        move    $t0, $s2
        lwr     $t0, 5($s0)
        PUT     lwr_1, $t0              # a0887766
        move    $t0, $s2
        lwr     $t0, 6($s0)
        PUT     lwr_2, $t0              # a0b08877
        move    $t0, $s2
        lwr     $t0, 7($s0)
        PUT     lwr_3, $t0              # a0b0c088
        RESET_DST 0xa0b0c0d0
        swl     $s3, 0($s1)
        lw      $t0, 0($s1)
        PUT     swl_0, $t0              # a0b0c011
        RESET_DST 0xa0b0c0d0
        swl     $s3, 1($s1)
        lw      $t0, 0($s1)
        PUT     swl_1, $t0              # a0b01122
        RESET_DST 0xa0b0c0d0
        swl     $s3, 2($s1)
        lw      $t0, 0($s1)
        PUT     swl_2, $t0              # a0112233
        RESET_DST 0xa0b0c0d0
        swl     $s3, 3($s1)
        lw      $t0, 0($s1)
        PUT     swl_3, $t0              # 11223344
        RESET_DST 0xa0b0c0d0
        swr     $s3, 0($s1)
        lw      $t0, 0($s1)
        PUT     swr_0, $t0              # 11223344
        RESET_DST 0xa0b0c0d0
        swr     $s3, 1($s1)
        lw      $t0, 0($s1)
        PUT     swr_1, $t0              # 223344d0
        RESET_DST 0xa0b0c0d0
        swr     $s3, 2($s1)
        lw      $t0, 0($s1)
        PUT     swr_2, $t0              # 3344c0d0
        RESET_DST 0xa0b0c0d0
        swr     $s3, 3($s1)
        lw      $t0, 0($s1)
        PUT     swr_3, $t0              # 44b0c0d0
        RESET_DST 0xeeeeeeee
        swl     $s3, 3($s1)
        swr     $s3, 0($s1)
        lw      $t0, 0($s1)
        lw      $t1, 4($s1)
        PUT     pair_store_0_w0, $t0    # 11223344
        PUT     pair_store_0_w1, $t1    # eeeeeeee
        RESET_DST 0xeeeeeeee
        swl     $s3, 4($s1)
        swr     $s3, 1($s1)
        lw      $t0, 0($s1)
        lw      $t1, 4($s1)
        PUT     pair_store_1_w0, $t0    # 223344ee
        PUT     pair_store_1_w1, $t1    # eeeeee11
        RESET_DST 0xeeeeeeee
        swl     $s3, 5($s1)
        swr     $s3, 2($s1)
        lw      $t0, 0($s1)
        lw      $t1, 4($s1)
        PUT     pair_store_2_w0, $t0    # 3344eeee
        PUT     pair_store_2_w1, $t1    # eeee1122
        RESET_DST 0xeeeeeeee
        swl     $s3, 6($s1)
        swr     $s3, 3($s1)
        lw      $t0, 0($s1)
        lw      $t1, 4($s1)
        PUT     pair_store_3_w0, $t0    # 44eeeeee
        PUT     pair_store_3_w1, $t1    # ee112233
        /* store with the pair, load back with the pair, at offset 3 */
        RESET_DST 0
        LI32    $t2, 0xfedcba98
        swl     $t2, 6($s1)
        swr     $t2, 3($s1)
        lwl     $t3, 6($s1)
        lwr     $t3, 3($s1)
        PUT     pair_roundtrip_3, $t3   # fedcba98

        /* LL/SC in single-threaded code: SC succeeds (rt = 1) and stores */
        LI32    $t0, 0x1234
        sw      $t0, 8($s1)
        ll      $t1, 8($s1)
        PUT     ll_value, $t1           # 00001234
        addiu   $t2, $t1, 1
        sc      $t2, 8($s1)
        PUT     sc_result, $t2          # 00000001
        lw      $t3, 8($s1)
        PUT     sc_stored, $t3          # 00001235
        /* the usual atomic-increment loop: LL, add, SC, retry while SC fails */
1:      ll      $t1, 8($s1)
        addiu   $t1, $t1, 0x10
        sc      $t1, 8($s1)
        beq     $t1, $zero, 1b
        nop
        lw      $t3, 8($s1)
        PUT     ll_sc_loop, $t3         # 00001245
        END_MAIN
