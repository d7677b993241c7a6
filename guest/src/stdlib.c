/*
 * Number parsing, abs, rand, qsort, bsearch.
 */
#define ZK_LIBC_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/*
 * Parses an unsigned magnitude in the strtoul family's syntax: leading space, optional
 * sign, optional 0x/0X (base 16 or 0) or 0 (base 0 → octal) prefix, digits. Returns the
 * magnitude clamped to `limit` (setting *overflow), the sign in *neg, and where parsing
 * stopped in *end (the start of s when no digits were found).
 */
static unsigned long long parse_magnitude(const char *s, const char **end, int base, int *neg,
                                          unsigned long long limit, int *overflow) {
  const char *p = s;
  *neg = 0;
  *overflow = 0;
  *end = s;
  if (base < 0 || base == 1 || base > 36) {
    errno = EINVAL;
    return 0;
  }
  while (isspace((unsigned char)*p)) p++;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && isxdigit((unsigned char)p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  /* v * base + d <= limit  <=>  v < cut || (v == cut && d <= cut_digit) */
  unsigned long long v = 0, cut = limit / (unsigned)base;
  unsigned cut_digit = (unsigned)(limit % (unsigned)base);
  const char *digits = p;
  for (;; p++) {
    int c = (unsigned char)*p, d;
    if (isdigit(c))
      d = c - '0';
    else if (isalpha(c))
      d = (c | 32) - 'a' + 10;
    else
      break;
    if (d >= base) break;
    if (v > cut || (v == cut && (unsigned)d > cut_digit)) *overflow = 1;
    else v = v * (unsigned)base + (unsigned)d;
  }
  if (p != digits) *end = p;
  if (*overflow) {
    errno = ERANGE;
    v = limit;
  }
  return v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base) {
  const char *e;
  int neg, ovf;
  unsigned long long v = parse_magnitude(s, &e, base, &neg, ULLONG_MAX, &ovf);
  if (end) *end = (char *)e;
  return ovf ? ULLONG_MAX : (neg ? -v : v); /* C: a '-' negates in the unsigned type */
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base) {
  const char *e;
  int neg, ovf;
  unsigned long long v = parse_magnitude(s, &e, base, &neg, ULONG_MAX, &ovf);
  if (end) *end = (char *)e;
  return ovf ? ULONG_MAX : (unsigned long)(neg ? -v : v);
}

long long strtoll(const char *restrict s, char **restrict end, int base) {
  const char *e;
  int neg, ovf;
  /* Parse with the larger of the two limits, then clamp by sign. */
  unsigned long long v =
      parse_magnitude(s, &e, base, &neg, (unsigned long long)LLONG_MAX + 1, &ovf);
  if (end) *end = (char *)e;
  if (!neg && v > (unsigned long long)LLONG_MAX) {
    errno = ERANGE;
    return LLONG_MAX;
  }
  if (ovf) return neg ? LLONG_MIN : LLONG_MAX;
  return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base) {
  const char *e;
  int neg, ovf;
  unsigned long long v = parse_magnitude(s, &e, base, &neg, (unsigned long long)LONG_MAX + 1, &ovf);
  if (end) *end = (char *)e;
  if (!neg && v > (unsigned long long)LONG_MAX) {
    errno = ERANGE;
    return LONG_MAX;
  }
  if (ovf) return neg ? LONG_MIN : LONG_MAX;
  return neg ? (long)(0 - (unsigned long)v) : (long)v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

/* rand: a 64-bit LCG (Knuth's MMIX constants), top 31 bits. Deterministic by design. */
static unsigned long long rand_state = 1;
void srand(unsigned seed) { rand_state = seed; }
int rand(void) {
  rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (int)(rand_state >> 33);
}

/* ---- qsort: heapsort (O(n log n) worst case, no recursion, no allocation) ---------- */

static void swap_bytes(char *a, char *b, size_t n) {
  while (n--) {
    char t = *a;
    *a++ = *b;
    *b++ = t;
  }
}

static void sift_down(char *base, size_t root, size_t count, size_t size,
                      int (*cmp)(const void *, const void *)) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= count) return;
    if (child + 1 < count && cmp(base + child * size, base + (child + 1) * size) < 0) child++;
    if (cmp(base + root * size, base + child * size) >= 0) return;
    swap_bytes(base + root * size, base + child * size, size);
    root = child;
  }
}

void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *)) {
  char *b = base;
  if (count < 2 || size == 0) return;
  for (size_t i = count / 2; i-- > 0;) sift_down(b, i, count, size, cmp);
  for (size_t end = count - 1; end > 0; end--) {
    swap_bytes(b, b + end * size, size);
    sift_down(b, 0, end, size, cmp);
  }
}

void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*cmp)(const void *, const void *)) {
  const char *b = base;
  while (count > 0) {
    const char *mid = b + (count / 2) * size;
    int c = cmp(key, mid);
    if (c == 0) return (void *)mid;
    if (c > 0) {
      b = mid + size;
      count -= count / 2 + 1;
    } else {
      count /= 2;
    }
  }
  return NULL;
}
