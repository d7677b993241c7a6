/* rdhwr_tls: RDHWR $29 (UserLocal, the TLS pointer glibc reads) and set_thread_area
   (4283), which sets it. Needed for glibc static binaries (DESIGN.md roadmap step 7); an
   executor without them yet can skip this program. */
#include "conf.h"
        BEGIN_MAIN
        .set    push
        .set    mips32r2
        rdhwr   $t0, $29
        PUT     tls_initial, $t0        # 00000000
        LI32    $a0, 0x12347008
        addiu   $v0, $zero, 4283        /* set_thread_area(0x12347008) */
        syscall
        PUT     set_thread_area_ret, $v0 # 00000000
        PUT     set_thread_area_a3, $a3 # 00000000
        rdhwr   $t1, $29
        PUT     tls_after_set, $t1      # 12347008
        .set    pop
        END_MAIN
