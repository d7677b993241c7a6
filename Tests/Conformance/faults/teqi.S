/* teqi: TEQI fires: -1 == sext(0xffff). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, -1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        teqi    $t0, -1
        PUT     after_fault, $s0        # -
        END_MAIN
