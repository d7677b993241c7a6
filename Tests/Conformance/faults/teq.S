/* teq: TEQ fires: 5 == 5 (code 0). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 5
        addiu   $t1, $zero, 5
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        teq     $t0, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
