/* misc: instructions with no visible result must do nothing (SYNC, PREF — even on an
   unmapped address, which MIPS32 says never faults — NOP, SSNOP, EHB), and every
   instruction form that writes $zero must leave it 0. */
#include "conf.h"
        BEGIN_MAIN
        LI32    $s0, 0x13579bdf
        addiu   $s1, $zero, 7
        move    $t0, $s0

        sync
        sync    0x10
        pref    0, 0($sp)
        pref    1, 64($sp)
        addiu   $t1, $zero, 0x10
        pref    0, 0($t1)               /* unmapped: prefetch is dropped, no fault */
        nop
        ssnop
        ehb
        PUT     hints_left_regs, $t0    # 13579bdf

        addu    $zero, $s0, $s1
        PUT     zero_addu, $zero        # 00000000
        lui     $zero, 0xffff
        PUT     zero_lui, $zero         # 00000000
        mthi    $s0
        mfhi    $zero
        PUT     zero_mfhi, $zero        # 00000000
        mul     $zero, $s0, $s1
        PUT     zero_mul, $zero         # 00000000
        ext     $zero, $s0, 0, 8
        PUT     zero_ext, $zero         # 00000000
        movz    $zero, $s0, $zero
        PUT     zero_movz, $zero        # 00000000
        clo     $zero, $s1
        seb     $zero, $s0
        PUT     zero_clo_seb, $zero     # 00000000
        lw      $zero, 0($sp)
        PUT     zero_lw, $zero          # 00000000
        /* JALR with rd = $zero: jumps without linking */
        lui     $t9, %hi(1f)
        addiu   $t9, $t9, %lo(1f)
        jalr    $zero, $t9
        nop
1:      PUT     zero_jalr, $zero        # 00000000
        /* reading $zero as a source always gives 0 */
        addu    $t2, $zero, $s1
        PUT     zero_as_source, $t2     # 00000007
        END_MAIN
