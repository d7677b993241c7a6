/* stdlib.h — zkMIPS guest libc (freestanding subset). */
#ifndef ZK_STDLIB_H
#define ZK_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

/* Heap: a bump allocator over brk. Blocks are 8-byte aligned. free() only reclaims the
   most recently allocated block; realloc() grows that block in place, otherwise it
   copies. All return NULL (errno = ENOMEM) when brk refuses to grow. */
void *malloc(size_t n);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);
void *aligned_alloc(size_t align, size_t n);

/* exit flushes stdout and runs atexit handlers; abort flushes stdout and exits with
   status 134 (what a shell reports for SIGABRT) — there are no signals in the guest. */
__attribute__((noreturn)) void exit(int code);
__attribute__((noreturn)) void _Exit(int code);
__attribute__((noreturn)) void abort(void);
int atexit(void (*fn)(void));

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end, int base);

int abs(int x);
long labs(long x);
long long llabs(long long x);

/* Deterministic pseudo-random numbers (same sequence on every run). */
int rand(void);
void srand(unsigned seed);

void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*cmp)(const void *, const void *));

char *getenv(const char *name);

#ifdef __cplusplus
}
#endif

#endif
