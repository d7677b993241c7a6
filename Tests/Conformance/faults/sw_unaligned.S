/* sw_unaligned: SW to an address that is 1 mod 4. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $sp, -7
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        sw      $zero, 0($t0)
        PUT     after_fault, $s0        # -
        END_MAIN
