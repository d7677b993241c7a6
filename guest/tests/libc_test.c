/*
 * Differential test of the guest libc: this file is compiled twice, natively against
 * glibc and as a zkMIPS guest, and guest/tests/run.sh requires the two outputs to be
 * identical. Only behaviour that C pins down (or glibc and the guest libc share on
 * purpose) is printed; everything uses fixed-width types so ILP32 vs LP64 doesn't show.
 * The GUEST_ONLY section checks ILP32-specific results against hand-written values.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void formats(void) {
  static const int ints[] = {0, 1, -1, 42, -42, 7, 1000000, INT_MAX, INT_MIN};
  static const char *const ifmts[] = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d",
                                      "%8.3d", "%-8.3d|", "%.0d", "%+.0d", "%i", "%08.3d",
                                      "%+05d", "% 05d", "%-+6d|"};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    for (size_t f = 0; f < sizeof ifmts / sizeof ifmts[0]; f++) {
      printf("[");
      printf(ifmts[f], ints[i]);
      printf("]");
    }
    printf("\n");
  }
  static const unsigned uns[] = {0, 1, 8, 255, 0x80000000u, 0xdeadbeefu, UINT_MAX};
  static const char *const ufmts[] = {"%u", "%x", "%X", "%o", "%#x", "%#X", "%#o", "%08x",
                                      "%#010x", "%-#10x|", "%.5x", "%#.0x", "%#.0o", "%10u",
                                      "%hhu", "%hx", "%hho", "%#5.3o"};
  for (size_t i = 0; i < sizeof uns / sizeof uns[0]; i++) {
    for (size_t f = 0; f < sizeof ufmts / sizeof ufmts[0]; f++) {
      printf("[");
      printf(ufmts[f], uns[i]);
      printf("]");
    }
    printf("\n");
  }
  static const long long lls[] = {0, -1, 1234567890123LL, -987654321098765432LL, LLONG_MAX,
                                  LLONG_MIN, 4294967296LL, -4294967296LL, 999999999999999999LL};
  for (size_t i = 0; i < sizeof lls / sizeof lls[0]; i++)
    printf("[%lld][%25lld][%-22lld|][%+lld][%llu][%llx][%#llX][%llo][%022lld][%.20lli]\n",
           lls[i], lls[i], lls[i], lls[i], (unsigned long long)lls[i],
           (unsigned long long)lls[i], (unsigned long long)lls[i], (unsigned long long)lls[i],
           lls[i], lls[i]);
  printf("[%hd][%hhd][%hu][%hhx]\n", (short)-5, (signed char)-3, (unsigned short)65535,
         (unsigned char)0xab);
  printf("[%hd][%hhd]\n", 70000, 300); /* converted to short / char first */
  printf("[%c][%3c][%-3c][%%][%5%]\n", 'a', 'b', 'c');
  printf("[%s][%8s][%-8s][%.2s][%8.2s][%-8.2s][%.0s][%s]\n", "hello", "hi", "hi", "hello",
         "hello", "hello", "hello", "");
  printf("[%*d][%-*d][%.*d][%*.*s][%*d]\n", 6, 42, 6, 42, 4, 7, 6, 2, "abcdef", -6, 9);
  printf("[%.*s]\n", -1, "negative precision means none");
  printf("[%p][%20p][%-20p|]\n", (void *)0x1234, (void *)0x1234, (void *)0xabcdef);
  printf("[%zu][%zd][%td][%jd][%ju]\n", (size_t)123, (ptrdiff_t)-4, (ptrdiff_t)55,
         (intmax_t)-77, (uintmax_t)88);
  printf("[%lu][%ld][%lx]\n", 4000000000ul, -5l, 0xabcul); /* values fit in 32 bits */

  char buf[16];
  int n = snprintf(buf, sizeof buf, "%s-%d", "truncated output here", 12345);
  printf("snprintf: %d [%s]\n", n, buf);
  n = snprintf(buf, 1, "abc");
  printf("snprintf size 1: %d [%s]\n", n, buf);
  n = snprintf(NULL, 0, "%d%s", 123, "four");
  printf("snprintf NULL: %d\n", n);
  n = sprintf(buf, "%x|%c", 0xbeef, 'Q');
  printf("sprintf: %d [%s]\n", n, buf);
  puts("puts line");
  putchar('x');
  putchar('\n');
  fputs("fputs line\n", stdout);
  fwrite("fwrite line\n", 1, 12, stdout);
  fprintf(stdout, "fprintf %d\n", -8);
}

