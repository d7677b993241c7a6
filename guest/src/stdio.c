/*
 * stdin / stdout / stderr streams and the printf family's front ends.
 *
 * stdout is fully buffered: a zkVM pays per executed instruction, and one write syscall
 * for a whole screen of output is cheaper than one per line. It is flushed when the
 * buffer fills, by fflush, and on every exit path (exit, return from main, abort,
 * zk_exit, failed assert) and before zk_write_output. Output written before a machine
 * fault (e.g. a bad load) is lost unless the program flushed it.
 */
#define ZK_LIBC_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zkmips.h>

#include "internal.h"

static unsigned char stdout_buf[BUFSIZ];
static unsigned char stderr_buf[256];
static unsigned char stdin_buf[BUFSIZ];

static struct zk_file zk_stdin = {0, ZK_F_READ, stdin_buf, sizeof stdin_buf, 0, 0};
static struct zk_file zk_stdout = {1, ZK_F_WRITE, stdout_buf, sizeof stdout_buf, 0, 0};
static struct zk_file zk_stderr = {2, ZK_F_WRITE | ZK_F_FLUSH_EACH_CALL, stderr_buf,
                                   sizeof stderr_buf, 0, 0};

FILE *const stdin = &zk_stdin;
FILE *const stdout = &zk_stdout;
FILE *const stderr = &zk_stderr;

/* ---- output ----------------------------------------------------------------------- */

static int flush_file(struct zk_file *f) {
  if (!(f->flags & ZK_F_WRITE) || f->len == 0) return 0;
  size_t n = f->len;
  f->len = 0;
  if (zk_write_fd(f->fd, f->buf, n) != n) {
    f->flags |= ZK_F_ERR;
    return EOF;
  }
  return 0;
}

int __zk_file_put(struct zk_file *f, const char *s, size_t n) {
  if (!(f->flags & ZK_F_WRITE)) return -1;
  if (n > f->cap - f->len) {
    if (flush_file(f) != 0) return -1;
    if (n >= f->cap) /* too big to buffer: write straight through */
      return zk_write_fd(f->fd, s, n) == n ? 0 : (f->flags |= ZK_F_ERR, -1);
  }
  memcpy(f->buf + f->len, s, n);
  f->len += n;
  return 0;
}

void __zk_file_end_call(struct zk_file *f) {
  if (f->flags & ZK_F_FLUSH_EACH_CALL) flush_file(f);
}

void __zk_flush_all(void) {
  flush_file(&zk_stdout);
  flush_file(&zk_stderr);
}

int fflush(FILE *f) {
  if (!f) {
    int a = flush_file(&zk_stdout), b = flush_file(&zk_stderr);
    return a | b;
  }
  return flush_file(f);
}

int fputc(int c, FILE *f) {
  char ch = (char)c;
  int r = __zk_file_put(f, &ch, 1);
  __zk_file_end_call(f);
  return r == 0 ? (unsigned char)ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *restrict s, FILE *restrict f) {
  int r = __zk_file_put(f, s, strlen(s));
  __zk_file_end_call(f);
  return r == 0 ? 1 : EOF;
}

int puts(const char *s) {
  int r = __zk_file_put(stdout, s, strlen(s));
  if (r == 0) r = __zk_file_put(stdout, "\n", 1);
  return r == 0 ? 1 : EOF;
}

size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *restrict f) {
  size_t n;
  if (size == 0 || count == 0) return 0;
  if (__builtin_mul_overflow(size, count, &n)) return 0;
  int r = __zk_file_put(f, p, n);
  __zk_file_end_call(f);
  return r == 0 ? count : 0;
}

/* ---- printf front ends -------------------------------------------------------------- */

static void emit_file(void *ctx, const char *s, size_t n) { __zk_file_put(ctx, s, n); }

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) {
  int n = __zk_format(emit_file, f, fmt, ap);
  __zk_file_end_call(f);
  return (f->flags & ZK_F_ERR) ? -1 : n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int vprintf(const char *restrict fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int eprintf(const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stderr, fmt, ap);
  va_end(ap);
  return n;
}

/* dprintf writes to a raw fd through a small stack buffer (flushing stdout first when
   fd is 1, so the output stays in order). */
struct fd_sink {
  int fd;
  size_t len;
  char buf[128];
};

static void emit_fd(void *ctx, const char *s, size_t n) {
  struct fd_sink *k = ctx;
  if (n > sizeof k->buf - k->len) {
    zk_write_fd(k->fd, k->buf, k->len);
    k->len = 0;
    if (n > sizeof k->buf) {
      zk_write_fd(k->fd, s, n);
      return;
    }
  }
  memcpy(k->buf + k->len, s, n);
  k->len += n;
}

int vdprintf(int fd, const char *restrict fmt, va_list ap) {
  struct fd_sink k = {fd, 0, {0}};
  if (fd == 1) fflush(stdout);
  if (fd == 2) fflush(stderr);
  int n = __zk_format(emit_fd, &k, fmt, ap);
  zk_write_fd(fd, k.buf, k.len);
  return n;
}

int dprintf(int fd, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vdprintf(fd, fmt, ap);
  va_end(ap);
  return n;
}

/* ---- input --------------------------------------------------------------------------- */

static int refill(struct zk_file *f) {
  if (!(f->flags & ZK_F_READ) || (f->flags & (ZK_F_EOF | ZK_F_ERR))) return EOF;
  if (f->fd == 0) fflush(stdout); /* interactive use: show the prompt first */
  long r = zk_syscall3(ZK_SYS_read, f->fd, (long)f->buf, (long)f->cap);
  if (r <= 0) {
    f->flags |= r == 0 ? ZK_F_EOF : ZK_F_ERR;
    return EOF;
  }
  f->pos = 0;
  f->len = (size_t)r;
  return 0;
}

int fgetc(FILE *f) {
  if (f->pos == f->len && refill(f) != 0) return EOF;
  return f->buf[f->pos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

char *fgets(char *restrict s, int n, FILE *restrict f) {
  int i = 0;
  if (n <= 0) return NULL;
  while (i < n - 1) {
    int c = fgetc(f);
    if (c == EOF) break;
    s[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0) return NULL;
  s[i] = 0;
  return s;
}

size_t fread(void *restrict p, size_t size, size_t count, FILE *restrict f) {
  size_t n, done = 0;
  unsigned char *d = p;
  if (size == 0 || count == 0 || __builtin_mul_overflow(size, count, &n)) return 0;
  while (done < n) {
    if (f->pos == f->len && refill(f) != 0) break;
    size_t k = f->len - f->pos;
    if (k > n - done) k = n - done;
    memcpy(d + done, f->buf + f->pos, k);
    f->pos += k;
    done += k;
  }
  return done / size;
}

int feof(FILE *f) { return (f->flags & ZK_F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & ZK_F_ERR) != 0; }
