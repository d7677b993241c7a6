/* teq_code7: TEQ with code 7 (BRK_DIVZERO), the divide-by-zero check clang emits. Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        move    $t0, $zero
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        teq     $t0, $zero, 7
        PUT     after_fault, $s0        # -
        END_MAIN
