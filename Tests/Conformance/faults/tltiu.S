/* tltiu: TLTIU fires: 5 < sext(0xffff) = 0xffffffff unsigned. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 5
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tltiu   $t0, -1
        PUT     after_fault, $s0        # -
        END_MAIN
