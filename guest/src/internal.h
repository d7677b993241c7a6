/* Private declarations shared by the guest libc sources (not installed for users). */
#ifndef ZK_INTERNAL_H
#define ZK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct zk_file {
  int fd;
  int flags;          /* ZK_F_* below */
  unsigned char *buf; /* output: pending bytes; input: read-ahead */
  size_t cap;         /* size of buf */
  size_t len;         /* output: bytes pending; input: bytes valid in buf */
  size_t pos;         /* input: next byte to hand out */
};

#define ZK_F_READ 1
#define ZK_F_WRITE 2
#define ZK_F_EOF 4
#define ZK_F_ERR 8
#define ZK_F_FLUSH_EACH_CALL 16 /* stderr: flushed at the end of every stdio call */

/* Flushes stdout and stderr; safe to call at any time (used by exit, abort, zk_exit). */
void __zk_flush_all(void);

/* Emits n bytes to a FILE's buffer (no end-of-call flush). Returns 0 or -1. */
int __zk_file_put(struct zk_file *f, const char *s, size_t n);

/* Ends a stdio call on f: flushes if the stream asks for it (stderr). */
void __zk_file_end_call(struct zk_file *f);

/* The formatter behind every printf variant: calls emit(ctx, s, n) for each piece of
   output and returns the total length (int, like printf). */
typedef void (*zk_emit_fn)(void *ctx, const char *s, size_t n);
int __zk_format(zk_emit_fn emit, void *ctx, const char *fmt, __builtin_va_list ap);

extern char **__zk_environ;

#endif
