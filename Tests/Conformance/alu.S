/* alu: ADD ADDU SUB SUBU ADDI ADDIU (no overflow), SLT SLTU SLTI SLTIU, AND OR XOR NOR
   ANDI ORI XORI LUI, and writes to $zero. Expected values in the comments. */
#include "conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x7ffffff0
        addiu   $t1, $zero, 15
        LI32    $t3, 0xfffffffb         /* -5 */
        LI32    $t4, 0x80000000         /* INT_MIN */

        add     $t2, $t0, $t1
        PUT     add_to_max, $t2         # 7fffffff
        add     $t2, $t3, $t1
        PUT     add_neg_pos, $t2        # 0000000a
        add     $t2, $t4, $zero
        PUT     add_min_zero, $t2       # 80000000
        add     $t2, $t3, $t3
        PUT     add_neg_neg, $t2        # fffffff6
        addu    $t2, $t4, $t4
        PUT     addu_wrap, $t2          # 00000000
        addu    $t2, $t0, $t0
        PUT     addu_wrap2, $t2         # ffffffe0
        sub     $t2, $t1, $t3
        PUT     sub_pos_neg, $t2        # 00000014
        sub     $t2, $t3, $t1
        PUT     sub_neg_pos, $t2        # ffffffec
        sub     $t2, $t4, $t3
        PUT     sub_min_neg, $t2        # 80000005
        subu    $t2, $zero, $t4
        PUT     subu_neg_min, $t2       # 80000000
        subu    $t2, $t4, $t1
        PUT     subu_wrap, $t2          # 7ffffff1
        subu    $t2, $t1, $t1
        PUT     subu_self, $t2          # 00000000

        addi    $t2, $t1, -16
        PUT     addi_minus16, $t2       # ffffffff
        addi    $t2, $t3, 32767
        PUT     addi_max_imm, $t2       # 00007ffa
        addi    $t2, $t3, -32768
        PUT     addi_min_imm, $t2       # ffff7ffb
        addi    $t2, $t4, 1
        PUT     addi_min_plus1, $t2     # 80000001
        addiu   $t2, $t0, 0x7fff
        PUT     addiu_wrap_pos, $t2     # 80007fef
        addiu   $t2, $t4, -1
        PUT     addiu_wrap_neg, $t2     # 7fffffff
        addiu   $t2, $zero, -32768
        PUT     addiu_sext, $t2         # ffff8000

        slt     $t2, $t3, $t1
        PUT     slt_neg_pos, $t2        # 00000001
        sltu    $t2, $t3, $t1
        PUT     sltu_big_small, $t2     # 00000000
        slt     $t2, $t4, $t0
        PUT     slt_min_max, $t2        # 00000001
        sltu    $t2, $t4, $t0
        PUT     sltu_min_max, $t2       # 00000000
        slt     $t2, $t1, $t1
        PUT     slt_equal, $t2          # 00000000
        slt     $t2, $t0, $t4
        PUT     slt_max_min, $t2        # 00000000
        sltu    $t2, $zero, $t3
        PUT     sltu_zero_big, $t2      # 00000001
        slti    $t2, $t3, -4
        PUT     slti_m5_m4, $t2         # 00000001
        slti    $t2, $t3, -5
        PUT     slti_m5_m5, $t2         # 00000000
        slti    $t2, $t3, -6
        PUT     slti_m5_m6, $t2         # 00000000
        slti    $t2, $t4, -32768
        PUT     slti_min, $t2           # 00000001
        slti    $t2, $t1, 0x7fff
        PUT     slti_pos, $t2           # 00000001
        sltiu   $t2, $t3, -1
        PUT     sltiu_sext_ffff, $t2    # 00000001
        sltiu   $t2, $t1, 15
        PUT     sltiu_15_15, $t2        # 00000000
        sltiu   $t2, $t1, 16
        PUT     sltiu_15_16, $t2        # 00000001
        sltiu   $t2, $t4, 0x7fff
        PUT     sltiu_min_7fff, $t2     # 00000000
        sltiu   $t2, $zero, 1
        PUT     sltiu_seqz, $t2         # 00000001
        sltiu   $t2, $t3, -32768
        PUT     sltiu_sext_8000, $t2    # 00000000
        sltiu   $t2, $t4, -32768
        PUT     sltiu_min_8000, $t2     # 00000001

        LI32    $t5, 0x12345678
        LI32    $t6, 0xf0f0ff00
        and     $t2, $t5, $t6
        PUT     and, $t2                # 10305600
        or      $t2, $t5, $t6
        PUT     or, $t2                 # f2f4ff78
        xor     $t2, $t5, $t6
        PUT     xor, $t2                # e2c4a978
        nor     $t2, $t5, $t6
        PUT     nor, $t2                # 0d0b0087
        nor     $t2, $zero, $zero
        PUT     nor_zero, $t2           # ffffffff
        andi    $t2, $t6, 0xff0f
        PUT     andi_zext, $t2          # 0000ff00
        andi    $t2, $t3, 0x8000
        PUT     andi_8000, $t2          # 00008000
        ori     $t2, $t5, 0x8001
        PUT     ori_zext, $t2           # 1234d679
        xori    $t2, $t3, 0xffff
        PUT     xori_zext, $t2          # ffff0004
        xori    $t2, $t5, 0
        PUT     xori_zero, $t2          # 12345678
        lui     $t2, 0x8001
        PUT     lui_8001, $t2           # 80010000
        lui     $t2, 0xffff
        PUT     lui_ffff, $t2           # ffff0000
        lui     $t2, 0
        PUT     lui_0, $t2              # 00000000

        addiu   $zero, $t1, 5           /* writes to $zero are discarded */
        lui     $zero, 0x1234
        PUT     zero_reg, $zero         # 00000000
        END_MAIN
