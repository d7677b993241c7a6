/*
 * zkmips.h — guest API for zkMIPS programs (MIPS32r2 little-endian, o32, static).
 *
 * I/O model (see DESIGN.md §1–2):
 *   fd 0  public input   (the verifier sees it; bound by the proof statement)
 *   fd 1  public output  (bound by the proof statement)
 *   fd 2  stderr         (not bound; diagnostics only)
 *   fd 3  private hints  (the prover's secret witness; read like a file)
 * A program that reads stdin and writes stdout runs unchanged under qemu-mipsel:
 *   qemu-mipsel prog.elf < input 3< hints
 * When fd 3 is not open (e.g. plain qemu without `3<`), the hint stream reads as empty.
 */
#ifndef ZKMIPS_H
#define ZKMIPS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZK_FD_INPUT  0
#define ZK_FD_OUTPUT 1
#define ZK_FD_STDERR 2
#define ZK_FD_HINTS  3

/* Linux o32 syscall numbers (4000 + n) implemented by the zkMIPS machine. */
#define ZK_SYS_exit       4001
#define ZK_SYS_read       4003
#define ZK_SYS_write      4004
#define ZK_SYS_brk        4045
#define ZK_SYS_mmap       4090
#define ZK_SYS_munmap     4091
#define ZK_SYS_mmap2      4210
#define ZK_SYS_exit_group 4246

/* ---- Public input / output ------------------------------------------------------ */

/* Reads up to n bytes of public input (fd 0) into buf, retrying short reads until n
   bytes or end of input. Returns the number of bytes read (< n only at end of input
   or on a read error). */
size_t zk_read_input(void *buf, size_t n);

/* Reads all remaining public input into a malloc'd buffer (one extra NUL byte is
   appended, not counted in *len, so text input can be used as a C string). Returns
   NULL only if memory runs out. *len may be NULL. */
uint8_t *zk_read_input_all(size_t *len);

/* Same as the two above, for the private hint stream (fd 3). A hint stream that is not
   open reads as empty. */
size_t zk_read_hint(void *buf, size_t n);
uint8_t *zk_read_hint_all(size_t *len);

/* Writes n bytes of public output (fd 1). Any text buffered by printf/puts is flushed
   first so the output stays in program order. */
void zk_write_output(const void *buf, size_t n);

/* Flushes buffered stdout and ends the program with exit_group(code). */
__attribute__((noreturn)) void zk_exit(int code);

/* Reads up to n bytes from / writes n bytes to any fd, retrying short transfers.
   Return the byte count transferred (short only at EOF or on error). */
size_t zk_read_fd(int fd, void *buf, size_t n);
size_t zk_write_fd(int fd, const void *buf, size_t n);

/* ---- Raw syscalls ----------------------------------------------------------------- */
/*
 * o32 convention: number in $v0, arguments in $a0–$a3, arguments 5 and 6 at 16($sp)
 * and 20($sp) of the caller's frame, `syscall`; result in $v0, and $a3 != 0 marks an
 * error, with $v0 holding the positive errno. These wrappers return the result, or
 * -errno on error (like the Linux kernel-internal convention), e.g. -89 for ENOSYS.
 * The clobber list is the conservative one used by musl for o32.
 */
#define ZK_SYSCALL_CLOBBERS \
  "$1", "$3", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory"

static inline long zk_syscall_result(long v0, long a3) { return a3 ? -v0 : v0; }

static inline long zk_syscall0(long n) {
  register long v0 __asm__("$2") = n;
  register long a3 __asm__("$7");
  __asm__ __volatile__("syscall"
                       : "+r"(v0), "=r"(a3)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$4", "$5", "$6", "$8", "$9", "$10");
  return zk_syscall_result(v0, a3);
}

static inline long zk_syscall1(long n, long a) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a3 __asm__("$7");
  __asm__ __volatile__("syscall"
                       : "+r"(v0), "=r"(a3), "+r"(a0)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$5", "$6", "$8", "$9", "$10");
  return zk_syscall_result(v0, a3);
}

static inline long zk_syscall2(long n, long a, long b) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a3 __asm__("$7");
  __asm__ __volatile__("syscall"
                       : "+r"(v0), "=r"(a3), "+r"(a0), "+r"(a1)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$6", "$8", "$9", "$10");
  return zk_syscall_result(v0, a3);
}

static inline long zk_syscall3(long n, long a, long b, long c) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7");
  __asm__ __volatile__("syscall"
                       : "+r"(v0), "=r"(a3), "+r"(a0), "+r"(a1), "+r"(a2)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$8", "$9", "$10");
  return zk_syscall_result(v0, a3);
}

static inline long zk_syscall4(long n, long a, long b, long c, long d) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  __asm__ __volatile__("syscall"
                       : "+r"(v0), "+r"(a3), "+r"(a0), "+r"(a1), "+r"(a2)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$8", "$9", "$10");
  return zk_syscall_result(v0, a3);
}

/* Arguments 5 and 6 go on the stack: make a 32-byte frame (16 bytes of o32 argument
   save area, then the two words), store them at 16($sp)/20($sp), and pop afterwards. */
static inline long zk_syscall5(long n, long a, long b, long c, long d, long e) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  register long t0 __asm__("$8") = e;
  __asm__ __volatile__("addiu $sp, $sp, -32\n\t"
                       "sw $8, 16($sp)\n\t"
                       "syscall\n\t"
                       "addiu $sp, $sp, 32"
                       : "+r"(v0), "+r"(a3), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(t0)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$9", "$10");
  return zk_syscall_result(v0, a3);
}

static inline long zk_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  register long t0 __asm__("$8") = e;
  register long t1 __asm__("$9") = f;
  __asm__ __volatile__("addiu $sp, $sp, -32\n\t"
                       "sw $8, 16($sp)\n\t"
                       "sw $9, 20($sp)\n\t"
                       "syscall\n\t"
                       "addiu $sp, $sp, 32"
                       : "+r"(v0), "+r"(a3), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(t0),
                         "+r"(t1)
                       :
                       : ZK_SYSCALL_CLOBBERS, "$10");
  return zk_syscall_result(v0, a3);
}

#ifdef __cplusplus
}
#endif

#endif /* ZKMIPS_H */
