import ZKMIPSField

// MARK: - Lane arithmetic for the Poseidon2 rounds
//
// The rounds are written generically over "lanes": a lane is either one Montgomery-form
// KoalaBear word (`UInt32`, used for the scalar S-box of the single-state kernel) or eight of
// them (`SIMD8<UInt32>`: eight independent permutations in AVX2 registers, or one state split
// across two vectors in `Poseidon2+SingleState.swift`). Every operation here
// is `@inline(__always)` so that the generic round functions specialise into straight-line
// code with no calls (PERFORMANCE.md habits 3 and 8).
//
// All words are Montgomery representatives a·2^32 mod p in [0, p). Multiplying a Montgomery
// representative by a *field constant* c (2, 1/2, 2^−k, ...) directly gives the
// representative of a·c, because x ↦ x·c is linear; that is why the cheap internal-layer
// multiplications below need no Montgomery reduction.

/// Arithmetic on Montgomery-form KoalaBear words that the Poseidon2 rounds need.
protocol Poseidon2Lanes {
  /// Every lane set to the Montgomery word `word`.
  static func broadcast(_ word: UInt32) -> Self
  /// a + b mod p.
  static func add(_ a: Self, _ b: Self) -> Self
  /// a − b mod p.
  static func sub(_ a: Self, _ b: Self) -> Self
  /// The Montgomery product a·b·2^−32 mod p, i.e. the representative of the field product.
  static func mul(_ a: Self, _ b: Self) -> Self
  /// a / 2 mod p.
  static func halve(_ a: Self) -> Self
  /// a / 2^k mod p for 1 ≤ k ≤ 24 (the caller passes a literal so the shifts are immediates).
  static func divPow2(_ a: Self, _ k: UInt32) -> Self
}

/// Constants of the KoalaBear field used by the lane arithmetic.
enum KoalaBearWord {
  /// p = 2^31 − 2^24 + 1.
  static let p: UInt32 = 0x7f00_0001
  /// p^−1 mod 2^32: q = t·p^−1 makes t − q·p divisible by 2^32 (the "signed" Montgomery form,
  /// which needs no final conditional subtraction beyond one `min`).
  static let pInverse: UInt32 = 0x8100_0001
  /// (p + 1) / 2, the representative of 1/2 added when halving an odd word.
  static let halfPPlusOne: UInt32 = 0x3f80_0001
}

extension UInt32: Poseidon2Lanes {
  @inline(__always)
  static func broadcast(_ word: UInt32) -> UInt32 { word }

  @inline(__always)
  static func add(_ a: UInt32, _ b: UInt32) -> UInt32 {
    // a, b < p < 2^31, so the sum does not wrap; if s < p then s − p wraps above s.
    let s = a &+ b
    return Swift.min(s, s &- KoalaBearWord.p)
  }

  @inline(__always)
  static func sub(_ a: UInt32, _ b: UInt32) -> UInt32 {
    // If a < b the difference wraps to ≥ 2^32 − p > p and adding p brings it below p.
    let d = a &- b
    return Swift.min(d, d &+ KoalaBearWord.p)
  }

  @inline(__always)
  static func mul(_ a: UInt32, _ b: UInt32) -> UInt32 {
    let t = UInt64(a) &* UInt64(b)
    let q = UInt32(truncatingIfNeeded: t) &* KoalaBearWord.pInverse
    let qp = UInt64(q) &* UInt64(KoalaBearWord.p)
    // t ≡ q·p (mod 2^32), so (t − q·p)/2^32 = hi(t) − hi(q·p) ∈ (−p, p).
    let d = UInt32(truncatingIfNeeded: t &>> 32) &- UInt32(truncatingIfNeeded: qp &>> 32)
    return Swift.min(d, d &+ KoalaBearWord.p)
  }

