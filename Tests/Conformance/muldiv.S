/* muldiv: MULT MULTU MUL MADD MADDU MSUB MSUBU MFHI MFLO MTHI MTLO, DIV DIVU (including
   INT_MIN / -1 and a division by zero, whose HI/LO are unpredictable and not printed),
   CLZ CLO. a = 0x87654321 (negative), b = 0x12345678. 64-bit values checked in Python. */
#include "conf.h"

/* Print HI and LO under the names <prefix>_hi / <prefix>_lo (via $t8/$t9). */
.macro PUTHILO hiname, loname
        mfhi    $t8
        mflo    $t9
        PUT     \hiname, $t8
        PUT     \loname, $t9
.endm

        BEGIN_MAIN
        LI32    $s0, 0x87654321         /* a */
        LI32    $s1, 0x12345678         /* b */
        addiu   $s2, $zero, -1          /* -1 */
        LI32    $s3, 0x80000000         /* INT_MIN */
        LI32    $s4, 0x7fffffff         /* INT_MAX */
        addiu   $s5, $zero, 7

        mult    $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     mult_ab_hi, $t0         # f76c768d
        PUT     mult_ab_lo, $t1         # 70b88d78
        multu   $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     multu_ab_hi, $t0        # 09a0cd05
        PUT     multu_ab_lo, $t1        # 70b88d78
        mult    $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     mult_m1m1_hi, $t0       # 00000000
        PUT     mult_m1m1_lo, $t1       # 00000001
        multu   $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     multu_m1m1_hi, $t0      # fffffffe
        PUT     multu_m1m1_lo, $t1      # 00000001
        mult    $s3, $s3
        mfhi    $t0
        mflo    $t1
        PUT     mult_minmin_hi, $t0     # 40000000
        PUT     mult_minmin_lo, $t1     # 00000000
        mult    $s3, $s2
        mfhi    $t0
        mflo    $t1
        PUT     mult_min_m1_hi, $t0     # 00000000
        PUT     mult_min_m1_lo, $t1     # 80000000
        mult    $s4, $s3
        mfhi    $t0
        mflo    $t1
        PUT     mult_maxmin_hi, $t0     # c0000000
        PUT     mult_maxmin_lo, $t1     # 80000000
        multu   $s4, $s3
        mfhi    $t0
        mflo    $t1
        PUT     multu_maxmin_hi, $t0    # 3fffffff
        PUT     multu_maxmin_lo, $t1    # 80000000

        /* MUL writes rd only (HI/LO are unpredictable after it in R2: not printed) */
        mul     $t0, $s0, $s1
        PUT     mul_ab, $t0             # 70b88d78
        mul     $t0, $s2, $s5
        PUT     mul_m1_7, $t0           # fffffff9
        mul     $t0, $s3, $s2
        PUT     mul_min_m1, $t0         # 80000000
        mul     $t0, $s4, $s4
        PUT     mul_maxmax, $t0         # 00000001

        /* MTHI/MTLO round trip, then the accumulating forms from HI:LO = 1:ffffffff */
        LI32    $t0, 0xcafef00d
        LI32    $t1, 0x0badbeef
        mthi    $t0
        mtlo    $t1
        mfhi    $t2
        mflo    $t3
        PUT     mthi_mfhi, $t2          # cafef00d
        PUT     mtlo_mflo, $t3          # 0badbeef

        addiu   $t6, $zero, 1
        mthi    $t6
        mtlo    $s2
        madd    $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     madd_ab_hi, $t0         # f76c768f
        PUT     madd_ab_lo, $t1         # 70b88d77
        mthi    $t6
        mtlo    $s2
        maddu   $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     maddu_ab_hi, $t0        # 09a0cd07
        PUT     maddu_ab_lo, $t1        # 70b88d77
        mthi    $t6
        mtlo    $s2
        msub    $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     msub_ab_hi, $t0         # 08938974
        PUT     msub_ab_lo, $t1         # 8f477287
        mthi    $t6
        mtlo    $s2
        msubu   $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     msubu_ab_hi, $t0        # f65f32fc
        PUT     msubu_ab_lo, $t1        # 8f477287
        mthi    $t6                     /* 1:ffffffff + (-1)(-1) carries into HI */
        mtlo    $s2
        madd    $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     madd_carry_hi, $t0      # 00000002
        PUT     madd_carry_lo, $t1      # 00000000
        mthi    $zero                   /* 0:0 - (-1)(-1) borrows */
        mtlo    $zero
        msub    $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     msub_borrow_hi, $t0     # ffffffff
        PUT     msub_borrow_lo, $t1     # ffffffff
        mthi    $zero
        mtlo    $zero
        msubu   $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     msubu_borrow_hi, $t0    # 00000001
        PUT     msubu_borrow_lo, $t1    # ffffffff
        mthi    $s2                     /* ffffffff:ffffffff + fffffffe00000001 wraps */
        mtlo    $s2
        maddu   $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     maddu_wrap_hi, $t0      # fffffffe
        PUT     maddu_wrap_lo, $t1      # 00000000

        /* DIV/DIVU: LO = quotient (toward zero), HI = remainder (sign of dividend) */
        div     $zero, $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     div_ab_hi, $t0          # f49f49f1
        PUT     div_ab_lo, $t1          # fffffffa
        div     $zero, $s1, $s0
        mfhi    $t0
        mflo    $t1
        PUT     div_ba_hi, $t0          # 12345678
        PUT     div_ba_lo, $t1          # 00000000
        div     $zero, $s0, $s5
        mfhi    $t0
        mflo    $t1
        PUT     div_a7_hi, $t0          # fffffffd
        PUT     div_a7_lo, $t1          # eec552bc
        addiu   $t7, $zero, -7
        addiu   $t6, $zero, 2
        div     $zero, $t7, $t6
        mfhi    $t0
        mflo    $t1
        PUT     div_m7_2_hi, $t0        # ffffffff
        PUT     div_m7_2_lo, $t1        # fffffffd
        div     $zero, $s3, $s2         /* INT_MIN / -1: overflows; no exception */
        mfhi    $t0
        mflo    $t1
        PUT     div_min_m1_hi, $t0      # 00000000
        PUT     div_min_m1_lo, $t1      # 80000000
        div     $zero, $s4, $s2
        mfhi    $t0
        mflo    $t1
        PUT     div_max_m1_hi, $t0      # 00000000
        PUT     div_max_m1_lo, $t1      # 80000001
        divu    $zero, $s0, $s1
        mfhi    $t0
        mflo    $t1
        PUT     divu_ab_hi, $t0         # 07f6e5d9
        PUT     divu_ab_lo, $t1         # 00000007
        divu    $zero, $s1, $s0
        mfhi    $t0
        mflo    $t1
        PUT     divu_ba_hi, $t0         # 12345678
        PUT     divu_ba_lo, $t1         # 00000000
        divu    $zero, $s2, $s2
        mfhi    $t0
        mflo    $t1
        PUT     divu_m1m1_hi, $t0       # 00000000
        PUT     divu_m1m1_lo, $t1       # 00000001
        divu    $zero, $s3, $s2
        mfhi    $t0
        mflo    $t1
        PUT     divu_min_m1_hi, $t0     # 80000000
        PUT     divu_min_m1_lo, $t1     # 00000000
        addiu   $t6, $zero, 16
        divu    $zero, $s2, $t6
        mfhi    $t0
        mflo    $t1
        PUT     divu_m1_16_hi, $t0      # 0000000f
        PUT     divu_m1_16_lo, $t1      # 0fffffff

        /* Division by zero: no exception (the raw instructions, no compiler-inserted teq);
           HI and LO are UNPREDICTABLE, so only show that execution continues. */
        move    $t5, $zero              /* a register, not $zero: no assembler warning */
        div     $zero, $s0, $t5
        divu    $zero, $s0, $t5
        LI32    $t0, 0x600d
        PUT     div0_continued, $t0     # 0000600d

        clz     $t0, $zero
        PUT     clz_0, $t0              # 00000020
        clz     $t0, $s2
        PUT     clz_m1, $t0             # 00000000
        addiu   $t1, $zero, 1
        clz     $t0, $t1
        PUT     clz_1, $t0              # 0000001f
        clz     $t0, $s3
        PUT     clz_min, $t0            # 00000000
        LI32    $t1, 0x00008000
        clz     $t0, $t1
        PUT     clz_8000, $t0           # 00000010
        clo     $t0, $zero
        PUT     clo_0, $t0              # 00000000
        clo     $t0, $s2
        PUT     clo_m1, $t0             # 00000020
        addiu   $t1, $zero, 1
        clo     $t0, $t1
        PUT     clo_1, $t0              # 00000000
        clo     $t0, $s3
        PUT     clo_min, $t0            # 00000001
        LI32    $t1, 0xfff00000
        clo     $t0, $t1
        PUT     clo_fff00000, $t0       # 0000000c
        END_MAIN
