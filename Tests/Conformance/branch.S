/* branch: BEQ BNE BLEZ BGTZ BLTZ BGEZ BLTZAL BGEZAL BAL J JAL JR JALR, taken and not
   taken, each with a delay-slot instruction whose effect is visible.

   BRANCH name, insn ops...  runs `insn ops..., target` with $t0 = 0, where the delay slot
   sets bit 0, the fall-through path sets bit 1 and the target sets bit 2:
   00000005 = taken (delay slot ran, fall-through skipped), 00000007 = not taken.
   LINKBR also checks the link register: bit 4 is set when $ra = the address of the
   instruction after the delay slot (written even when the branch is not taken). */
#include "conf.h"

        BEGIN_MAIN
        move    $s0, $zero
        addiu   $s1, $zero, 1
        addiu   $s2, $zero, -1
        LI32    $s3, 0x80000000
        LI32    $s4, 0x7fffffff
        addiu   $s5, $zero, 5
        addiu   $s6, $zero, 5

        BRANCH  beq_taken, beq $s5, $s6         # 00000005
        BRANCH  beq_not_taken, beq $s5, $s1     # 00000007
        BRANCH  beq_zero_zero, beq $zero, $zero # 00000005
        BRANCH  bne_taken, bne $s5, $s1         # 00000005
        BRANCH  bne_not_taken, bne $s5, $s6     # 00000007
        BRANCH  bne_sign_only, bne $s3, $zero   # 00000005
        BRANCH  blez_zero, blez $s0             # 00000005
        BRANCH  blez_neg, blez $s2              # 00000005
        BRANCH  blez_min, blez $s3              # 00000005
        BRANCH  blez_pos, blez $s1              # 00000007
        BRANCH  blez_max, blez $s4              # 00000007
        BRANCH  bgtz_pos, bgtz $s1              # 00000005
        BRANCH  bgtz_max, bgtz $s4              # 00000005
        BRANCH  bgtz_zero, bgtz $s0             # 00000007
        BRANCH  bgtz_neg, bgtz $s2              # 00000007
        BRANCH  bgtz_min, bgtz $s3              # 00000007
        BRANCH  bltz_neg, bltz $s2              # 00000005
        BRANCH  bltz_min, bltz $s3              # 00000005
        BRANCH  bltz_zero, bltz $s0             # 00000007
        BRANCH  bltz_max, bltz $s4              # 00000007
        BRANCH  bgez_zero, bgez $s0             # 00000005
        BRANCH  bgez_pos, bgez $s1              # 00000005
        BRANCH  bgez_neg, bgez $s2              # 00000007
        BRANCH  bgez_min, bgez $s3              # 00000007
        LINKBR  bltzal_taken, bltzal $s2        # 00000015
        LINKBR  bltzal_not_taken, bltzal $s1    # 00000017
        LINKBR  bltzal_zero, bltzal $s0         # 00000017
        LINKBR  bgezal_taken, bgezal $s0        # 00000015
        LINKBR  bgezal_not_taken, bgezal $s3    # 00000017
        LINKBR  bgezal_zero, bgezal $zero       # 00000015

        /* the comparison uses the register values before the delay slot runs */
        addiu   $t3, $zero, 3
        addiu   $t4, $zero, 3
        BRANCH  beq_delay_changes_rs, beq $t3, $t4 # 00000005
        addiu   $t3, $zero, 3
        move    $t0, $zero
        beq     $t3, $t4, 1f
        addiu   $t3, $t3, 1             /* delay slot changes the compared register */
        ori     $t0, $t0, 2
1:      PUT     delay_wrote_rs, $t3     # 00000004
        PUT     delay_path, $t0         # 00000000

        /* a backward branch: the delay slot runs on every iteration, the last included */
        move    $t0, $zero
        addiu   $t1, $zero, 5
2:      addiu   $t1, $t1, -1
        bne     $t1, $zero, 2b
        addiu   $t0, $t0, 1
        PUT     loop_delay_count, $t0   # 00000005

        /* J */
        move    $t0, $zero
        j       3f
        ori     $t0, $t0, 1
        ori     $t0, $t0, 2
3:      ori     $t0, $t0, 4
        PUT     j, $t0                  # 00000005

        /* JR, including a delay slot that overwrites the jump register */
        move    $t0, $zero
        lui     $t9, %hi(4f)
        addiu   $t9, $t9, %lo(4f)
        jr      $t9
        move    $t9, $zero
        ori     $t0, $t0, 2
4:      ori     $t0, $t0, 4
        PUT     jr, $t0                 # 00000004
        PUT     jr_delay_wrote, $t9     # 00000000

        /* JAL to a subroutine: delay slot (1), subroutine body (2) and its delay slot (4),
           then the instruction after our delay slot (8). The delay slot already sees the
           new $ra. */
        move    $t0, $zero
        lui     $t1, %hi(5f)
        addiu   $t1, $t1, %lo(5f)
        jal     sub_jr_ra
        move    $t3, $ra                /* delay slot reads the link */
5:      ori     $t0, $t0, 8
        PUT     jal, $t0                # 0000000e
        subu    $t2, $t3, $t1
        PUT     jal_link_minus_ret, $t2 # 00000000

        /* JALR with the default link register and with rd = $t5 */
        move    $t0, $zero
        lui     $t9, %hi(sub_jr_ra)
        addiu   $t9, $t9, %lo(sub_jr_ra)
        lui     $t1, %hi(6f)
        addiu   $t1, $t1, %lo(6f)
        jalr    $t9
        ori     $t0, $t0, 1
6:      ori     $t0, $t0, 8
        PUT     jalr, $t0               # 0000000f
        subu    $t2, $ra, $t1
        PUT     jalr_link_minus_ret, $t2 # 00000000
        move    $t0, $zero
        lui     $t9, %hi(sub_jr_t5)
        addiu   $t9, $t9, %lo(sub_jr_t5)
        lui     $t1, %hi(7f)
        addiu   $t1, $t1, %lo(7f)
        jalr    $t5, $t9
        ori     $t0, $t0, 1
7:      ori     $t0, $t0, 8
        PUT     jalr_rd, $t0            # 0000000f
        subu    $t2, $t5, $t1
        PUT     jalr_rd_link_minus_ret, $t2 # 00000000

        /* BAL / BGEZAL to a subroutine and back */
        move    $t0, $zero
        bal     sub_jr_ra
        ori     $t0, $t0, 1
        ori     $t0, $t0, 8
        PUT     bal_call, $t0           # 0000000f
        move    $t0, $zero
        bltzal  $s2, sub_jr_ra
        ori     $t0, $t0, 1
        ori     $t0, $t0, 8
        PUT     bltzal_call, $t0        # 0000000f
        END_MAIN

/* Subroutines used above: set bit 1 in the body, bit 2 in the return's delay slot. */
        .type   sub_jr_ra, @function
sub_jr_ra:
        ori     $t0, $t0, 2
        jr      $ra
        ori     $t0, $t0, 4
        .size   sub_jr_ra, . - sub_jr_ra

        .type   sub_jr_t5, @function
sub_jr_t5:
        ori     $t0, $t0, 2
        jr      $t5
        ori     $t0, $t0, 4
        .size   sub_jr_t5, . - sub_jr_t5
