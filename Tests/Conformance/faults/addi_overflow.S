/* addi_overflow: ADDI overflow: INT_MIN + (-1). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x80000000
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        addi    $t2, $t0, -1
        PUT     after_fault, $s0        # -
        END_MAIN
