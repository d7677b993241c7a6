/*
 * keccak: prints the Keccak-256 digest (hex) of all of stdin — the Ethereum flavour,
 * i.e. the original Keccak padding (0x01 ... 0x80), not SHA3-256's (0x06 ... 0x80).
 *
 * Keccak-f[1600] on 64-bit lanes (clang splits them into 32-bit halves for MIPS32).
 * Self-checks first, against values from pycryptodome (Crypto.Hash.keccak, 256 bits):
 *   ""    c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
 *   "abc" 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45
 * plus the "quick brown fox" sentence and messages of 135, 136 and 137 bytes around the
 * 136-byte rate (padding in the same block / a whole extra block).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zkmips.h>

#define RATE 136 /* bytes: 1600 bits - 2 * 256 bits of capacity */

static const uint64_t RC[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
    0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
    0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
    0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
    0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
    0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

/* rho offsets and pi positions along the single cycle of the pi permutation */
static const int ROT[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                            27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const int PI[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                           15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static inline uint64_t rotl64(uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }

static void keccak_f(uint64_t a[25]) {
  for (int round = 0; round < 24; round++) {
    uint64_t c[5];
    for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; x++) {
      uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    uint64_t t = a[1]; /* rho and pi together */
    for (int i = 0; i < 24; i++) {
      uint64_t next = a[PI[i]];
      a[PI[i]] = rotl64(t, ROT[i]);
      t = next;
    }
    for (int y = 0; y < 25; y += 5) { /* chi */
      uint64_t r[5];
      for (int x = 0; x < 5; x++) r[x] = a[y + x];
      for (int x = 0; x < 5; x++) a[y + x] = r[x] ^ (~r[(x + 1) % 5] & r[(x + 2) % 5]);
    }
    a[0] ^= RC[round]; /* iota */
  }
}

typedef struct {
  uint64_t state[25];
  size_t fill; /* bytes absorbed into the current block */
} keccak_ctx;

static void keccak_init(keccak_ctx *k) { memset(k, 0, sizeof *k); }

/* XORs one byte into the state; lanes are little-endian, as is this machine. */
static inline void absorb_byte(keccak_ctx *k, size_t pos, uint8_t b) {
  k->state[pos / 8] ^= (uint64_t)b << (8 * (pos % 8));
}

static void keccak_update(keccak_ctx *k, const uint8_t *p, size_t n) {
  while (n > 0) {
    if (k->fill == 0 && n >= RATE) { /* whole block: XOR lane by lane */
      for (int i = 0; i < RATE / 8; i++) {
        uint64_t lane;
        memcpy(&lane, p + 8 * i, 8);
        k->state[i] ^= lane;
      }
      keccak_f(k->state);
      p += RATE, n -= RATE;
      continue;
    }
    absorb_byte(k, k->fill++, *p++);
    n--;
    if (k->fill == RATE) {
      keccak_f(k->state);
      k->fill = 0;
    }
  }
}

static void keccak_final(keccak_ctx *k, uint8_t out[32]) {
  absorb_byte(k, k->fill, 0x01);
  absorb_byte(k, RATE - 1, 0x80); /* same byte as the 0x01 when fill == RATE - 1 */
  keccak_f(k->state);
  memcpy(out, k->state, 32);
}

static void to_hex(const uint8_t *d, size_t n, char *out) {
  for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int check(const uint8_t *msg, size_t n, const char *want) {
  /* Whole message at once, then byte by byte: both must give the expected digest. */
  for (int bytewise = 0; bytewise < 2; bytewise++) {
    keccak_ctx k;
    uint8_t d[32];
    char hex[65];
    keccak_init(&k);
    if (bytewise)
      for (size_t i = 0; i < n; i++) keccak_update(&k, msg + i, 1);
    else
      keccak_update(&k, msg, n);
    keccak_final(&k, d);
    to_hex(d, 32, hex);
    if (strcmp(hex, want) != 0) {
      eprintf("keccak self-check failed (%u bytes, bytewise %d): got %s, want %s\n",
              (unsigned)n, bytewise, hex, want);
      return 1;
    }
  }
  return 0;
}

int main(void) {
  static uint8_t a137[137];
  memset(a137, 'a', sizeof a137);
  const char *fox = "The quick brown fox jumps over the lazy dog";
  int failures = 0;
  failures += check((const uint8_t *)"", 0,
                    "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  failures += check((const uint8_t *)"abc", 3,
                    "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  failures += check((const uint8_t *)fox, strlen(fox),
                    "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
  failures += check(a137, 135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446");
  failures += check(a137, 136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e");
  failures += check(a137, 137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39");
  if (failures) return 1;

  keccak_ctx k;
  keccak_init(&k);
  static uint8_t buf[RATE * 30];
  size_t n;
  while ((n = zk_read_input(buf, sizeof buf)) > 0) keccak_update(&k, buf, n);
  uint8_t d[32];
  char hex[65];
  keccak_final(&k, d);
  to_hex(d, 32, hex);
  printf("%s\n", hex);
  return 0;
}