static void strings(void) {
  char a[64];
  strcpy(a, "hello");
  strcat(a, ", world");
  printf("%s %d\n", a, (int)strlen(a));
  printf("cmp %d %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
         strcmp("same", "same"), strncmp("abcdef", "abcxyz", 3));
  printf("chr %s %s %s\n", strchr(a, 'o'), strrchr(a, 'o'), strchr(a, 0) == a + strlen(a) ? "end" : "bad");
  printf("str %s [%s] %s\n", strstr(a, "wor"), strstr(a, ""), strstr(a, "xyz") ? "bad" : "null");
  printf("spn %d %d\n", (int)strspn("aabbcd", "ab"), (int)strcspn("hello world", " "));
  memset(a, 'z', 10);
  a[10] = 0;
  printf("memset %s\n", a);
  strncpy(a, "ab", 5);
  printf("strncpy %d %d %d\n", a[0], a[2], a[4]);

  /* memcpy / memmove at every alignment and length up to 40, checked byte by byte. */
  unsigned char src[96], dst[96], ref[96];
  unsigned long errors = 0;
  for (int sa = 0; sa < 4; sa++)
    for (int da = 0; da < 4; da++)
      for (int len = 0; len <= 40; len++) {
        for (int i = 0; i < 96; i++) src[i] = (unsigned char)(i * 7 + 3), dst[i] = ref[i] = 0xee;
        memcpy(dst + da, src + sa, (size_t)len);
        for (int i = 0; i < len; i++) ref[da + i] = src[sa + i];
        errors += memcmp(dst, ref, 96) != 0;
        /* overlapping moves, both directions */
        for (int i = 0; i < 96; i++) dst[i] = ref[i] = (unsigned char)i;
        memmove(dst + 8 + da, dst + 8 + sa, (size_t)len);
        for (int i = 0; i < len; i++) ref[8 + da + i] = (unsigned char)(8 + sa + i);
        errors += memcmp(dst, ref, 96) != 0;
        for (int i = 0; i < 96; i++) dst[i] = ref[i] = (unsigned char)i;
        memmove(dst + 8 + sa, dst + 8 + da + 4, (size_t)len);
        for (int i = 0; i < len; i++) ref[8 + sa + i] = (unsigned char)(8 + da + 4 + i);
        errors += memcmp(dst, ref, 96) != 0;
        for (int i = 0; i < 96; i++) dst[i] = ref[i] = 1;
        memset(dst + da, 0x5a, (size_t)len);
        for (int i = 0; i < len; i++) ref[da + i] = 0x5a;
        errors += memcmp(dst, ref, 96) != 0;
      }
  printf("mem errors %lu\n", errors);
  printf("memcmp %d %d %d\n", memcmp("ab\x80", "ab\x01", 3) > 0, memcmp("a", "b", 1) < 0,
         memcmp("x", "y", 0));
  char tok[] = "  one, two,,three  ";
  char *save;
  for (char *t = strtok_r(tok, " ,", &save); t; t = strtok_r(NULL, " ,", &save))
    printf("tok <%s>\n", t);
  char *d = strdup("duplicated");
  printf("%s\n", d);
}

