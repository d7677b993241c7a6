/* tne: TNE fires: 1 != 2. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 1
        addiu   $t1, $zero, 2
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tne     $t0, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
