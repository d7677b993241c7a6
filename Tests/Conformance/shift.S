/* shift: SLL SRL SRA SLLV SRLV SRAV ROTR ROTRV by 0, 1, 4, 31 and by register values of
   32 and more (only the low 5 bits count). x = 0x87654321 (negative), y = 0x7654321f. */
#include "conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x87654321
        LI32    $t1, 0x7654321f

        sll     $t2, $t0, 0
        PUT     sll_0, $t2              # 87654321
        sll     $t2, $t0, 1
        PUT     sll_1, $t2              # 0eca8642
        sll     $t2, $t0, 4
        PUT     sll_4, $t2              # 76543210
        sll     $t2, $t0, 31
        PUT     sll_31, $t2             # 80000000
        sll     $t2, $t1, 31
        PUT     sll_31_y, $t2           # 80000000
        srl     $t2, $t0, 0
        PUT     srl_0, $t2              # 87654321
        srl     $t2, $t0, 1
        PUT     srl_1, $t2              # 43b2a190
        srl     $t2, $t0, 4
        PUT     srl_4, $t2              # 08765432
        srl     $t2, $t0, 31
        PUT     srl_31, $t2             # 00000001
        sra     $t2, $t0, 0
        PUT     sra_0, $t2              # 87654321
        sra     $t2, $t0, 1
        PUT     sra_1, $t2              # c3b2a190
        sra     $t2, $t0, 4
        PUT     sra_4, $t2              # f8765432
        sra     $t2, $t0, 31
        PUT     sra_31, $t2             # ffffffff
        sra     $t2, $t1, 4
        PUT     sra_4_pos, $t2          # 07654321
        sra     $t2, $t1, 31
        PUT     sra_31_pos, $t2         # 00000000
        rotr    $t2, $t0, 0
        PUT     rotr_0, $t2             # 87654321
        rotr    $t2, $t0, 1
        PUT     rotr_1, $t2             # c3b2a190
        rotr    $t2, $t0, 4
        PUT     rotr_4, $t2             # 18765432
        rotr    $t2, $t0, 16
        PUT     rotr_16, $t2            # 43218765
        rotr    $t2, $t0, 31
        PUT     rotr_31, $t2            # 0eca8643

        /* variable shifts: amounts 0, 1, 31, 32, 33, 36, 35, -28 (low bits 4), -1 (31) */
        addiu   $s0, $zero, 0
        addiu   $s1, $zero, 1
        addiu   $s2, $zero, 31
        addiu   $s3, $zero, 32
        addiu   $s4, $zero, 33
        addiu   $s5, $zero, 36
        addiu   $s6, $zero, 35
        addiu   $s7, $zero, -28
        addiu   $t9, $zero, -1

        sllv    $t2, $t0, $s0
        PUT     sllv_0, $t2             # 87654321
        sllv    $t2, $t0, $s1
        PUT     sllv_1, $t2             # 0eca8642
        sllv    $t2, $t0, $s2
        PUT     sllv_31, $t2            # 80000000
        sllv    $t2, $t0, $s3
        PUT     sllv_32, $t2            # 87654321
        sllv    $t2, $t0, $s4
        PUT     sllv_33, $t2            # 0eca8642
        sllv    $t2, $t0, $s7
        PUT     sllv_m28, $t2           # 76543210
        sllv    $t2, $t0, $t9
        PUT     sllv_m1, $t2            # 80000000
        srlv    $t2, $t0, $s0
        PUT     srlv_0, $t2             # 87654321
        srlv    $t2, $t0, $s1
        PUT     srlv_1, $t2             # 43b2a190
        srlv    $t2, $t0, $s2
        PUT     srlv_31, $t2            # 00000001
        srlv    $t2, $t0, $s3
        PUT     srlv_32, $t2            # 87654321
        srlv    $t2, $t0, $s5
        PUT     srlv_36, $t2            # 08765432
        srlv    $t2, $t0, $t9
        PUT     srlv_m1, $t2            # 00000001
        srav    $t2, $t0, $s0
        PUT     srav_0, $t2             # 87654321
        srav    $t2, $t0, $s1
        PUT     srav_1, $t2             # c3b2a190
        srav    $t2, $t0, $s2
        PUT     srav_31, $t2            # ffffffff
        srav    $t2, $t0, $s3
        PUT     srav_32, $t2            # 87654321
        srav    $t2, $t0, $s6
        PUT     srav_35, $t2            # f0eca864
        srav    $t2, $t1, $s6
        PUT     srav_35_pos, $t2        # 0eca8643
        srav    $t2, $t0, $t9
        PUT     srav_m1, $t2            # ffffffff
        rotrv   $t2, $t0, $s0
        PUT     rotrv_0, $t2            # 87654321
        rotrv   $t2, $t0, $s1
        PUT     rotrv_1, $t2            # c3b2a190
        rotrv   $t2, $t0, $s2
        PUT     rotrv_31, $t2           # 0eca8643
        rotrv   $t2, $t0, $s3
        PUT     rotrv_32, $t2           # 87654321
        rotrv   $t2, $t0, $s4
        PUT     rotrv_33, $t2           # c3b2a190
        rotrv   $t2, $t0, $s7
        PUT     rotrv_m28, $t2          # 18765432
        rotrv   $t2, $t0, $t9
        PUT     rotrv_m1, $t2           # 0eca8643

        /* destination = shift-amount register: the old amount is used */
        addiu   $t3, $zero, 8
        sllv    $t3, $t0, $t3
        PUT     sllv_rd_is_rs, $t3      # 65432100
        addiu   $t3, $zero, 8
        rotrv   $t3, $t0, $t3
        PUT     rotrv_rd_is_rs, $t3     # 21876543
        /* in place */
        move    $t3, $t0
        sra     $t3, $t3, 8
        PUT     sra_in_place, $t3       # ff876543
        END_MAIN
