/*
 * fibonacci: prints F(n) mod 2^64 for n read from stdin as decimal text (default 1000).
 *
 * F(n) is computed twice, by the O(n) loop and by O(log n) "fast doubling"
 * (F(2k) = F(k)(2F(k+1) - F(k)), F(2k+1) = F(k)^2 + F(k+1)^2, valid in any ring, here
 * Z/2^64), and the two must agree. Before that the program checks known values:
 * F(10) = 55, F(50) = 12586269025, F(93) = 12200160415121876738 (the largest that fits
 * in 64 bits) and F(1000) mod 2^64 = 817770325994397771 (Python: exact F(1000) % 2**64).
 *
 *   qemu-mipsel fib.elf <<< 1000   ->  fib(1000) mod 2^64 = 817770325994397771
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zkmips.h>

static uint64_t fib_loop(uint64_t n) {
  uint64_t a = 0, b = 1;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t t = a + b;
    a = b;
    b = t;
  }
  return a;
}

static uint64_t fib_doubling(uint64_t n) {
  uint64_t a = 0, b = 1; /* (F(k), F(k+1)) for k = the bits of n seen so far */
  for (int bit = 63; bit >= 0; bit--) {
    uint64_t c = a * (2 * b - a); /* F(2k) */
    uint64_t d = a * a + b * b;   /* F(2k+1) */
    if ((n >> bit) & 1) {
      a = d;
      b = c + d;
    } else {
      a = c;
      b = d;
    }
  }
  return a;
}

static int failures;

static void expect(uint64_t n, uint64_t want) {
  uint64_t x = fib_loop(n), y = fib_doubling(n);
  if (x != want || y != want) {
    eprintf("fibonacci: F(%llu) = %llu (loop) / %llu (doubling), want %llu\n",
            (unsigned long long)n, (unsigned long long)x, (unsigned long long)y,
            (unsigned long long)want);
    failures++;
  }
}

int main(void) {
  expect(0, 0);
  expect(1, 1);
  expect(2, 1);
  expect(10, 55);
  expect(50, 12586269025ULL);
  expect(93, 12200160415121876738ULL);
  expect(1000, 817770325994397771ULL);
  if (failures) return 1;

  size_t len;
  char *text = (char *)zk_read_input_all(&len);
  char *end;
  uint64_t n = text ? strtoull(text, &end, 10) : 0;
  if (!text || end == text) n = 1000; /* empty or non-numeric input: the default */

  uint64_t f = fib_loop(n);
  if (f != fib_doubling(n)) {
    eprintf("fibonacci: loop and fast doubling disagree for n = %llu\n", (unsigned long long)n);
    return 1;
  }
  printf("fib(%llu) mod 2^64 = %llu\n", (unsigned long long)n, (unsigned long long)f);
  return 0;
}
