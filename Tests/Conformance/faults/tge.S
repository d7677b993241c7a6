/* tge: TGE fires: -1 >= -1. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, -1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tge     $t0, $t0
        PUT     after_fault, $s0        # -
        END_MAIN
