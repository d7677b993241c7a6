/* reserved_special3: SPECIAL3 function 0x01 (DEXTM, a MIPS64 instruction), reserved on MIPS32. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        .word   0x7c000001
        PUT     after_fault, $s0        # -
        END_MAIN
