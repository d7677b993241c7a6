/* exit_group: ends the program directly with exit_group(42) (4246); the status is 42. */
#include "conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 42
        PUT     exiting_with, $t0       # 0000002a
        addiu   $a0, $zero, 42
        addiu   $v0, $zero, 4246
        syscall
        PUT     not_reached, $zero      # -
        END_MAIN
