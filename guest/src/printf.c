/*
 * The printf formatter and the string-output variants (snprintf & co).
 *
 * Conversions: d i u x X o c s p n-less (no %n, by design) and %%.
 * Flags: '-' left-justify, '0' zero-pad, '+' and ' ' sign, '#' alternate form.
 * Width and precision, each a number or '*'. Length: hh h l ll j z t (L q accepted as ll).
 * Semantics follow C99/glibc; e.g. %p prints 0x-prefixed hex or "(nil)" and %s of
 * NULL prints "(null)". Unsupported conversions (e.g. %f) are printed literally.
 */
#define ZK_LIBC_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct out {
  zk_emit_fn emit;
  void *ctx;
  int count;
};

static void put(struct out *o, const char *s, size_t n) {
  if (n) o->emit(o->ctx, s, n);
  o->count += (int)n;
}

static void pad(struct out *o, char c, int n) {
  char chunk[16];
  if (n <= 0) return;
  memset(chunk, c, sizeof chunk);
  for (; n > (int)sizeof chunk; n -= (int)sizeof chunk) put(o, chunk, sizeof chunk);
  put(o, chunk, (size_t)n);
}

#define F_LEFT 1
#define F_ZERO 2
#define F_PLUS 4
#define F_SPACE 8
#define F_ALT 16

unsigned long long __udivmoddi4(unsigned long long a, unsigned long long b,
                                unsigned long long *rem);

/* Writes the digits of v in base (8, 10 or 16) backwards ending at `end`; returns the
   start. 32-bit values use the native divider; 64-bit ones go through __udivmoddi4. */
static char *digits(char *end, unsigned long long v, unsigned base, int upper) {
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  while (v >> 32) {
    unsigned long long r;
    v = __udivmoddi4(v, base, &r);
    *--p = set[r];
  }
  for (uint32_t w = (uint32_t)v; w; w /= base) *--p = set[w % base];
  return p;
}

/* One integer conversion with all its flags: [sign|0x][zeros][digits], padded to width. */
static void format_int(struct out *o, unsigned long long mag, int negative, unsigned base,
                       int upper, int flags, int width, int prec) {
  char buf[24]; /* 22 octal digits for 2^64-1 */
  char *end = buf + sizeof buf;
  char *start = digits(end, mag, base, upper);
  int ndig = (int)(end - start);
  char prefix[2];
  int nprefix = 0;

  if (negative) prefix[nprefix++] = '-';
  else if (flags & F_PLUS) prefix[nprefix++] = '+';
  else if (flags & F_SPACE) prefix[nprefix++] = ' ';
  if ((flags & F_ALT) && base == 16 && mag != 0) {
    prefix[nprefix++] = '0';
    prefix[nprefix++] = upper ? 'X' : 'x';
  }

  int zeros = 0;
  if (prec >= 0) {
    zeros = prec > ndig ? prec - ndig : 0; /* precision = minimum digit count */
    flags &= ~F_ZERO;                      /* and it disables the 0 flag */
  } else if (mag == 0) {
    zeros = 1; /* default precision is 1: zero prints as "0" */
  }
  /* '#' with octal: the first digit must be 0 (adds one unless one is already there). */
  if ((flags & F_ALT) && base == 8 && zeros == 0 && (ndig == 0 || *start != '0')) zeros = 1;

  int len = nprefix + zeros + ndig;
  if ((flags & F_ZERO) && !(flags & F_LEFT) && width > len) {
    zeros += width - len;
    len = width;
  }
  if (!(flags & F_LEFT)) pad(o, ' ', width - len);
  put(o, prefix, (size_t)nprefix);
  pad(o, '0', zeros);
  put(o, start, (size_t)ndig);
  if (flags & F_LEFT) pad(o, ' ', width - len);
}

static void format_str(struct out *o, const char *s, int flags, int width, int prec) {
  size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
  if (!(flags & F_LEFT)) pad(o, ' ', width - (int)n);
  put(o, s, n);
  if (flags & F_LEFT) pad(o, ' ', width - (int)n);
}

enum { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE };

