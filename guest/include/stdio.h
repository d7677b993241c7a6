/* stdio.h — zkMIPS guest libc (freestanding subset, no files, no floating point).
 *
 * stdout is fully buffered (flushed by fflush, exit, abort, zk_exit and before
 * zk_write_output); stderr is flushed after every call; stdin is read through a buffer.
 * Formatting supports %d %i %u %x %X %o %c %s %p %% with flags - 0 + space #, width
 * and precision (also *), and length modifiers hh h l ll j z t. %f/%e/%g are not
 * supported (they print literally).
 */
#ifndef ZK_STDIO_H
#define ZK_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)
#define BUFSIZ 4096

typedef struct zk_file FILE;
extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;

#define ZK_PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *restrict fmt, ...) ZK_PRINTF(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) ZK_PRINTF(2, 3);
int eprintf(const char *restrict fmt, ...) ZK_PRINTF(1, 2); /* to stderr */
int dprintf(int fd, const char *restrict fmt, ...) ZK_PRINTF(2, 3);
int sprintf(char *restrict buf, const char *restrict fmt, ...) ZK_PRINTF(2, 3);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...) ZK_PRINTF(3, 4);
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vdprintf(int fd, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *restrict s, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *restrict f);
int fflush(FILE *f); /* f == NULL flushes stdout and stderr */

int getchar(void);
int fgetc(FILE *f);
int getc(FILE *f);
char *fgets(char *restrict s, int n, FILE *restrict f);
size_t fread(void *restrict p, size_t size, size_t count, FILE *restrict f);
int feof(FILE *f);
int ferror(FILE *f);

#ifdef __cplusplus
}
#endif

#endif
