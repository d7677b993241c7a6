/* reserved_special: SPECIAL with function field 0x28, reserved in MIPS32 Release 2. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        .word   0x00000028
        PUT     after_fault, $s0        # -
        END_MAIN
