/* munmap_access: LW from a page that an anonymous mmap2 mapped and munmap unmapped.
   Prints one line, then faults. */
#include "../conf.h"
        BEGIN_MAIN
        move    $a0, $zero              /* mmap2(0, 4096, RW, PRIVATE | ANONYMOUS) */
        addiu   $a1, $zero, 4096
        addiu   $a2, $zero, 3
        addiu   $a3, $zero, 0x802
        addiu   $sp, $sp, -32
        sw      $zero, 16($sp)
        sw      $zero, 20($sp)
        addiu   $v0, $zero, 4210
        syscall
        addiu   $sp, $sp, 32
        move    $s1, $v0
        sw      $s1, 0($s1)             /* the page is mapped */
        move    $a0, $s1                /* munmap(page, 4096) */
        addiu   $a1, $zero, 4096
        addiu   $v0, $zero, 4091
        syscall
        addiu   $s0, $zero, 1
        PUT     before_fault, $s0       # 00000001
        lw      $t1, 0($s1)
        PUT     after_fault, $s0        # -
        END_MAIN
