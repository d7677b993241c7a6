/* sub_overflow_pos: SUB overflow: 0 - INT_MIN. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t1, 0x80000000
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        sub     $t2, $zero, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
