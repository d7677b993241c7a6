/* tgeiu: TGEIU fires: 0xffffffff >= sext(0x8000) = 0xffff8000 unsigned. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, -1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tgeiu   $t0, -32768
        PUT     after_fault, $s0        # -
        END_MAIN
