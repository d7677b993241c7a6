/*
 * Host-side test of guest/src/softfloat.c: every helper (renamed zk_test_...) against
 * the host's hardware IEEE arithmetic (x86-64 SSE: round-to-nearest-even, subnormals
 * on), bit for bit, on special values and millions of random operands shaped to hit
 * subnormals, cancellation, overflow and rounding ties.
 *
 *   cc -O2 -o /tmp/softfloat_test guest/tests/softfloat_test.c && /tmp/softfloat_test
 *
 * As a guest (guest/tests/run.sh) the same program prints a checksum of the zk_test_
 * results; `softfloat_test N` natively and under qemu must print the same checksum.
 */
#define ZK_RUNTIME_PREFIX
#include "../src/softfloat.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x243f6a8885a308d3ULL;
static uint64_t next(void) { /* splitmix64 */
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t checksum;
static unsigned long failures;
static void mix(uint64_t v) { checksum = (checksum ^ v) * 0x100000001b3ULL; }

/* ---- operand generators -------------------------------------------------------------- */

static const uint32_t f_special[] = {0, 0x80000000, 1, 0x80000001, 0x007fffff, 0x00800000,
                                     0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff,
                                     0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
                                     0x3fffffff, 0x4b000000, 0x4effffff, 0x4f000000,
                                     0x5f000000, 0xdf000000, 0x3f000000, 0x34000000};
static const uint64_t d_special[] = {
    0, 0x8000000000000000ULL, 1, 0x000fffffffffffffULL, 0x0010000000000000ULL,
    0x3ff0000000000000ULL, 0xbff0000000000000ULL, 0x7fefffffffffffffULL,
    0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL,
    0x7ff0000000000001ULL, 0x41dfffffffc00000ULL, 0x41e0000000000000ULL,
    0x43e0000000000000ULL, 0xc3e0000000000000ULL, 0x3fe0000000000000ULL,
    0x4330000000000000ULL, 0x3ca0000000000000ULL, 0x47efffffe0000000ULL,
    0x36a0000000000000ULL, 0x380fffffffffffffULL};

static uint32_t f_operand(uint32_t near) {
  uint64_t r = next();
  switch (r % 8) {
  case 0: return f_special[(r >> 8) % (sizeof f_special / 4)];
  case 1: return (uint32_t)(r >> 16) & 0x80ffffff; /* exponent 0..1: subnormals */
  case 2: return near ^ ((uint32_t)(r >> 20) & 0x1f); /* neighbour: cancellation, ties */
  case 3: return (near & 0xff800000) | ((uint32_t)(r >> 30) & 0x7fffff); /* same exponent */
  default: return (uint32_t)(r >> 32);
  }
}

static uint64_t d_operand(uint64_t near) {
  uint64_t r = next();
  switch (r % 8) {
  case 0: return d_special[(r >> 8) % (sizeof d_special / 8)];
  case 1: return r & 0x801fffffffffffffULL;
  case 2: return near ^ (next() & 0x3ff);
  case 3: return (near & 0xfff0000000000000ULL) | (next() & 0x000fffffffffffffULL);
  default: return next();
  }
}

/* ---- comparisons against the host ---------------------------------------------------- */

#ifndef __mips__
static float f_of(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint32_t u_of(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double d_of(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint64_t u_of_d(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static int f_nan(uint32_t u) { return (u & 0x7fffffff) > 0x7f800000; }
static int d_nan(uint64_t u) { return (u & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL; }

static void fail(const char *op, uint64_t a, uint64_t b, uint64_t got, uint64_t want) {
  if (failures++ < 30) printf("FAIL %s(%llx, %llx) = %llx, want %llx\n", op, (unsigned long long)a,
                              (unsigned long long)b, (unsigned long long)got, (unsigned long long)want);
}
#define SAME_F(op, a, b, got, want) \
  if (!((got) == (want) || (f_nan(got) && f_nan(want)))) fail(op, a, b, got, want)
#define SAME_D(op, a, b, got, want) \
  if (!((got) == (want) || (d_nan(got) && d_nan(want)))) fail(op, a, b, got, want)
#define CHECK(op, a, b, cond) \
  if (!(cond)) fail(op, a, b, 0, 0)
#endif

static void test_float(uint32_t a, uint32_t b) {
  uint32_t add = zk_test___addsf3(a, b), sub = zk_test___subsf3(a, b);
  uint32_t mul = zk_test___mulsf3(a, b), dv = zk_test___divsf3(a, b);
  int le = zk_test___lesf2(a, b), ge = zk_test___gesf2(a, b), un = zk_test___unordsf2(a, b);
  uint64_t ext = zk_test___extendsfdf2(a);
  int32_t i32 = zk_test___fixsfsi(a);
  int64_t i64 = zk_test___fixsfdi(a);
  uint32_t u32 = zk_test___fixunssfsi(a);
  uint64_t u64 = zk_test___fixunssfdi(a);
  uint32_t from_i = zk_test___floatsisf((int32_t)b), from_u = zk_test___floatunsisf(b);
  uint64_t wide = ((uint64_t)a << 32) | b;
  uint32_t from_l = zk_test___floatdisf((int64_t)wide), from_ul = zk_test___floatundisf(wide);
  mix(add); mix(sub); mix(mul); mix(dv); mix((uint64_t)(le + 7 * ge + 49 * !!un)); mix(ext);
  mix((uint64_t)i32); mix((uint64_t)i64); mix(u32); mix(u64); mix(from_i); mix(from_u);
  mix(from_l); mix(from_ul);
#ifndef __mips__
  float fa = f_of(a), fb = f_of(b);
  SAME_F("addsf", a, b, add, u_of(fa + fb));
  SAME_F("subsf", a, b, sub, u_of(fa - fb));
  SAME_F("mulsf", a, b, mul, u_of(fa * fb));
  SAME_F("divsf", a, b, dv, u_of(fa / fb));
  CHECK("lesf", a, b, (le <= 0) == (fa <= fb) && (le < 0) == (fa < fb) && (le == 0) == (fa == fb));
  CHECK("gesf", a, b, (ge >= 0) == (fa >= fb) && (ge > 0) == (fa > fb));
  CHECK("unordsf", a, b, !!un == (fa != fa || fb != fb));
  SAME_D("extendsfdf", a, 0, ext, u_of_d((double)fa));
  if (!f_nan(a) && fa > -2147483649.0f && fa < 2147483648.0f) CHECK("fixsfsi", a, 0, i32 == (int32_t)fa);
  if (!f_nan(a) && fa > -1.0f && fa < 4294967296.0f) CHECK("fixunssfsi", a, 0, u32 == (uint32_t)fa);
  if (!f_nan(a) && fa >= -9.2233720368547758e18f && fa < 9.2233720368547758e18f) CHECK("fixsfdi", a, 0, i64 == (int64_t)fa);
  if (!f_nan(a) && fa > -1.0f && fa < 1.8446744073709552e19f) CHECK("fixunssfdi", a, 0, u64 == (uint64_t)fa);
  SAME_F("floatsisf", b, 0, from_i, u_of((float)(int32_t)b));
  SAME_F("floatunsisf", b, 0, from_u, u_of((float)b));
  SAME_F("floatdisf", wide, 0, from_l, u_of((float)(int64_t)wide));
  SAME_F("floatundisf", wide, 0, from_ul, u_of((float)wide));
#endif
}

static void test_double(uint64_t a, uint64_t b) {
  uint64_t add = zk_test___adddf3(a, b), sub = zk_test___subdf3(a, b);
  uint64_t mul = zk_test___muldf3(a, b), dv = zk_test___divdf3(a, b);
  int le = zk_test___ledf2(a, b), ge = zk_test___gedf2(a, b), un = zk_test___unorddf2(a, b);
  uint32_t tr = zk_test___truncdfsf2(a);
  int32_t i32 = zk_test___fixdfsi(a);
  int64_t i64 = zk_test___fixdfdi(a);
  uint32_t u32 = zk_test___fixunsdfsi(a);
  uint64_t u64 = zk_test___fixunsdfdi(a);
  uint64_t from_i = zk_test___floatsidf((int32_t)b), from_u = zk_test___floatunsidf((uint32_t)b);
  uint64_t from_l = zk_test___floatdidf((int64_t)b), from_ul = zk_test___floatundidf(b);
  mix(add); mix(sub); mix(mul); mix(dv); mix((uint64_t)(le + 7 * ge + 49 * !!un)); mix(tr);
  mix((uint64_t)i32); mix((uint64_t)i64); mix(u32); mix(u64); mix(from_i); mix(from_u);
  mix(from_l); mix(from_ul);
#ifndef __mips__
  double da = d_of(a), db = d_of(b);
  SAME_D("adddf", a, b, add, u_of_d(da + db));
  SAME_D("subdf", a, b, sub, u_of_d(da - db));
  SAME_D("muldf", a, b, mul, u_of_d(da * db));
  SAME_D("divdf", a, b, dv, u_of_d(da / db));
  CHECK("ledf", a, b, (le <= 0) == (da <= db) && (le < 0) == (da < db) && (le == 0) == (da == db));
  CHECK("gedf", a, b, (ge >= 0) == (da >= db) && (ge > 0) == (da > db));
  CHECK("unorddf", a, b, !!un == (da != da || db != db));
  SAME_F("truncdfsf", a, 0, tr, u_of((float)da));
  if (!d_nan(a) && da > -2147483649.0 && da < 2147483648.0) CHECK("fixdfsi", a, 0, i32 == (int32_t)da);
  if (!d_nan(a) && da > -1.0 && da < 4294967296.0) CHECK("fixunsdfsi", a, 0, u32 == (uint32_t)da);
  if (!d_nan(a) && da >= -9223372036854775808.0 && da < 9223372036854775808.0) CHECK("fixdfdi", a, 0, i64 == (int64_t)da);
  if (!d_nan(a) && da > -1.0 && da < 18446744073709551616.0) CHECK("fixunsdfdi", a, 0, u64 == (uint64_t)da);
  SAME_D("floatsidf", b, 0, from_i, u_of_d((double)(int32_t)b));
  SAME_D("floatunsidf", b, 0, from_u, u_of_d((double)(uint32_t)b));
  SAME_D("floatdidf", b, 0, from_l, u_of_d((double)(int64_t)b));
  SAME_D("floatundidf", b, 0, from_ul, u_of_d((double)b));
#endif
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 5000000;
  for (size_t i = 0; i < sizeof f_special / 4; i++)
    for (size_t j = 0; j < sizeof f_special / 4; j++) test_float(f_special[i], f_special[j]);
  for (size_t i = 0; i < sizeof d_special / 8; i++)
    for (size_t j = 0; j < sizeof d_special / 8; j++) test_double(d_special[i], d_special[j]);
  for (long i = 0; i < n; i++) {
    uint32_t a = f_operand((uint32_t)next());
    test_float(a, f_operand(a));
    uint64_t c = d_operand(next());
    test_double(c, d_operand(c));
  }
  printf("softfloat_test: %lu failures, checksum %016llx\n", failures, (unsigned long long)checksum);
  return failures != 0;
}
