/*
 * Soft-float runtime: the helpers clang calls for float and double arithmetic under
 * -msoft-float (the zkMIPS machine has no FPU). IEEE 754 binary32/binary64 with
 * round-to-nearest-even, subnormals, infinities and NaNs (results that are NaN are
 * quiet; a NaN operand is returned quieted). No exception flags, no other rounding
 * modes. Out-of-range float-to-integer conversions (undefined in C) saturate; NaN
 * converts to 0.
 *
 * The arithmetic lives in softfloat.inc, included once per format. Like runtime.c, this
 * file also compiles natively (ZK_RUNTIME_PREFIX) for guest/tests/softfloat_test.c,
 * which compares every helper bit-for-bit with the host's hardware floating point.
 */
#include <stdint.h>

#ifndef ZK_RUNTIME_PREFIX
#define ZK_RT(name) name
#else
#define ZK_RT(name) zk_test_##name
#endif

#define FN(name) FN_##name

/* ---- binary32 ---------------------------------------------------------------------- */

#define REP uint32_t
#define SREP int32_t
#define BITS 32
#define SIG_BITS 23
#define L(name) sf_##name
#define FN_add ZK_RT(__addsf3)
#define FN_sub ZK_RT(__subsf3)
#define FN_mul ZK_RT(__mulsf3)
#define FN_div ZK_RT(__divsf3)
#define FN_neg ZK_RT(__negsf2)
#define FN_le ZK_RT(__lesf2)
#define FN_lt ZK_RT(__ltsf2)
#define FN_eq ZK_RT(__eqsf2)
#define FN_ne ZK_RT(__nesf2)
#define FN_ge ZK_RT(__gesf2)
#define FN_gt ZK_RT(__gtsf2)
#define FN_unord ZK_RT(__unordsf2)
#define FN_from_i32 ZK_RT(__floatsisf)
#define FN_from_u32 ZK_RT(__floatunsisf)
#define FN_from_i64 ZK_RT(__floatdisf)
#define FN_from_u64 ZK_RT(__floatundisf)
#define FN_to_i32 ZK_RT(__fixsfsi)
#define FN_to_u32 ZK_RT(__fixunssfsi)
#define FN_to_i64 ZK_RT(__fixsfdi)
#define FN_to_u64 ZK_RT(__fixunssfdi)

/* 24 x 24 -> 48-bit product, shifted right by 20 (= SIG_BITS - 3). */
static uint32_t sf_mul_sig(uint32_t a, uint32_t b, int *sticky) {
  uint64_t p = (uint64_t)a * b;
  *sticky = (p & ((1u << 20) - 1)) != 0;
  return (uint32_t)(p >> 20);
}

#include "softfloat.inc"

#undef REP
#undef SREP
#undef BITS
#undef SIG_BITS
#undef L
#undef FN_add
#undef FN_sub
#undef FN_mul
#undef FN_div
#undef FN_neg
#undef FN_le
#undef FN_lt
#undef FN_eq
#undef FN_ne
#undef FN_ge
#undef FN_gt
#undef FN_unord
#undef FN_from_i32
#undef FN_from_u32
#undef FN_from_i64
#undef FN_from_u64
#undef FN_to_i32
#undef FN_to_u32
#undef FN_to_i64
#undef FN_to_u64

/* ---- binary64 ---------------------------------------------------------------------- */

#define REP uint64_t
#define SREP int64_t
#define BITS 64
#define SIG_BITS 52
#define L(name) df_##name
#define FN_add ZK_RT(__adddf3)
#define FN_sub ZK_RT(__subdf3)
#define FN_mul ZK_RT(__muldf3)
#define FN_div ZK_RT(__divdf3)
#define FN_neg ZK_RT(__negdf2)
#define FN_le ZK_RT(__ledf2)
#define FN_lt ZK_RT(__ltdf2)
#define FN_eq ZK_RT(__eqdf2)
#define FN_ne ZK_RT(__nedf2)
#define FN_ge ZK_RT(__gedf2)
#define FN_gt ZK_RT(__gtdf2)
#define FN_unord ZK_RT(__unorddf2)
#define FN_from_i32 ZK_RT(__floatsidf)
#define FN_from_u32 ZK_RT(__floatunsidf)
#define FN_from_i64 ZK_RT(__floatdidf)
#define FN_from_u64 ZK_RT(__floatundidf)
#define FN_to_i32 ZK_RT(__fixdfsi)
#define FN_to_u32 ZK_RT(__fixunsdfsi)
#define FN_to_i64 ZK_RT(__fixdfdi)
#define FN_to_u64 ZK_RT(__fixunsdfdi)

/* 53 x 53 -> 106-bit product from 32-bit limbs (no 128-bit type on MIPS32), shifted
   right by 49 (= SIG_BITS - 3). */
static uint64_t df_mul_sig(uint64_t a, uint64_t b, int *sticky) {
  uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
  uint64_t lo = (mid << 32) | (uint32_t)p00;
  uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  *sticky = (lo & ((1ULL << 49) - 1)) != 0;
  return (hi << 15) | (lo >> 49);
}

#include "softfloat.inc"

/* ---- conversions between the formats ------------------------------------------------ */

uint64_t ZK_RT(__extendsfdf2)(uint32_t a) {
  uint64_t sign = (uint64_t)(a & 0x80000000u) << 32;
  uint32_t abs = a & 0x7fffffffu;
  if (abs >= 0x7f800000u) /* Inf or NaN: keep the payload, quiet a NaN */
    return sign | 0x7ff0000000000000ULL | ((uint64_t)(abs & 0x7fffffu) << 29) |
           (abs > 0x7f800000u ? 0x0008000000000000ULL : 0);
  if (abs == 0) return sign;
  int exp;
  uint32_t sig;
  sf_unpack(abs, &exp, &sig); /* exact: every float is a double */
  return sign | ((uint64_t)(exp - 127 + 1023) << 52) | ((uint64_t)(sig & 0x7fffffu) << 29);
}

uint32_t ZK_RT(__truncdfsf2)(uint64_t a) {
  uint32_t sign = (uint32_t)(a >> 32) & 0x80000000u;
  uint64_t abs = a & 0x7fffffffffffffffULL;
  if (abs >= 0x7ff0000000000000ULL) /* Inf or NaN */
    return sign | 0x7f800000u |
           (abs > 0x7ff0000000000000ULL ? 0x400000u | (uint32_t)((abs >> 29) & 0x3fffffu) : 0);
  if (abs == 0) return sign;
  int exp;
  uint64_t sig;
  df_unpack(abs, &exp, &sig);
  /* 53-bit significand -> 24 + 3 working bits: shift right by 26 with sticky. */
  uint32_t w = (uint32_t)(sig >> 26) | ((sig & ((1ULL << 26) - 1)) != 0);
  return sf_round_pack(sign, exp - 1023 + 127, w); /* handles overflow and underflow */
}
