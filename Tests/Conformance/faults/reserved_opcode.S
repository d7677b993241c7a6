/* reserved_opcode: primary opcode 0x3b, reserved in MIPS32 Release 2. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        .word   0xec000000
        PUT     after_fault, $s0        # -
        END_MAIN
