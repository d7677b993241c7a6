/* traps: every trap instruction with operands that do NOT trigger it. $t0 counts the
   traps passed; each line shows the running count (a fired trap would end the program:
   see faults/ for those). The edge cases catch sign- vs zero-extension and signed vs
   unsigned comparison mix-ups. */
#include "conf.h"
        BEGIN_MAIN
        move    $t0, $zero
        addiu   $s0, $zero, 1
        addiu   $s1, $zero, -1
        addiu   $s2, $zero, -5
        LI32    $s3, 0x80000000
        ori     $s4, $zero, 0xffff
        addiu   $s5, $zero, -2          /* 0xfffffffe */
        LI32    $s6, 0xffff8000

        teq     $s0, $s1                /* 1 == -1? no */
        addiu   $t0, $t0, 1
        PUT     teq_unequal, $t0        # 00000001
        teq     $s0, $zero, 7           /* the code field (7 = divide by zero) */
        addiu   $t0, $t0, 1
        PUT     teq_code7, $t0          # 00000002
        tne     $s1, $s1                /* -1 != -1? no */
        addiu   $t0, $t0, 1
        PUT     tne_equal, $t0          # 00000003
        tge     $s1, $s0                /* -1 >= 1 signed? no (unsigned it would be) */
        addiu   $t0, $t0, 1
        PUT     tge_signed, $t0         # 00000004
        tge     $s3, $s1                /* INT_MIN >= -1? no */
        addiu   $t0, $t0, 1
        PUT     tge_min, $t0            # 00000005
        tgeu    $s0, $s1                /* 1 >= 0xffffffff unsigned? no */
        addiu   $t0, $t0, 1
        PUT     tgeu_unsigned, $t0      # 00000006
        tlt     $s0, $s1                /* 1 < -1 signed? no */
        addiu   $t0, $t0, 1
        PUT     tlt_signed, $t0         # 00000007
        tlt     $s1, $s1                /* equal: no */
        addiu   $t0, $t0, 1
        PUT     tlt_equal, $t0          # 00000008
        tltu    $s1, $s0                /* 0xffffffff < 1 unsigned? no */
        addiu   $t0, $t0, 1
        PUT     tltu_unsigned, $t0      # 00000009
        tltu    $s3, $s3                /* equal: no */
        addiu   $t0, $t0, 1
        PUT     tltu_equal, $t0         # 0000000a

        teqi    $s4, -1                 /* 0x0000ffff == sext(0xffff) = 0xffffffff? no */
        addiu   $t0, $t0, 1
        PUT     teqi_sext, $t0          # 0000000b
        teqi    $zero, 1
        addiu   $t0, $t0, 1
        PUT     teqi_zero, $t0          # 0000000c
        tnei    $s1, -1                 /* -1 != -1? no */
        addiu   $t0, $t0, 1
        PUT     tnei_equal, $t0         # 0000000d
        tnei    $s6, -32768             /* 0xffff8000 != sext(0x8000)? no */
        addiu   $t0, $t0, 1
        PUT     tnei_min_imm, $t0       # 0000000e
        tgei    $s2, -4                 /* -5 >= -4? no */
        addiu   $t0, $t0, 1
        PUT     tgei_neg, $t0           # 0000000f
        tgei    $s3, -32768             /* INT_MIN >= -32768? no */
        addiu   $t0, $t0, 1
        PUT     tgei_min, $t0           # 00000010
        tgeiu   $s5, -1                 /* 0xfffffffe >= 0xffffffff unsigned? no */
        addiu   $t0, $t0, 1
        PUT     tgeiu_sext, $t0         # 00000011
        tgeiu   $s0, 2                  /* 1 >= 2? no */
        addiu   $t0, $t0, 1
        PUT     tgeiu_small, $t0        # 00000012
        tlti    $s1, -1                 /* -1 < -1? no */
        addiu   $t0, $t0, 1
        PUT     tlti_equal, $t0         # 00000013
        tlti    $zero, -32768           /* 0 < -32768? no */
        addiu   $t0, $t0, 1
        PUT     tlti_min_imm, $t0       # 00000014
        tlti    $s0, 0                  /* 1 < 0? no */
        addiu   $t0, $t0, 1
        PUT     tlti_pos, $t0           # 00000015
        tltiu   $s1, -1                 /* 0xffffffff < 0xffffffff? no */
        addiu   $t0, $t0, 1
        PUT     tltiu_equal, $t0        # 00000016
        tltiu   $s3, 0x7fff             /* 0x80000000 < 0x7fff unsigned? no */
        addiu   $t0, $t0, 1
        PUT     tltiu_big, $t0          # 00000017
        tltiu   $s6, -32768             /* 0xffff8000 < 0xffff8000? no */
        addiu   $t0, $t0, 1
        PUT     tltiu_sext, $t0         # 00000018
        END_MAIN
