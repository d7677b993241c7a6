/* break_code7: BREAK with code 7 in the upper code field (the old divide-by-zero idiom). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        break   7
        PUT     after_fault, $s0        # -
        END_MAIN
