/* bitfield: SEB SEH WSBH EXT INS (several pos/size, including 0/32 and 31/1), MOVN MOVZ. */
#include "conf.h"
        BEGIN_MAIN
        LI32    $s0, 0x1234c6f8
        LI32    $s1, 0x87650123
        LI32    $s2, 0x87654321
        LI32    $s3, 0x12345678

        seb     $t0, $s0
        PUT     seb_neg, $t0            # fffffff8
        seb     $t0, $s1
        PUT     seb_pos, $t0            # 00000023
        seh     $t0, $s0
        PUT     seh_neg, $t0            # ffffc6f8
        seh     $t0, $s1
        PUT     seh_pos, $t0            # 00000123
        LI32    $t1, 0x11223344
        wsbh    $t0, $t1
        PUT     wsbh_1, $t0             # 22114433
        wsbh    $t0, $s2
        PUT     wsbh_2, $t0             # 65872143
        wsbh    $t0, $s2                /* WSBH then ROTR 16 = full byte swap */
        rotr    $t0, $t0, 16
        PUT     bswap, $t0              # 21436587

        ext     $t0, $s2, 0, 8
        PUT     ext_0_8, $t0            # 00000021
        ext     $t0, $s2, 4, 8
        PUT     ext_4_8, $t0            # 00000032
        ext     $t0, $s2, 28, 4
        PUT     ext_28_4, $t0           # 00000008
        ext     $t0, $s2, 0, 32
        PUT     ext_0_32, $t0           # 87654321
        ext     $t0, $s2, 31, 1
        PUT     ext_31_1, $t0           # 00000001
        ext     $t0, $s2, 12, 16
        PUT     ext_12_16, $t0          # 00007654
        ext     $t0, $s2, 1, 31
        PUT     ext_1_31, $t0           # 43b2a190
        ext     $t0, $s2, 0, 1
        PUT     ext_0_1, $t0            # 00000001

        addiu   $t0, $zero, -1
        ins     $t0, $s3, 0, 8
        PUT     ins_0_8, $t0            # ffffff78
        addiu   $t0, $zero, -1
        ins     $t0, $s3, 4, 8
        PUT     ins_4_8, $t0            # fffff78f
        addiu   $t0, $zero, -1
        ins     $t0, $s3, 28, 4
        PUT     ins_28_4, $t0           # 8fffffff
        addiu   $t0, $zero, -1
        ins     $t0, $s3, 0, 32
        PUT     ins_0_32, $t0           # 12345678
        addiu   $t0, $zero, -1
        ins     $t0, $s3, 31, 1
        PUT     ins_31_1, $t0           # 7fffffff
        addiu   $t0, $zero, -1
        ins     $t0, $s3, 12, 16
        PUT     ins_12_16, $t0          # f5678fff
        addiu   $t0, $zero, -1
        ins     $t0, $s3, 8, 1
        PUT     ins_8_1, $t0            # fffffeff
        move    $t0, $zero
        ori     $t1, $zero, 0xabcd
        ins     $t0, $t1, 16, 8
        PUT     ins_16_8, $t0           # 00cd0000
        move    $t0, $s2
        ins     $t0, $zero, 4, 20
        PUT     ins_clear, $t0          # 87000001

        ori     $t1, $zero, 0x2222      /* source */
        move    $t2, $zero              /* condition 0 */
        addiu   $t3, $zero, 5           /* condition nonzero */
        LI32    $t4, 0x80000000         /* condition nonzero (only the sign bit) */
        ori     $t0, $zero, 0x1111
        movn    $t0, $t1, $t3
        PUT     movn_taken, $t0         # 00002222
        ori     $t0, $zero, 0x1111
        movn    $t0, $t1, $t2
        PUT     movn_not_taken, $t0     # 00001111
        ori     $t0, $zero, 0x1111
        movn    $t0, $t1, $t4
        PUT     movn_signbit, $t0       # 00002222
        ori     $t0, $zero, 0x1111
        movz    $t0, $t1, $t2
        PUT     movz_taken, $t0         # 00002222
        ori     $t0, $zero, 0x1111
        movz    $t0, $t1, $t3
        PUT     movz_not_taken, $t0     # 00001111
        ori     $t0, $zero, 0x1111
        movz    $t0, $t1, $t4
        PUT     movz_signbit, $t0       # 00001111
        END_MAIN