static void numbers(void) {
  static const char *const inputs[] = {"0", "42", "  -17xyz", "+9", "0x1F", "0X", "077", "-0",
                                       "9223372036854775807", "9223372036854775808",
                                       "-9223372036854775808", "-9223372036854775809",
                                       "18446744073709551615", "18446744073709551616", "",
                                       "   ", "z", "-", "1234567890123"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    char *end;
    errno = 0;
    long long v = strtoll(inputs[i], &end, 0);
    int e1 = errno;
    errno = 0;
    unsigned long long u = strtoull(inputs[i], NULL, 10);
    int e2 = errno;
    printf("'%s' -> %lld (end +%d, erange %d) u %llu (erange %d)\n", inputs[i], v,
           (int)(end - inputs[i]), e1 == ERANGE, u, e2 == ERANGE);
  }
  char *end;
  printf("base36 %lld base2 %lld base16 %lld\n", strtoll("zz", NULL, 36),
         strtoll("-1011", NULL, 2), strtoll("ff", &end, 16));
  printf("atoi %d %d %d\n", atoi("123abc"), atoi("-2147483648"), atoi("  +5"));
  printf("abs %d %lld\n", abs(-5), llabs(-5000000000LL));
}

/* Floating point through the compiler: on the guest every operation below is a call into
   the soft-float helpers, on the host it is SSE; the printed bit patterns must match. */
static uint64_t dbits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}
static uint32_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

static void floats(void) {
  volatile double zero = 0.0, one = 1.0, big = 1e308, tiny = 4.9406564584124654e-324;
  double h = 0, x = 2.0, r = 1.0;
  for (int i = 1; i <= 1000; i++) h += one / i; /* harmonic number H(1000) */
  for (int i = 0; i < 8; i++) r = 0.5 * (r + x / r); /* Newton: sqrt(2) */
  printf("H1000 %016llx sqrt2 %016llx\n", (unsigned long long)dbits(h), (unsigned long long)dbits(r));
  printf("scaled %lld %lld\n", (long long)(h * 1e12), (long long)(r * 1e15));
  float f = 0.1f, g = 0;
  for (int i = 0; i < 100; i++) g += f;
  printf("float sum %08x as double %016llx narrowed %08x\n", fbits(g), (unsigned long long)dbits(g),
         fbits((float)h));
  printf("inf %016llx nan_is_nan %d overflow %016llx underflow %016llx\n",
         (unsigned long long)dbits(one / zero), (zero / zero) != (zero / zero),
         (unsigned long long)dbits(big * 10), (unsigned long long)dbits(tiny / 2));
  printf("compare %d %d %d %d %d %d\n", one < big, big <= one, -zero == zero, h > r, h >= h,
         (zero / zero) < one);
  volatile unsigned long long ull = 18446744073709551615ULL;
  volatile long long ll = -9007199254740993LL;
  volatile double d45 = 4.5e18, dm45 = -4.5e18, d399 = 3.99e9, dm299 = -2.99;
  volatile float f7 = 16777217.0f, fm = -0.75f;
  printf("conv %016llx %016llx %08x %llu %lld %u %d\n", (unsigned long long)dbits((double)ull),
         (unsigned long long)dbits((double)ll), fbits((float)ll), (unsigned long long)d45,
         (long long)dm45, (unsigned)d399, (int)dm299);
  printf("fconv %d %d %lld %08x\n", (int)f7, (int)fm, (long long)(f7 * f7), fbits((float)(int)f7));
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void heap_and_sort(void) {
  int *v = malloc(1000 * sizeof *v);
  for (int i = 0; i < 1000; i++) v[i] = (int)((i * 7919u + 13) % 1009) - 500;
  qsort(v, 1000, sizeof *v, cmp_int);
  int sorted = 1;
  long long sum = 0;
  for (int i = 0; i < 1000; i++) {
    sum += v[i] * (i + 1);
    if (i && v[i - 1] > v[i]) sorted = 0;
  }
  printf("qsort sorted %d weighted sum %lld\n", sorted, sum);
  int key = v[500];
  int *hit = bsearch(&key, v, 1000, sizeof *v, cmp_int);
  printf("bsearch %d\n", hit && *hit == key);
  char *p = calloc(100, 3);
  int zero = 1;
  for (int i = 0; i < 300; i++) zero &= p[i] == 0;
  p = realloc(p, 100000);
  for (int i = 300; i < 100000; i++) p[i] = (char)i;
  long long s2 = 0;
  for (int i = 0; i < 100000; i++) s2 += p[i];
  printf("calloc zero %d realloc sum %lld\n", zero, s2);
  free(p);
  free(v);
}

#ifdef __mips__
#include <unistd.h>
#include <zkmips.h>
static int guest_failures;
#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) eprintf("guest check failed: %s (line %d)\n", #cond, __LINE__), guest_failures++; \
  } while (0)

