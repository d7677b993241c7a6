/*
 * Compiler runtime helpers for 32-bit MIPS (the libgcc / compiler-rt subset).
 *
 * clang 21 at -O0..-O2 for mips32r2 only calls __udivdi3, __divdi3, __umoddi3 and
 * __moddi3 (64-bit division); it inlines 64-bit shifts, multiplication, byte swaps and
 * bit counts. The rest are provided anyway because objects from other compilers (gcc,
 * older clang, -Os builds) may call them; --gc-sections drops whatever is unused.
 *
 * Division by zero: 64-bit division by zero executes `teq $zero, $zero, 7`, the same
 * trap (code 7 = BRK_DIVZERO, SIGFPE under Linux) that clang emits after a 32-bit
 * DIV/DIVU whose divisor is zero. INT64_MIN / -1 does not trap: it wraps to INT64_MIN
 * (remainder 0), which is what two's complement hardware naturally produces.
 *
 * This file is also compiled natively by guest/tests/runtime_test.c (with
 * ZK_RUNTIME_PREFIX) to compare every helper against the host's 64-bit arithmetic.
 */
#include <stdint.h>

#ifndef ZK_RUNTIME_PREFIX
#define ZK_RT(name) name
#else
#define ZK_RT(name) zk_test_##name
#endif

typedef unsigned long long du_int;
typedef long long di_int;
typedef unsigned int su_int;
typedef int si_int;

static inline su_int hi32(du_int x) { return (su_int)(x >> 32); }
static inline su_int lo32(du_int x) { return (su_int)x; }
static inline du_int make64(su_int hi, su_int lo) { return ((du_int)hi << 32) | lo; }

/* Leading zeros of a nonzero word (the CLZ instruction). */
static inline int nlz(su_int x) { return __builtin_clz(x); }

static void divide_by_zero(void) {
#if defined(__mips__)
  __asm__ __volatile__("teq $zero, $zero, 7");
#else
  __builtin_trap();
#endif
}

/*
 * 64-by-32 division with a 32-bit quotient: returns (u1:u0) / v and stores the
 * remainder, requiring u1 < v (so the quotient fits). This is Knuth's algorithm D on
 * 16-bit digits, as in Hacker's Delight (2nd ed.) §9-4 "divlu": normalise v so its top
 * bit is set, estimate each quotient digit from the top two dividend digits and the top
 * divisor digit, and correct the estimate (at most twice) with the second divisor digit.
 * Only 32-bit DIVU and MUL are used.
 */
static su_int divlu(su_int u1, su_int u0, su_int v, su_int *rem) {
  const su_int b = 0x10000;
  int s = nlz(v);
  v <<= s;
  su_int vn1 = v >> 16, vn0 = v & 0xffff;
  su_int un32 = s ? (u1 << s) | (u0 >> (32 - s)) : u1; /* avoid the UB shift by 32 */
  su_int un10 = u0 << s;
  su_int un1 = un10 >> 16, un0 = un10 & 0xffff;

  su_int q1 = un32 / vn1, rhat = un32 - q1 * vn1;
  while (q1 >= b || q1 * vn0 > b * rhat + un1) {
    q1--;
    rhat += vn1;
    if (rhat >= b) break;
  }
  su_int un21 = un32 * b + un1 - q1 * v; /* mod 2^32: the true value is < v */

  su_int q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= b || q0 * vn0 > b * rhat + un0) {
    q0--;
    rhat += vn1;
    if (rhat >= b) break;
  }
  *rem = (un21 * b + un0 - q0 * v) >> s;
  return q1 * b + q0;
}

du_int ZK_RT(__udivmoddi4)(du_int a, du_int b, du_int *rem) {
  su_int ah = hi32(a), al = lo32(a), bh = hi32(b), bl = lo32(b);
  du_int q, r;
  if (bh == 0) {
    if (bl == 0) {
      divide_by_zero();
      if (rem) *rem = a;
      return 0;
    }
    if (ah == 0) { /* 32 / 32: one hardware DIVU */
      q = al / bl;
      r = al % bl;
    } else if (ah < bl) { /* quotient fits in 32 bits */
      su_int rr;
      q = divlu(ah, al, bl, &rr);
      r = rr;
    } else { /* two steps: high word first, then (remainder:low word) */
      su_int qh = ah / bl, rr;
      su_int ql = divlu(ah % bl, al, bl, &rr);
      q = make64(qh, ql);
      r = rr;
    }
  } else if (a < b) {
    q = 0;
    r = a;
  } else {
    /*
     * Divisor ≥ 2^32, so the quotient is < 2^32. Hacker's Delight §9-5 "udivdi3":
     * take the top 32 bits of b after normalisation (v1 ≥ 2^31), divide a/2 by it —
     * which cannot overflow — and scale back; the estimate is the true quotient or one
     * more, so step down once and up at most once using the exact remainder.
     */
    int n = nlz(bh);
    su_int v1 = hi32(b << n);
    du_int a1 = a >> 1;
    su_int unused;
    su_int q1 = divlu(hi32(a1), lo32(a1), v1, &unused);
    du_int q0 = ((du_int)q1 << n) >> 31;
    if (q0 != 0) q0--;
    r = a - q0 * b;
    if (r >= b) {
      q0++;
      r -= b;
    }
    q = q0;
  }
  if (rem) *rem = r;
  return q;
}

du_int ZK_RT(__udivdi3)(du_int a, du_int b) { return ZK_RT(__udivmoddi4)(a, b, 0); }

du_int ZK_RT(__umoddi3)(du_int a, du_int b) {
  du_int r;
  ZK_RT(__udivmoddi4)(a, b, &r);
  return r;
}

