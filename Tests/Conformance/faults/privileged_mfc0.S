/* privileged_mfc0: MFC0 from user mode (Coprocessor Unusable). Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        mfc0    $t0, $12
        PUT     after_fault, $s0        # -
        END_MAIN
