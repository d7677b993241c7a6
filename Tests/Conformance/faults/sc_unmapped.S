/* sc_unmapped: SC to unmapped address 0 (qemu-mipsel compares the address with the LL
   address first, which starts at 0, so only address 0 reaches its store; see README.md note 6).
   Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        sc      $s0, 0($zero)
        PUT     after_fault, $s0        # -
        END_MAIN