/* Signed division truncates toward zero; the remainder has the dividend's sign.
   Magnitudes are computed in unsigned arithmetic, so INT64_MIN needs no special case
   and INT64_MIN / -1 wraps to INT64_MIN. */
di_int ZK_RT(__divmoddi4)(di_int a, di_int b, di_int *rem) {
  du_int ua = a < 0 ? 0 - (du_int)a : (du_int)a;
  du_int ub = b < 0 ? 0 - (du_int)b : (du_int)b;
  du_int ur;
  du_int uq = ZK_RT(__udivmoddi4)(ua, ub, &ur);
  if ((a < 0) != (b < 0)) uq = 0 - uq;
  if (a < 0) ur = 0 - ur;
  if (rem) *rem = (di_int)ur;
  return (di_int)uq;
}

di_int ZK_RT(__divdi3)(di_int a, di_int b) { return ZK_RT(__divmoddi4)(a, b, 0); }

di_int ZK_RT(__moddi3)(di_int a, di_int b) {
  di_int r;
  ZK_RT(__divmoddi4)(a, b, &r);
  return r;
}

/* ---- shifts (amounts 0..63; larger is undefined in C, we use the low 6 bits) ------ */

di_int ZK_RT(__ashldi3)(di_int a, int b) {
  su_int h = hi32((du_int)a), l = lo32((du_int)a);
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) return (di_int)make64(l << (b - 32), 0);
  return (di_int)make64((h << b) | (l >> (32 - b)), l << b);
}

di_int ZK_RT(__lshrdi3)(di_int a, int b) {
  su_int h = hi32((du_int)a), l = lo32((du_int)a);
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) return (di_int)make64(0, h >> (b - 32));
  return (di_int)make64(h >> b, (l >> b) | (h << (32 - b)));
}

di_int ZK_RT(__ashrdi3)(di_int a, int b) {
  si_int h = (si_int)hi32((du_int)a);
  su_int l = lo32((du_int)a);
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) return (di_int)make64((su_int)(h >> 31), (su_int)(h >> (b - 32)));
  return (di_int)make64((su_int)(h >> b), (l >> b) | ((su_int)h << (32 - b)));
}

/* ---- multiplication, negation, comparison --------------------------------------------- */

di_int ZK_RT(__muldi3)(di_int a, di_int b) {
  su_int ah = hi32((du_int)a), al = lo32((du_int)a), bh = hi32((du_int)b), bl = lo32((du_int)b);
  du_int low = (du_int)al * bl; /* MULTU */
  return (di_int)(low + ((du_int)(ah * bl + al * bh) << 32));
}

di_int ZK_RT(__negdi2)(di_int a) { return (di_int)(0 - (du_int)a); }

/* libgcc convention: 0 if a < b, 1 if equal, 2 if a > b. */
si_int ZK_RT(__cmpdi2)(di_int a, di_int b) { return a < b ? 0 : a == b ? 1 : 2; }
si_int ZK_RT(__ucmpdi2)(du_int a, du_int b) { return a < b ? 0 : a == b ? 1 : 2; }

/* ---- bit operations (written without the builtins they implement) ------------------ */

su_int ZK_RT(__bswapsi2)(su_int x) {
  return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

du_int ZK_RT(__bswapdi2)(du_int x) {
  return make64(ZK_RT(__bswapsi2)(lo32(x)), ZK_RT(__bswapsi2)(hi32(x)));
}

static int clz32_soft(su_int x) {
  int n = 0;
  if (x == 0) return 32;
  if (!(x & 0xffff0000)) n += 16, x <<= 16;
  if (!(x & 0xff000000)) n += 8, x <<= 8;
  if (!(x & 0xf0000000)) n += 4, x <<= 4;
  if (!(x & 0xc0000000)) n += 2, x <<= 2;
  if (!(x & 0x80000000)) n += 1;
  return n;
}

static int ctz32_soft(su_int x) {
  int n = 0;
  if (x == 0) return 32;
  if (!(x & 0xffff)) n += 16, x >>= 16;
  if (!(x & 0xff)) n += 8, x >>= 8;
  if (!(x & 0xf)) n += 4, x >>= 4;
  if (!(x & 0x3)) n += 2, x >>= 2;
  if (!(x & 0x1)) n += 1;
  return n;
}

static int popcount32_soft(su_int x) {
  x = x - ((x >> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >> 2) & 0x33333333);
  x = (x + (x >> 4)) & 0x0f0f0f0f;
  return (int)((x * 0x01010101) >> 24);
}

/* clz/ctz of 0 are undefined for the builtins; these return the bit width. */
si_int ZK_RT(__clzsi2)(su_int x) { return clz32_soft(x); }
si_int ZK_RT(__ctzsi2)(su_int x) { return ctz32_soft(x); }
si_int ZK_RT(__clzdi2)(du_int x) {
  return hi32(x) ? clz32_soft(hi32(x)) : 32 + clz32_soft(lo32(x));
}
si_int ZK_RT(__ctzdi2)(du_int x) {
  return lo32(x) ? ctz32_soft(lo32(x)) : 32 + ctz32_soft(hi32(x));
}
si_int ZK_RT(__popcountsi2)(su_int x) { return popcount32_soft(x); }
si_int ZK_RT(__popcountdi2)(du_int x) { return popcount32_soft(hi32(x)) + popcount32_soft(lo32(x)); }
si_int ZK_RT(__paritysi2)(su_int x) { return popcount32_soft(x) & 1; }
si_int ZK_RT(__paritydi2)(du_int x) { return popcount32_soft(hi32(x) ^ lo32(x)) & 1; }
si_int ZK_RT(__ffssi2)(su_int x) { return x ? ctz32_soft(x) + 1 : 0; }
si_int ZK_RT(__ffsdi2)(du_int x) { return x ? ZK_RT(__ctzdi2)(x) + 1 : 0; }
