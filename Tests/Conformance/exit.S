/* exit: ends the program with exit(7) (4001); the status is 7. */
#include "conf.h"
        BEGIN_MAIN
        addiu   $t0, $zero, 7
        PUT     exiting_with, $t0       # 00000007
        addiu   $a0, $zero, 7
        addiu   $v0, $zero, 4001
        syscall
        PUT     not_reached, $zero      # -
        END_MAIN
