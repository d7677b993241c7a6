#!/usr/bin/env python3
"""Independent reference for Examples/sort: the default array and checksum.

Usage: python3 reference.py            (default 10,000-element xorshift32 array)
       python3 reference.py < input.txt (integers from a file)
Prints the line the guest prints; main.c embeds the default values.
"""
import sys


def xorshift32(seed, n):
    x = seed
    out = []
    for _ in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out.append(x - (1 << 32) if x >= 1 << 31 else x)
    return out


def main():
    data = sys.stdin.read() if not sys.stdin.isatty() else ""
    values = [int(t) for t in data.split()]
    if not values:
        values = xorshift32(2463534242, 10000)
    a = sorted(values)
    n = len(a)
    checksum = sum((i + 1) * v for i, v in enumerate(a)) % 2**64
    print(f"sorted {n} integers: min {a[0]}, median {a[n // 2]}, max {a[-1]}, checksum {checksum:016x}")


main()
