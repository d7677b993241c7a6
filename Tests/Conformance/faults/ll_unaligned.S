/* ll_unaligned: LL from an address that is 2 mod 4 (the reservation is not set). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $sp, -6
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        ll      $t1, 0($t0)
        PUT     after_fault, $s0        # -
        END_MAIN
