#!/usr/bin/env python3
"""Independent reference for Examples/matmul: python3 reference.py [N] (default 64).

Builds the same xorshift32 matrices, multiplies them with exact Python integers and
reduces mod 2^32 only at the end, then prints the line the guest prints.
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 64
state = 1


def xorshift32():
    global state
    x = state
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    state = x
    return x


def signed(v):
    return v - (1 << 32) if v >= 1 << 31 else v


a = [[xorshift32() for _ in range(n)] for _ in range(n)]
b = [[xorshift32() for _ in range(n)] for _ in range(n)]
# Signed interpretation: the guest computes in int32 (wrapping), which equals this mod 2^32.
c = [[sum(signed(a[i][k]) * signed(b[k][j]) for k in range(n)) % 2**32 for j in range(n)] for i in range(n)]
checksum = sum(c[i][j] * (i * n + j + 1) for i in range(n) for j in range(n)) % 2**64
print(f"matmul {n}x{n}: C[0][0] = {signed(c[0][0])}, C[{n-1}][{n-1}] = {signed(c[n-1][n-1])}, checksum {checksum:016x}")