static void guest_only(void) {
  errno = 0;
  CHECK(strtol("2147483647", NULL, 10) == 2147483647L && errno == 0);
  CHECK(strtol("2147483648", NULL, 10) == 2147483647L && errno == ERANGE);
  errno = 0;
  CHECK(strtol("-2147483648", NULL, 10) == -2147483647L - 1 && errno == 0);
  CHECK(strtol("-2147483649", NULL, 10) == -2147483647L - 1 && errno == ERANGE);
  errno = 0;
  CHECK(strtoul("4294967295", NULL, 10) == 4294967295UL && errno == 0);
  CHECK(strtoul("4294967296", NULL, 10) == 4294967295UL && errno == ERANGE);
  char buf[32];
  snprintf(buf, sizeof buf, "%ld|%lx|%zu", -2147483647L - 1, 0xffffffffUL, (size_t)-1);
  CHECK(strcmp(buf, "-2147483648|ffffffff|4294967295") == 0);
  snprintf(buf, sizeof buf, "%p", (void *)0xfffffff0);
  CHECK(strcmp(buf, "0xfffffff0") == 0);
  /* malloc: huge requests fail cleanly; alignment is 8. */
  CHECK(malloc(0xfffffff0u) == NULL && errno == ENOMEM);
  CHECK(malloc(0x7fffffffu) == NULL);
  void *a = malloc(3), *b = malloc(5);
  CHECK(((uintptr_t)a & 7) == 0 && ((uintptr_t)b & 7) == 0 && a != b);
  void *c = aligned_alloc(64, 10);
  CHECK(((uintptr_t)c & 63) == 0);
  CHECK(calloc(0x10000, 0x10000) == NULL);
  /* The hint stream is not open in this test: it reads as empty. */
  size_t n = 99;
  uint8_t *h = zk_read_hint_all(&n);
  CHECK(h != NULL && n == 0 && zk_read_hint(buf, 4) == 0);
  /* Raw syscall wrappers, including the stack-passed 5th/6th arguments (mmap2). */
  long m = zk_syscall6(ZK_SYS_mmap2, 0, 8192, 3 /* RW */, 0x802 /* PRIVATE|ANON */, -1, 0);
  CHECK(m > 0 && (m & 0xfff) == 0);
  if (m > 0) {
    uint32_t *w = (uint32_t *)m;
    CHECK(w[0] == 0 && w[2047] == 0);
    w[2047] = 0x12345678;
    CHECK(w[2047] == 0x12345678);
    CHECK(zk_syscall2(ZK_SYS_munmap, m, 8192) == 0);
  }
  CHECK(zk_syscall6(ZK_SYS_mmap2, 0, 0, 3, 0x802, -1, 0) == -EINVAL);
  CHECK(zk_syscall0(4999) == -ENOSYS);
  CHECK(zk_syscall1(ZK_SYS_brk, 0) == (long)sbrk(0));
  CHECK(zk_syscall3(ZK_SYS_write, 99, (long)"x", 1) == -EBADF);
  CHECK(zk_syscall4(ZK_SYS_write, 1, (long)"", 0, 12345) == 0);
  printf("guest-only checks: %d failures\n", guest_failures);
}
#else
static void guest_only(void) { printf("guest-only checks: %d failures\n", 0); }
#endif

int main(void) {
  formats();
  strings();
  numbers();
  heap_and_sort();
  floats();
  guest_only();
  return 0;
}
