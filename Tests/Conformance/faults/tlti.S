/* tlti: TLTI fires: INT_MIN < 0. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x80000000
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tlti    $t0, 0
        PUT     after_fault, $s0        # -
        END_MAIN
