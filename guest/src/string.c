/*
 * Memory and string functions.
 *
 * The guest libc is compiled with -ffreestanding (hence -fno-builtin), so the compiler
 * does not turn these loops back into calls to themselves. memcpy/memset move whole
 * words when they can: every executed instruction is a trace row in the prover, so
 * a 4x shorter loop matters.
 */
#define ZK_LIBC_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A 32-bit word at any alignment: clang accesses it with LWL/LWR or SWL/SWR. */
typedef struct __attribute__((packed, may_alias)) {
  uint32_t v;
} unaligned_u32;

typedef uint32_t __attribute__((may_alias)) alias_u32;

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (n >= 8) {
    /* Align the destination, then copy words (unaligned loads if src is misaligned). */
    while ((uintptr_t)d & 3) {
      *d++ = *s++;
      n--;
    }
    if (((uintptr_t)s & 3) == 0) {
      for (; n >= 16; n -= 16, d += 16, s += 16) {
        alias_u32 *dw = (alias_u32 *)d;
        const alias_u32 *sw = (const alias_u32 *)s;
        uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
        dw[0] = a;
        dw[1] = b;
        dw[2] = c;
        dw[3] = e;
      }
      for (; n >= 4; n -= 4, d += 4, s += 4) *(alias_u32 *)d = *(const alias_u32 *)s;
    } else {
      for (; n >= 4; n -= 4, d += 4, s += 4)
        *(alias_u32 *)d = ((const unaligned_u32 *)s)->v;
    }
  }
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n); /* forward copy is safe */
  /* Overlap with d after s: copy backwards. */
  d += n;
  s += n;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    for (; n >= 4; n -= 4) {
      d -= 4;
      s -= 4;
      *(alias_u32 *)d = *(const alias_u32 *)s;
    }
  }
  while (n--) *--d = *--s;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  if (n >= 8) {
    uint32_t w = (unsigned char)c * 0x01010101u;
    while ((uintptr_t)d & 3) {
      *d++ = (unsigned char)c;
      n--;
    }
    for (; n >= 16; n -= 16, d += 16) {
      alias_u32 *dw = (alias_u32 *)d;
      dw[0] = w;
      dw[1] = w;
      dw[2] = w;
      dw[3] = w;
    }
    for (; n >= 4; n -= 4, d += 4) *(alias_u32 *)d = w;
  }
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *p = a, *q = b;
  for (; n; n--, p++, q++)
    if (*p != *q) return *p - *q;
  return 0;
}

void *memchr(const void *s, int c, size_t n) {
  const unsigned char *p = s;
  for (; n; n--, p++)
    if (*p == (unsigned char)c) return (void *)p;
  return NULL;
}

size_t strlen(const char *s) {
  const char *p = s;
  while (*p) p++;
  return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

char *strcpy(char *restrict dst, const char *restrict src) {
  char *d = dst;
  while ((*d++ = *src++)) {
  }
  return dst;
}

/* Copies at most n bytes and pads with NULs up to n (so the result may lack a NUL). */
char *strncpy(char *restrict dst, const char *restrict src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++) dst[i] = src[i];
  for (; i < n; i++) dst[i] = 0;
  return dst;
}

char *strcat(char *restrict dst, const char *restrict src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *strncat(char *restrict dst, const char *restrict src, size_t n) {
  char *d = dst + strlen(dst);
  while (n-- && *src) *d++ = *src++;
  *d = 0;
  return dst;
}

char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (!*s) return NULL;
  }
}

char *strrchr(const char *s, int c) {
  const char *last = NULL;
  for (;; s++) {
    if (*s == (char)c) last = s;
    if (!*s) return (char *)last;
  }
}

char *strstr(const char *h, const char *n) {
  size_t nl = strlen(n);
  if (nl == 0) return (char *)h;
  for (; *h; h++)
    if (*h == *n && strncmp(h, n, nl) == 0) return (char *)h;
  return NULL;
}

size_t strspn(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n])) n++;
  return n;
}

size_t strcspn(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n])) n++;
  return n;
}

char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save) {
  if (!s) s = *save;
  s += strspn(s, delim);
  if (!*s) {
    *save = s;
    return NULL;
  }
  char *end = s + strcspn(s, delim);
  if (*end) *end++ = 0;
  *save = end;
  return s;
}

char *strtok(char *restrict s, const char *restrict delim) {
  static char *save;
  return strtok_r(s, delim, &save);
}

char *strndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *d = malloc(len + 1);
  if (d) {
    memcpy(d, s, len);
    d[len] = 0;
  }
  return d;
}

char *strdup(const char *s) { return strndup(s, (size_t)-1); }
