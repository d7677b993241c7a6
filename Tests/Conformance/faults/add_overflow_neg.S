/* add_overflow_neg: ADD overflow: INT_MIN + INT_MIN. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x80000000
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        add     $t2, $t0, $t0
        PUT     after_fault, $s0        # -
        END_MAIN
