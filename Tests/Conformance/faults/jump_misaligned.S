/* jump_misaligned: JR to a mapped but misaligned address (main + 2). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        lui     $t0, %hi(main)
        addiu   $t0, $t0, %lo(main)
        addiu   $t0, $t0, 2
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        jr      $t0
        nop
        PUT     after_fault, $s0        # -
        END_MAIN
