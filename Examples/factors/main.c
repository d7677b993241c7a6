/*
 * factors: proves that the public number N (stdin) is composite without revealing its
 * factors — the hint-stream demo.
 *
 * Public input (fd 0): N in decimal (64-bit); default 999962000357 = 999979 * 999983.
 * Private hint (fd 3): "p q" in decimal, a claimed factorization. The guest only checks
 * 1 < p, q < N and p * q == N (exactly, no 64-bit overflow), so the proof shows the
 * prover knows a factorization; the output names N but not p or q.
 * Without a hint the guest searches for a factor itself by trial division (odd divisors
 * up to sqrt(N)): the same output, but ~100 million instructions for the default N
 * instead of a few thousand — the reason zkVMs take hints.
 *
 *   qemu-mipsel factors.elf < input.txt 3< hints.txt
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zkmips.h>

#define DEFAULT_N 999962000357ULL

/* Parses up to `max` unsigned decimal numbers from text; returns how many. */
static int parse_numbers(const char *text, uint64_t *out, int max) {
  int n = 0;
  const char *p = text;
  while (text && n < max) {
    char *end;
    uint64_t v = strtoull(p, &end, 10);
    if (end == p) break;
    out[n++] = v;
    p = end;
  }
  return n;
}

/* Smallest odd factor of odd n > 1 by trial division, or 0 if n is prime. */
static uint64_t trial_division(uint64_t n) {
  if (n % 2 == 0) return n > 2 ? 2 : 0;
  /* d * d <= n without overflow: d <= n / d */
  for (uint64_t d = 3; d <= n / d; d += 2)
    if (n % d == 0) return d;
  return 0;
}

int main(void) {
  size_t len;
  uint64_t n_value[1], hint[2];
  char *input = (char *)zk_read_input_all(&len);
  uint64_t n = parse_numbers(input, n_value, 1) == 1 ? n_value[0] : DEFAULT_N;
  char *hints = (char *)zk_read_hint_all(&len);
  int nhints = parse_numbers(hints, hint, 2);

  if (n < 4) {
    printf("N = %llu is not composite\n", (unsigned long long)n);
    return 1;
  }
  if (nhints == 2) {
    uint64_t p = hint[0], q = hint[1];
    if (p <= 1 || q <= 1 || p >= n || q >= n || n % p != 0 || n / p != q) {
      eprintf("factors: the hint is not a factorization of N\n");
      return 1;
    }
  } else {
    if (nhints != 0) eprintf("factors: ignoring a malformed hint\n");
    if (trial_division(n) == 0) {
      printf("N = %llu is prime\n", (unsigned long long)n);
      return 1;
    }
  }
  printf("N = %llu is composite: a factorization was verified\n", (unsigned long long)n);
  return 0;
}
