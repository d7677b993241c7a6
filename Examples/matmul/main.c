/*
 * matmul: C = A * B for N x N matrices of 32-bit integers (arithmetic wraps mod 2^32),
 * and prints a checksum of C.
 *
 * Input: N in decimal on stdin (1..256); default 64. A and B are filled from xorshift32
 * (seed 1 for A, then continuing for B), row-major, full 32-bit range.
 * Checks: a Freivalds test for every N (A(Br) == Cr for a pseudo-random vector r, exact
 * in Z/2^32) and, for N = 64, the checksum computed independently by reference.py.
 * Checksum: sum over i, j of C[i][j] (as unsigned) * (i * N + j + 1), mod 2^64.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zkmips.h>

#define MAX_N 256
#define DEFAULT_N 64
#define DEFAULT_CHECKSUM 0x0041497774258760ULL /* reference.py 64 */

static uint32_t rng = 1;
static uint32_t xorshift32(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

/* Unsigned arithmetic: the same bits as wrapping int32 arithmetic, without C's UB. */
static void multiply(const uint32_t *a, const uint32_t *b, uint32_t *c, int n) {
  for (int i = 0; i < n; i++) {
    uint32_t *row = c + i * n;
    for (int j = 0; j < n; j++) row[j] = 0;
    for (int k = 0; k < n; k++) { /* i-k-j order: the inner loop walks rows */
      uint32_t aik = a[i * n + k];
      const uint32_t *brow = b + k * n;
      for (int j = 0; j < n; j++) row[j] += aik * brow[j];
    }
  }
}

static void mat_vec(const uint32_t *m, const uint32_t *v, uint32_t *out, int n) {
  for (int i = 0; i < n; i++) {
    uint32_t s = 0;
    for (int k = 0; k < n; k++) s += m[i * n + k] * v[k];
    out[i] = s;
  }
}

int main(void) {
  size_t len;
  char *text = (char *)zk_read_input_all(&len);
  char *end;
  long n = text ? strtol(text, &end, 10) : 0;
  if (!text || end == text) n = DEFAULT_N;
  if (n < 1 || n > MAX_N) {
    eprintf("matmul: N must be between 1 and %d\n", MAX_N);
    return 2;
  }
  size_t cells = (size_t)(n * n);
  uint32_t *a = malloc(cells * 4), *b = malloc(cells * 4), *c = malloc(cells * 4);
  uint32_t *r = malloc((size_t)n * 4), *br = malloc((size_t)n * 4);
  uint32_t *abr = malloc((size_t)n * 4), *cr = malloc((size_t)n * 4);
  if (!a || !b || !c || !r || !br || !abr || !cr) {
    eprintf("matmul: out of memory\n");
    return 1;
  }
  for (size_t i = 0; i < cells; i++) a[i] = xorshift32();
  for (size_t i = 0; i < cells; i++) b[i] = xorshift32();

  multiply(a, b, c, (int)n);

  /* Freivalds: if C != AB then A(Br) != Cr for most r; here a wrong C shows up unless
     the error happens to be orthogonal to r. */
  for (long i = 0; i < n; i++) r[i] = xorshift32() | 1;
  mat_vec(b, r, br, (int)n);
  mat_vec(a, br, abr, (int)n);
  mat_vec(c, r, cr, (int)n);
  for (long i = 0; i < n; i++)
    if (abr[i] != cr[i]) {
      eprintf("matmul: Freivalds check failed at row %ld\n", i);
      return 1;
    }

  uint64_t checksum = 0;
  for (size_t i = 0; i < cells; i++) checksum += (uint64_t)c[i] * (uint64_t)(i + 1);
  if (n == DEFAULT_N && checksum != DEFAULT_CHECKSUM) {
    eprintf("matmul: checksum %016llx, reference.py says %016llx\n",
            (unsigned long long)checksum, (unsigned long long)DEFAULT_CHECKSUM);
    return 1;
  }
  printf("matmul %ldx%ld: C[0][0] = %d, C[%ld][%ld] = %d, checksum %016llx\n", n, n,
         (int32_t)c[0], n - 1, n - 1, (int32_t)c[cells - 1], (unsigned long long)checksum);
  return 0;
}
