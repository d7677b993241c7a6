/* sc_unaligned: SC to an address that is 1 mod 4, after an LL of the aligned word. Prints
   one line, then faults (Address Error). qemu-mipsel does not: an SC whose address is not
   the LL address fails there without touching memory (see README.md note 6), so a BREAK
   follows it and the status file says nonzero. */
#include "../conf.h"
        BEGIN_MAIN
        addiu   $t0, $sp, -8
        addiu   $s0, $zero, 1
        ll      $t1, 0($t0)
        PUT     before_fault, $s0       # 00000001
        sc      $t1, 1($t0)
        break
        PUT     after_fault, $s0        # -
        END_MAIN
