/* tlt: TLT fires: -1 < 1 signed. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, -1
        addiu   $t1, $zero, 1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tlt     $t0, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
