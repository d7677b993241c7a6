/*
 * Host-side test of guest/src/runtime.c: compiles the helpers natively (renamed with a
 * zk_test_ prefix) and compares them with the host's own 64-bit arithmetic on edge
 * values and on tens of millions of random operands shaped to hit every code path
 * (small/large divisors, divisors with high bits set, dividend < divisor, ...).
 *
 *   cc -O2 -o /tmp/runtime_test guest/tests/runtime_test.c && /tmp/runtime_test
 *
 * The same file also builds as a guest (guest/tests/run.sh): under qemu-mipsel the
 * reference side (`a / b` on 64-bit operands) calls the SDK's real __udivdi3 & co., so
 * that run checks the MIPS build of the helpers; `runtime_test N` on both sides must
 * then print the same checksum, which ties the MIPS results to the host's arithmetic.
 */
#define ZK_RUNTIME_PREFIX
#include "../src/runtime.c"

#include <stdio.h>
#include <stdlib.h>

typedef unsigned long long u64;
typedef long long i64;

static u64 rng_state = 0x9e3779b97f4a7c15ULL;
static u64 next(void) { /* splitmix64 */
  u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* A random value with a random number of significant bits, sometimes all-ones-ish. */
static u64 shaped(void) {
  u64 r = next();
  unsigned bits = (unsigned)(next() % 65);
  u64 v = bits == 64 ? r : r & ((1ULL << bits) - 1);
  switch (next() % 8) {
  case 0: return v | (1ULL << 63);
  case 1: return ~v;
  case 2: return v | 0xffffffffULL;
  default: return v;
  }
}

static unsigned long failures;
static u64 checksum;

static void fail(const char *what, u64 a, u64 b, u64 got, u64 want) {
  if (failures++ < 20)
    printf("FAIL %s(%016llx, %016llx) = %016llx, want %016llx\n", what, a, b, got, want);
}

static void check_pair(u64 a, u64 b) {
  if (b == 0) return;
  u64 r, q = zk_test___udivmoddi4(a, b, &r);
  /* Host reference: the host's own division (x86-64 DIV or libgcc). */
  if (q != a / b) fail("udiv", a, b, q, a / b);
  if (r != a % b) fail("umod", a, b, r, a % b);
  if (zk_test___udivdi3(a, b) != a / b) fail("__udivdi3", a, b, zk_test___udivdi3(a, b), a / b);
  if (zk_test___umoddi3(a, b) != a % b) fail("__umoddi3", a, b, zk_test___umoddi3(a, b), a % b);
  i64 sa = (i64)a, sb = (i64)b;
  if (!(sa == INT64_MIN && sb == -1)) { /* host division would trap */
    if (zk_test___divdi3(sa, sb) != sa / sb) fail("__divdi3", a, b, zk_test___divdi3(sa, sb), sa / sb);
    if (zk_test___moddi3(sa, sb) != sa % sb) fail("__moddi3", a, b, zk_test___moddi3(sa, sb), sa % sb);
  }
  checksum = checksum * 31 + q + 7 * r;
}

int main(int argc, char **argv) {
  static const u64 edges[] = {
      0, 1, 2, 3, 7, 9, 10, 0xffff, 0x10000, 0x10001, 0x7fffffff, 0x80000000, 0x80000001,
      0xfffffffe, 0xffffffff, 0x100000000ULL, 0x100000001ULL, 0x1ffffffffULL,
      0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x8000000000000001ULL,
      0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xffffffff00000000ULL,
      0x00000001ffff0000ULL, 0x123456789abcdef0ULL, 0xfedcba9876543210ULL,
      0x8000000080000000ULL, 0x0000800000000000ULL, 0xffff0000ffff0000ULL};
  const int n = (int)(sizeof edges / sizeof edges[0]);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) check_pair(edges[i], edges[j]);

  /* INT64_MIN / -1 must wrap, not trap. */
  if (zk_test___divdi3(INT64_MIN, -1) != INT64_MIN) fail("divdi3 min/-1", 0, 0, 0, 0);
  if (zk_test___moddi3(INT64_MIN, -1) != 0) fail("moddi3 min/-1", 0, 0, 0, 0);

  /* Default: 20M random pairs on the host; `runtime_test N` runs N (the guest run uses a
     small N, and the host run with the same N must print the same checksum). */
  long iterations = argc > 1 ? atol(argv[1]) : 20000000;
  for (long i = 0; i < iterations; i++) {
    u64 a = shaped(); /* two statements: argument evaluation order is unspecified */
    check_pair(a, shaped());
  }

  /* shifts, multiply, bit helpers */
  for (long i = 0; i < iterations / 10; i++) {
    u64 a = shaped();
    u64 b = shaped();
    int s = (int)(next() % 64);
    checksum = checksum * 31 + (a << s) + (a >> s) + (u64)((i64)a >> s) + a * b;
    if ((u64)zk_test___ashldi3((i64)a, s) != a << s) fail("ashl", a, (u64)s, 0, 0);
    if ((u64)zk_test___lshrdi3((i64)a, s) != a >> s) fail("lshr", a, (u64)s, 0, 0);
    if (zk_test___ashrdi3((i64)a, s) != (i64)a >> s) fail("ashr", a, (u64)s, 0, 0);
    if ((u64)zk_test___muldi3((i64)a, (i64)b) != a * b) fail("mul", a, b, 0, 0);
    if (zk_test___bswapdi2(a) != __builtin_bswap64(a)) fail("bswap64", a, 0, 0, 0);
    if (zk_test___popcountdi2(a) != __builtin_popcountll(a)) fail("popcount64", a, 0, 0, 0);
    if (a && zk_test___clzdi2(a) != __builtin_clzll(a)) fail("clz64", a, 0, 0, 0);
    if (a && zk_test___ctzdi2(a) != __builtin_ctzll(a)) fail("ctz64", a, 0, 0, 0);
    if (zk_test___ffsdi2(a) != __builtin_ffsll((i64)a)) fail("ffs64", a, 0, 0, 0);
    if (zk_test___paritydi2(a) != __builtin_parityll(a)) fail("parity64", a, 0, 0, 0);
    unsigned w = (unsigned)a;
    if (w && zk_test___clzsi2(w) != __builtin_clz(w)) fail("clz32", a, 0, 0, 0);
    if (w && zk_test___ctzsi2(w) != __builtin_ctz(w)) fail("ctz32", a, 0, 0, 0);
    if (zk_test___cmpdi2((i64)a, (i64)b) != ((i64)a < (i64)b ? 0 : a == b ? 1 : 2)) fail("cmp", a, b, 0, 0);
    if (zk_test___ucmpdi2(a, b) != (a < b ? 0 : a == b ? 1 : 2)) fail("ucmp", a, b, 0, 0);
  }
  if (zk_test___clzsi2(0) != 32 || zk_test___ctzsi2(0) != 32 || zk_test___clzdi2(0) != 64 ||
      zk_test___ctzdi2(0) != 64 || zk_test___ffssi2(0) != 0)
    fail("bit helpers at 0", 0, 0, 0, 0);

  printf("runtime_test: %lu failures, checksum %016llx\n", failures, checksum);
  return failures != 0;
}
