/* branch_likely: BEQL BNEL BLEZL BGTZL BLTZL BGEZL and BLTZALL BGEZALL. Taken: the delay
   slot runs (00000005, or 00000015 with a correct link). Not taken: the delay slot is
   nullified, so bit 0 stays clear (00000006; 00000016 — the link is written anyway).
   BRANCH/LINKBR are in conf.h. */
#include "conf.h"

        BEGIN_MAIN
        move    $s0, $zero
        addiu   $s1, $zero, 1
        addiu   $s2, $zero, -1
        LI32    $s3, 0x80000000
        LI32    $s4, 0x7fffffff
        addiu   $s5, $zero, 5
        addiu   $s6, $zero, 5

        BRANCH  beql_taken, beql $s5, $s6       # 00000005
        BRANCH  beql_not_taken, beql $s5, $s1   # 00000006
        BRANCH  bnel_taken, bnel $s5, $s1       # 00000005
        BRANCH  bnel_not_taken, bnel $s5, $s6   # 00000006
        BRANCH  blezl_zero, blezl $s0           # 00000005
        BRANCH  blezl_min, blezl $s3            # 00000005
        BRANCH  blezl_pos, blezl $s1            # 00000006
        BRANCH  bgtzl_pos, bgtzl $s1            # 00000005
        BRANCH  bgtzl_zero, bgtzl $s0           # 00000006
        BRANCH  bgtzl_neg, bgtzl $s2            # 00000006
        BRANCH  bltzl_neg, bltzl $s2            # 00000005
        BRANCH  bltzl_zero, bltzl $s0           # 00000006
        BRANCH  bltzl_max, bltzl $s4            # 00000006
        BRANCH  bgezl_zero, bgezl $s0           # 00000005
        BRANCH  bgezl_max, bgezl $s4            # 00000005
        BRANCH  bgezl_min, bgezl $s3            # 00000006
        LINKBR  bltzall_taken, bltzall $s3      # 00000015
        LINKBR  bltzall_not_taken, bltzall $s0  # 00000016
        LINKBR  bgezall_taken, bgezall $s1      # 00000015
        LINKBR  bgezall_not_taken, bgezall $s2  # 00000016

        /* A nullified delay slot leaves its destination unchanged. */
        addiu   $t3, $zero, 0x55
        bnel    $s5, $s6, 1f
        addiu   $t3, $t3, 1             /* nullified: not taken */
1:      PUT     nullified_unchanged, $t3 # 00000055
        beql    $s5, $s6, 2f
        addiu   $t3, $t3, 1             /* executed: taken */
2:      PUT     likely_slot_ran, $t3    # 00000056
        /* A nullified store does not reach memory. */
        addiu   $sp, $sp, -8
        sw      $zero, 0($sp)
        bgtzl   $s2, 3f
        sw      $s5, 0($sp)             /* nullified */
3:      lw      $t4, 0($sp)
        addiu   $sp, $sp, 8
        PUT     nullified_store, $t4    # 00000000
        /* Likely loop: the delay slot runs on every taken iteration only. */
        move    $t0, $zero
        addiu   $t1, $zero, 4
4:      addiu   $t1, $t1, -1
        bnel    $t1, $zero, 4b
        addiu   $t0, $t0, 1
        PUT     likely_loop_count, $t0  # 00000003
        END_MAIN
