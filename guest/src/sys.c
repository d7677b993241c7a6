/*
 * Process start and end, the zk_* I/O API and POSIX-style syscall wrappers.
 */
#define ZK_LIBC_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zkmips.h>

#include "internal.h"

int errno;
char **__zk_environ;

int main(int argc, char **argv, char **envp);

/* ---- start and exit -------------------------------------------------------------- */

extern void (*const __init_array_start[])(void);
extern void (*const __init_array_end[])(void);

/* Called by __start (start.S) with the values it found on the initial stack. */
__attribute__((noreturn, used)) void __zk_start_c(int argc, char **argv, char **envp) {
  __zk_environ = envp;
  for (void (*const *f)(void) = __init_array_start; f < __init_array_end; f++) (*f)();
  exit(main(argc, argv, envp));
}

__attribute__((noreturn)) void _exit(int code) {
  for (;;) zk_syscall1(ZK_SYS_exit_group, code);
}

__attribute__((noreturn)) void _Exit(int code) { _exit(code); }

#define ZK_ATEXIT_MAX 32
static void (*atexit_fns[ZK_ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void)) {
  if (atexit_count == ZK_ATEXIT_MAX) return -1;
  atexit_fns[atexit_count++] = fn;
  return 0;
}

__attribute__((noreturn)) void exit(int code) {
  while (atexit_count > 0) atexit_fns[--atexit_count]();
  __zk_flush_all();
  _exit(code);
}

__attribute__((noreturn)) void zk_exit(int code) {
  __zk_flush_all();
  _exit(code);
}

/* There are no signals in the guest machine, so abort() cannot raise SIGABRT; it ends
   the program with the status a shell would report for SIGABRT (128 + 6). Buffered
   stdout is flushed so the output before the failure is not lost. */
__attribute__((noreturn)) void abort(void) {
  __zk_flush_all();
  _exit(134);
}

__attribute__((noreturn)) void __zk_assert_fail(const char *expr, const char *file, int line,
                                                const char *func) {
  fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
  abort();
}

char *getenv(const char *name) {
  size_t n = strlen(name);
  if (!__zk_environ) return NULL;
  for (char **e = __zk_environ; *e; e++)
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return NULL;
}

/* ---- POSIX-style wrappers ---------------------------------------------------------- */

static long set_errno(long r) {
  if (r < 0 && r > -4096) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

ssize_t read(int fd, void *buf, size_t n) {
  return set_errno(zk_syscall3(ZK_SYS_read, fd, (long)buf, (long)n));
}

ssize_t write(int fd, const void *buf, size_t n) {
  return set_errno(zk_syscall3(ZK_SYS_write, fd, (long)buf, (long)n));
}

/* ---- zk_* I/O ----------------------------------------------------------------------- */

size_t zk_read_fd(int fd, void *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    long r = zk_syscall3(ZK_SYS_read, fd, (long)((char *)buf + done), (long)(n - done));
    if (r <= 0) break; /* 0: end of stream; < 0: error (e.g. EBADF: fd 3 not open) */
    done += (size_t)r;
  }
  return done;
}

size_t zk_write_fd(int fd, const void *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    long r = zk_syscall3(ZK_SYS_write, fd, (long)((const char *)buf + done), (long)(n - done));
    if (r <= 0) break;
    done += (size_t)r;
  }
  return done;
}

size_t zk_read_input(void *buf, size_t n) { return zk_read_fd(ZK_FD_INPUT, buf, n); }
size_t zk_read_hint(void *buf, size_t n) { return zk_read_fd(ZK_FD_HINTS, buf, n); }

/* Reads a whole stream into a growing heap buffer, doubling its size as needed. */
static uint8_t *read_all(int fd, size_t *len) {
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap + 1);
  if (!buf) return NULL;
  for (;;) {
    if (n == cap) {
      if (cap > (size_t)-1 / 4) goto oom;
      uint8_t *bigger = realloc(buf, 2 * cap + 1);
      if (!bigger) goto oom;
      buf = bigger;
      cap *= 2;
    }
    long r = zk_syscall3(ZK_SYS_read, fd, (long)(buf + n), (long)(cap - n));
    if (r <= 0) break;
    n += (size_t)r;
  }
  buf[n] = 0;
  if (len) *len = n;
  return buf;
oom:
  free(buf);
  return NULL;
}

uint8_t *zk_read_input_all(size_t *len) { return read_all(ZK_FD_INPUT, len); }
uint8_t *zk_read_hint_all(size_t *len) { return read_all(ZK_FD_HINTS, len); }

void zk_write_output(const void *buf, size_t n) {
  fflush(stdout);
  zk_write_fd(ZK_FD_OUTPUT, buf, n);
}
