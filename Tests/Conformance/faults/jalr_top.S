/* jalr_top: JALR to 0xfffffffc (the last word of the address space; the fault is on instruction fetch, after the delay slot). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        LI32    $t0, 0xfffffffc
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        jalr    $t0
        nop
        PUT     after_fault, $s0        # -
        END_MAIN
