import ZKMIPSField

// MARK: - Lane arithmetic for the Poseidon2 rounds
//
// The rounds are written generically over "lanes": a lane is either one Montgomery-form
// KoalaBear word (`UInt32`, used for the scalar S-box of the single-state kernel) or eight of
// them (`PackedKoalaBear`: eight independent permutations in AVX2 registers, or one state split
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

// The 8-lane arithmetic is the field module's `PackedKoalaBear` (even/odd Montgomery multiply,
// branch-free lane minimum); only the Poseidon2-specific spelling is added here.
extension PackedKoalaBear: Poseidon2Lanes {
  @inline(__always)
  static func broadcast(_ word: UInt32) -> PackedKoalaBear {
    PackedKoalaBear(montgomeryLanes: SIMD8(repeating: word))
  }

  @inline(__always)
  static func add(_ a: PackedKoalaBear, _ b: PackedKoalaBear) -> PackedKoalaBear { a + b }

  @inline(__always)
  static func sub(_ a: PackedKoalaBear, _ b: PackedKoalaBear) -> PackedKoalaBear { a - b }

  @inline(__always)
  static func mul(_ a: PackedKoalaBear, _ b: PackedKoalaBear) -> PackedKoalaBear { a * b }

  @inline(__always)
  static func halve(_ a: PackedKoalaBear) -> PackedKoalaBear { a.halved() }

  @inline(__always)
  static func divPow2(_ a: PackedKoalaBear, _ k: UInt32) -> PackedKoalaBear {
    a.divided(byPowerOfTwo: Int(k))
  }
}
