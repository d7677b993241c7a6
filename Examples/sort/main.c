/*
 * sort: sorts 32-bit signed integers with a hand-written merge sort and prints a
 * checksum of the sorted order.
 *
 * Input: whitespace-separated decimal integers on stdin. With no integers on stdin the
 * program sorts a default array of 10,000 values from Marsaglia's xorshift32 (seed
 * 2463534242), and checks the result against the values reference.py computes
 * independently with Python's sorted().
 *
 * Checks on every run: the output is in order, and it is a permutation of the input
 * (count, 64-bit sum and a 64-bit sum of mixed values are unchanged).
 * Checksum: sum over i of (i + 1) * a[i], mod 2^64, on the sorted array.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zkmips.h>

#define DEFAULT_COUNT 10000

/* Merge sort of a[lo, hi) using tmp (same size as a) as scratch; insertion sort below
   16 elements, where it beats merging. */
static void merge_sort(int32_t *a, int32_t *tmp, size_t lo, size_t hi) {
  if (hi - lo <= 16) {
    for (size_t i = lo + 1; i < hi; i++) {
      int32_t v = a[i];
      size_t j = i;
      for (; j > lo && a[j - 1] > v; j--) a[j] = a[j - 1];
      a[j] = v;
    }
    return;
  }
  size_t mid = lo + (hi - lo) / 2;
  merge_sort(a, tmp, lo, mid);
  merge_sort(a, tmp, mid, hi);
  if (a[mid - 1] <= a[mid]) return; /* already in order */
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[j] < a[i] ? a[j++] : a[i++]; /* stable */
  while (i < mid) tmp[k++] = a[i++];
  while (j < hi) tmp[k++] = a[j++];
  memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
}

/* Order-independent fingerprint of the multiset of values. */
typedef struct {
  uint64_t sum, mixed;
} fingerprint;

static fingerprint fingerprint_of(const int32_t *a, size_t n) {
  fingerprint f = {0, 0};
  for (size_t i = 0; i < n; i++) {
    uint64_t x = (uint64_t)(int64_t)a[i];
    f.sum += x;
    x = (x ^ (x >> 31)) * 0x9e3779b97f4a7c15ULL; /* any fixed mixing function will do */
    f.mixed += x ^ (x >> 29);
  }
  return f;
}

/* Parses integers from text; returns the count and stores a malloc'd array in *out. */
static size_t parse_ints(const char *text, int32_t **out) {
  size_t n = 0, cap = 1024;
  int32_t *a = malloc(cap * sizeof *a);
  const char *p = text;
  for (;;) {
    char *end;
    long v = strtol(p, &end, 10);
    if (end == p) break;
    if (n == cap) {
      cap *= 2;
      a = realloc(a, cap * sizeof *a);
    }
    if (!a) {
      eprintf("sort: out of memory\n");
      exit(1);
    }
    a[n++] = (int32_t)v;
    p = end;
  }
  *out = a;
  return n;
}

int main(void) {
  size_t len, n;
  char *text = (char *)zk_read_input_all(&len);
  int32_t *a = NULL;
  n = text ? parse_ints(text, &a) : 0;
  int is_default = n == 0;
  if (is_default) {
    n = DEFAULT_COUNT;
    a = malloc(n * sizeof *a);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      a[i] = (int32_t)x;
    }
  }
  int32_t *tmp = malloc(n * sizeof *tmp + 1);
  if (!a || !tmp) {
    eprintf("sort: out of memory\n");
    return 1;
  }

  fingerprint before = fingerprint_of(a, n);
  merge_sort(a, tmp, 0, n);
  fingerprint after = fingerprint_of(a, n);

  for (size_t i = 1; i < n; i++)
    if (a[i - 1] > a[i]) {
      eprintf("sort: not sorted at index %u: %d > %d\n", (unsigned)i, a[i - 1], a[i]);
      return 1;
    }
  if (before.sum != after.sum || before.mixed != after.mixed) {
    eprintf("sort: output is not a permutation of the input\n");
    return 1;
  }
  uint64_t checksum = 0;
  for (size_t i = 0; i < n; i++) checksum += (uint64_t)(i + 1) * (uint64_t)(int64_t)a[i];

  if (is_default) {
    /* From reference.py (Python's sorted() on the same xorshift32 sequence). */
    const int32_t want_min = -2146516425, want_median = -14744433, want_max = 2147412165;
    const uint64_t want_checksum = 0x007a25acd66ceaeaULL;
    if (a[0] != want_min || a[n / 2] != want_median || a[n - 1] != want_max ||
        checksum != want_checksum) {
      eprintf("sort: default array gave min %d median %d max %d checksum %016llx; "
              "reference.py says %d %d %d %016llx\n",
              a[0], a[n / 2], a[n - 1], (unsigned long long)checksum, want_min, want_median,
              want_max, (unsigned long long)want_checksum);
      return 1;
    }
  }
  printf("sorted %u integers: min %d, median %d, max %d, checksum %016llx\n", (unsigned)n,
         a[0], a[n / 2], a[n - 1], (unsigned long long)checksum);
  return 0;
}
