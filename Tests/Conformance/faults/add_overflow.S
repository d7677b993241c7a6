/* add_overflow: ADD overflow: 0x7fffffff + 1 (signed) raises Integer Overflow. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x7fffffff
        addiu   $t1, $zero, 1
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        add     $t2, $t0, $t1
        PUT     after_fault, $s0        # -
        END_MAIN
