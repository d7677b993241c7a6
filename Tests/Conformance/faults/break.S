/* break: BREAK (code 0). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        break
        PUT     after_fault, $s0        # -
        END_MAIN