int __zk_format(zk_emit_fn emit, void *ctx, const char *fmt, va_list ap) {
  struct out o = {emit, ctx, 0};
  while (*fmt) {
    const char *lit = fmt;
    while (*fmt && *fmt != '%') fmt++;
    put(&o, lit, (size_t)(fmt - lit));
    if (!*fmt) break;
    const char *spec = fmt++; /* points at '%', for printing unknown specs literally */

    int flags = 0, width = 0, prec = -1, len = L_INT;
    for (;; fmt++) {
      if (*fmt == '-') flags |= F_LEFT;
      else if (*fmt == '0') flags |= F_ZERO;
      else if (*fmt == '+') flags |= F_PLUS;
      else if (*fmt == ' ') flags |= F_SPACE;
      else if (*fmt == '#') flags |= F_ALT;
      else break;
    }
    if (*fmt == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= F_LEFT;
        width = width == INT32_MIN ? INT32_MAX : -width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    }
    if (*fmt == '.') {
      fmt++;
      prec = 0;
      if (*fmt == '*') {
        prec = va_arg(ap, int); /* a negative precision counts as none */
        if (prec < 0) prec = -1;
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
      }
    }
    switch (*fmt) {
    case 'h':
      len = fmt[1] == 'h' ? (fmt++, L_CHAR) : L_SHORT;
      fmt++;
      break;
    case 'l':
      len = fmt[1] == 'l' ? (fmt++, L_LLONG) : L_LONG;
      fmt++;
      break;
    case 'L': case 'q': case 'j': len = L_LLONG; fmt++; break;
    case 'z': case 't': len = L_SIZE; fmt++; break;
    }

    char c = *fmt;
    if (!c) { /* format ended inside a conversion: print what we saw */
      put(&o, spec, (size_t)(fmt - spec));
      break;
    }
    fmt++;
    switch (c) {
    case 'd':
    case 'i': {
      long long v;
      if (len == L_LLONG) v = va_arg(ap, long long);
      else v = va_arg(ap, int); /* int, long, size_t are all 32-bit (ILP32) */
      if (len == L_CHAR) v = (signed char)v;
      if (len == L_SHORT) v = (short)v;
      unsigned long long mag = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
      format_int(&o, mag, v < 0, 10, 0, flags, width, prec);
      break;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      unsigned long long v;
      if (len == L_LLONG) v = va_arg(ap, unsigned long long);
      else v = va_arg(ap, unsigned int);
      if (len == L_CHAR) v = (unsigned char)v;
      if (len == L_SHORT) v = (unsigned short)v;
      unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
      format_int(&o, v, 0, base, c == 'X', flags & ~(F_PLUS | F_SPACE), width, prec);
      break;
    }
    case 'p': {
      uintptr_t v = (uintptr_t)va_arg(ap, void *);
      if (v == 0) format_str(&o, "(nil)", flags, width, -1);
      else format_int(&o, v, 0, 16, 0, (flags | F_ALT) & ~F_ZERO, width, prec);
      break;
    }
    case 'c': {
      char ch = (char)va_arg(ap, int);
      if (!(flags & F_LEFT)) pad(&o, ' ', width - 1);
      put(&o, &ch, 1);
      if (flags & F_LEFT) pad(&o, ' ', width - 1);
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s) s = prec < 0 || prec >= 6 ? "(null)" : "";
      format_str(&o, s, flags, width, prec);
      break;
    }
    case '%':
      put(&o, "%", 1);
      break;
    default: /* unsupported: print the whole spec literally, consume no argument */
      put(&o, spec, (size_t)(fmt - spec));
      break;
    }
  }
  return o.count;
}

/* ---- string sinks ---------------------------------------------------------------------- */

struct str_sink {
  char *buf;
  size_t size; /* capacity including the NUL; 0 = count only */
  size_t len;  /* bytes stored so far (excluding NUL) */
};

static void emit_str(void *ctx, const char *s, size_t n) {
  struct str_sink *k = ctx;
  if (k->size == 0) return;
  size_t room = k->size - 1 - k->len;
  if (n > room) n = room;
  memcpy(k->buf + k->len, s, n);
  k->len += n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap) {
  struct str_sink k = {buf, size, 0};
  int n = __zk_format(emit_str, &k, fmt, ap);
  if (size) buf[k.len] = 0;
  return n;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap) {
  return vsnprintf(buf, (size_t)INT32_MAX, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, (size_t)INT32_MAX, fmt, ap);
  va_end(ap);
  return n;
}
