/*
 * compute: a loop-heavy benchmark workload (~300 million MIPS instructions by default)
 * with answers that are known mathematical facts.
 *
 * Sieve of Eratosthenes over the odd numbers below N (a byte per odd number), then:
 *   pi(N)         the number of primes below N
 *   sum           the sum of those primes (64-bit)
 *   twins         the number of twin-prime pairs (p, p + 2) with p + 2 < N
 *   checked       primes re-verified by trial division (every 25th prime: DIVU-heavy)
 * Input: N in decimal on stdin (10 .. 100,000,000); default 10,000,000.
 * Self-check: pi(N) for every power of ten up to 10^8 (4, 25, 168, 1229, 9592, 78498,
 * 664579, 5761455 — standard values), and for N = 10^7 also the prime sum
 * 3203324994356 and 58980 twin pairs (both recomputed by reference.py).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zkmips.h>

#define DEFAULT_N 10000000u
#define MAX_N 100000000u
#define CHECK_EVERY 25 /* re-verify every 25th prime by trial division */

static int is_prime_by_division(uint32_t p) {
  if (p < 2) return 0;
  if (p % 2 == 0) return p == 2;
  for (uint32_t d = 3; d * d <= p; d += 2)
    if (p % d == 0) return 0;
  return 1;
}

int main(void) {
  size_t len;
  char *text = (char *)zk_read_input_all(&len);
  char *end;
  unsigned long n = text ? strtoul(text, &end, 10) : 0;
  if (!text || end == text) n = DEFAULT_N;
  if (n < 10 || n > MAX_N) {
    eprintf("compute: N must be between 10 and %u\n", MAX_N);
    return 2;
  }

  /* composite[i] describes the odd number 2i + 1. */
  uint32_t half = (uint32_t)(n / 2);
  uint8_t *composite = calloc(half, 1);
  if (!composite) {
    eprintf("compute: out of memory\n");
    return 1;
  }
  composite[0] = 1; /* 1 is not prime */
  for (uint32_t i = 1; (2 * i + 1) * (2 * i + 1) < n; i++) {
    if (composite[i]) continue;
    uint32_t p = 2 * i + 1;
    for (uint32_t j = (p * p) / 2; j < half; j += p) composite[j] = 1;
  }

  uint32_t count = 1; /* the prime 2 */
  uint64_t sum = 2;
  uint32_t twins = 0, checked = 0, bad = 0;
  uint32_t last = 2;
  for (uint32_t i = 1; i < half; i++) {
    if (composite[i]) continue;
    uint32_t p = 2 * i + 1;
    if (p >= n) break;
    count++;
    sum += p;
    if (p - last == 2) twins++;
    last = p;
    if (count % CHECK_EVERY == 0) {
      checked++;
      bad += !is_prime_by_division(p);
    }
  }

  static const uint32_t pi_of_power_of_ten[] = {0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455};
  int failed = bad != 0;
  uint32_t pow10 = 1;
  for (int e = 1; e <= 8; e++) {
    pow10 *= 10;
    if (pow10 == n && count != pi_of_power_of_ten[e]) failed = 1;
  }
  if (n == DEFAULT_N && (sum != 3203324994356ULL || twins != 58980)) failed = 1;
  if (failed) {
    eprintf("compute: wrong result for N = %lu: pi %u sum %llu twins %u (%u bad)\n", n, count,
            (unsigned long long)sum, twins, bad);
    return 1;
  }
  printf("primes below %lu: %u, sum %llu, twin pairs %u, %u re-checked by division\n", n, count,
         (unsigned long long)sum, twins, checked);
  return 0;
}
