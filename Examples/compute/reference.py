#!/usr/bin/env python3
"""Independent reference for Examples/compute: python3 reference.py [N] (default 10^7).

A plain Python sieve; prints the guest's line (the re-check count is the number of
primes whose index is a multiple of 25, which is floor(pi(N) / 25)).
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
sieve = bytearray([1]) * n
sieve[0:2] = b"\x00\x00"
for p in range(2, int(n**0.5) + 1):
    if sieve[p]:
        sieve[p * p :: p] = bytes(len(range(p * p, n, p)))
primes = [i for i in range(n) if sieve[i]]
twins = sum(1 for a, b in zip(primes, primes[1:]) if b - a == 2)
print(f"primes below {n}: {len(primes)}, sum {sum(primes)}, twin pairs {twins}, "
      f"{len(primes) // 25} re-checked by division")
