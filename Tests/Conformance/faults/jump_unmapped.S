/* jump_unmapped: JR to unmapped address 0x10 (the fault is on instruction fetch). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 0x10
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        jr      $t0
        nop
        PUT     after_fault, $s0        # -
        END_MAIN
