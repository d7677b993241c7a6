/* tltu: TLTU fires: 1 < 0xffffffff unsigned. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 1
        addiu   $t1, $zero, -1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        tltu    $t0, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