  @inline(__always)
  static func halve(_ a: UInt32) -> UInt32 {
    // Odd a: (a + p)/2 = ⌊a/2⌋ + (p + 1)/2, which stays below p.
    (a &>> 1) &+ ((0 &- (a & 1)) & KoalaBearWord.halfPPlusOne)
  }

  @inline(__always)
  static func divPow2(_ a: UInt32, _ k: UInt32) -> UInt32 {
    // Write a = hi·2^k + lo. Since 127·2^24 = p − 1 ≡ −1, 2^−k ≡ −127·2^(24−k), hence
    // a·2^−k ≡ hi − lo·127·2^(24−k), and lo·127·2^(24−k) < 127·2^24 < p.
    let hi = a &>> k
    let lo = a & ((1 &<< k) &- 1)
    let t = (lo &<< (31 &- k)) &- (lo &<< (24 &- k))
    return sub(hi, t)
  }
}

/// Lane-wise unsigned minimum written as a per-lane loop, which LLVM turns into one
/// `vpminud`; the stdlib's generic `pointwiseMin` was outlined inside large kernels.
@inline(__always)
func laneMin(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
  var r = a
  for i in 0..<8 { r[i] = b[i] < a[i] ? b[i] : a[i] }
  return r
}

extension SIMD8: Poseidon2Lanes where Scalar == UInt32 {
  @inline(__always)
  static func broadcast(_ word: UInt32) -> SIMD8<UInt32> { SIMD8(repeating: word) }

  @inline(__always)
  static func add(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let s = a &+ b
    return laneMin(s, s &- SIMD8(repeating: KoalaBearWord.p))
  }

  @inline(__always)
  static func sub(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let d = a &- b
    return laneMin(d, d &+ SIMD8(repeating: KoalaBearWord.p))
  }

  @inline(__always)
  static func mul(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    // Even/odd Montgomery multiply (PERFORMANCE.md habit 2): view the eight 32-bit lanes as
    // four 64-bit lanes; `(x & low) &* (y & low)` is one `vpmuludq` on the even lanes and
    // `x >> 32` exposes the odd lanes.
    let low = SIMD4<UInt64>(repeating: 0xffff_ffff)
    let a64 = unsafeBitCast(a, to: SIMD4<UInt64>.self)
    let b64 = unsafeBitCast(b, to: SIMD4<UInt64>.self)
    let pInv = SIMD4<UInt64>(repeating: UInt64(KoalaBearWord.pInverse))
    let p64 = SIMD4<UInt64>(repeating: UInt64(KoalaBearWord.p))
    let tEven = (a64 & low) &* (b64 & low)
    let tOdd = (a64 &>> 32) &* (b64 &>> 32)
    let qEven = (tEven & low) &* pInv
    let qOdd = (tOdd & low) &* pInv
    let qpEven = (qEven & low) &* p64
    let qpOdd = (qOdd & low) &* p64
    // High halves back into 32-bit lane order: even results shifted down, odd ones in place.
    let tHigh = (tEven &>> 32) | (tOdd & ~low)
    let qpHigh = (qpEven &>> 32) | (qpOdd & ~low)
    let d =
      unsafeBitCast(tHigh, to: SIMD8<UInt32>.self) &- unsafeBitCast(qpHigh, to: SIMD8<UInt32>.self)
    return laneMin(d, d &+ SIMD8(repeating: KoalaBearWord.p))
  }

  @inline(__always)
  static func halve(_ a: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let odd = a & SIMD8(repeating: 1)
    return (a &>> 1) &+ ((SIMD8.zero &- odd) & SIMD8(repeating: KoalaBearWord.halfPPlusOne))
  }

  @inline(__always)
  static func divPow2(_ a: SIMD8<UInt32>, _ k: UInt32) -> SIMD8<UInt32> {
    let hi = a &>> k
    let lo = a & SIMD8(repeating: (1 &<< k) &- 1)
    let t = (lo &<< (31 &- k)) &- (lo &<< (24 &- k))
    return sub(hi, t)
  }
}
