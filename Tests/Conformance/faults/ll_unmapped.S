/* ll_unmapped: LL from unmapped address 0x10. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 0x10
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        ll      $t1, 0($t0)
        PUT     after_fault, $s0        # -
        END_MAIN
