/* sh_unaligned: SH to an odd address. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $sp, -7
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        sh      $zero, 0($t0)
        PUT     after_fault, $s0        # -
        END_MAIN
