/* sub_overflow: SUB overflow: INT_MIN - 1. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x80000000
        addiu   $t1, $zero, 1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        sub     $t2, $t0, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
