/* tgei: TGEI fires: 5 >= -3. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 5
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tgei    $t0, -3
        PUT     after_fault, $s0        # -
        END_MAIN
