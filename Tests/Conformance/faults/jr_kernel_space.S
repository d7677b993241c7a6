/* jr_kernel_space: JR to 0x80000000 (kernel segment, at or above the address ceiling; the fault is on instruction fetch, after the delay slot). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0x80000000
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        jr      $t0
        nop
        PUT     after_fault, $s0        # -
        END_MAIN
