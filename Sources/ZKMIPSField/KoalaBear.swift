/// An element of the KoalaBear prime field, p = 2^31 − 2^24 + 1 = 0x7f00_0001.
///
/// KoalaBear has two-adicity 24 (p − 1 = 2^24 · 127) and x ↦ x^3 is a permutation
/// (gcd(3, p − 1) = 1), which is what makes Poseidon2's cube S-box possible.
///
/// Elements are stored in Montgomery form, `a · 2^32 mod p`, so that a product costs one
/// 64-bit multiply and one Montgomery reduction. The stored word is always in [0, p), so it
/// is a bijective image of the canonical integer ``value``: equality and hashing on it are
/// equality and hashing on canonical values.
@frozen
public struct KoalaBear: Sendable {
  /// The modulus p = 2^31 − 2^24 + 1.
  public static let modulus: UInt32 = 0x7f00_0001
  /// p^−1 mod 2^32 (so p · 0x8100_0001 ≡ 1), used by the Montgomery reduction.
  @usableFromInline static let inverseModulus: UInt32 = 0x8100_0001
  /// 2^64 mod p (R^2 for R = 2^32), used to enter Montgomery form.
  @usableFromInline static let montgomeryR2: UInt32 = 0x17f7_efe4

  /// The Montgomery representation `a · 2^32 mod p`, always in [0, p).
  @usableFromInline var montgomery: UInt32

  @inlinable @inline(__always)
  init(montgomery: UInt32) { self.montgomery = montgomery }

  /// Creates an element from a Montgomery-form word already reduced below p.
  ///
  /// - Precondition: `raw < p` (checked in debug builds only; this sits in hot paths).
  @inlinable @inline(__always)
  public static func fromMontgomery(_ raw: UInt32) -> KoalaBear {
    assert(raw < modulus, "Montgomery word not reduced")
    return KoalaBear(montgomery: raw)
  }

  /// The Montgomery-form word `a · 2^32 mod p`; for SIMD kernels that work on raw lanes.
  @inlinable @inline(__always)
  public var montgomeryValue: UInt32 { montgomery }

  /// Creates the element congruent to `value` mod p (any `UInt32` is accepted).
  @inlinable @inline(__always)
  public init(_ value: UInt32) {
    montgomery = KoalaBear.reduce(UInt64(value) &* UInt64(KoalaBear.montgomeryR2))
  }

  /// Creates the element `value` if it is canonical (below p), else `nil`.
  @inlinable
  public init?(canonical value: UInt32) {
    guard value < KoalaBear.modulus else { return nil }
    self.init(value)
  }

  /// The canonical integer in [0, p).
  @inlinable @inline(__always)
  public var value: UInt32 { KoalaBear.reduce(UInt64(montgomery)) }

  /// The additive identity.
  public static let zero = KoalaBear(montgomery: 0)
  /// The multiplicative identity.
  ///
  /// Stored as the literal Montgomery word 2^32 mod p = 2^32 − 2p, so the global has a
  /// static initialiser and hot code never goes through a lazy-initialisation check.
  public static let one = KoalaBear(montgomery: 0x01ff_fffe)

  /// Montgomery reduction: x · 2^−32 mod p in [0, p), for x < p · 2^32.
  ///
  /// q = (x mod 2^32) · p^−1 mod 2^32 makes x − q·p divisible by 2^32, so the result is
  /// hi(x) − hi(q·p), which lies in (−p, p) when x < p · 2^32; one conditional add of p
  /// fixes the sign. Written with a compare and wrapping arithmetic so loops vectorise.
  @inlinable @inline(__always)
  static func reduce(_ x: UInt64) -> UInt32 {
    let q = UInt32(truncatingIfNeeded: x) &* inverseModulus
    let qp = UInt64(q) &* UInt64(modulus)
    let hi = UInt32(truncatingIfNeeded: (x &- qp) &>> 32)
    return x < qp ? hi &+ modulus : hi
  }

  /// Montgomery reduction for sums of up to four products, x < 2p · 2^32.
  ///
  /// hi(x) < 2p here, so hi(x) − hi(q·p) ∈ (−p, 2p): one conditional add and one
  /// conditional subtract make it canonical. Used by the extension field to reduce a whole
  /// inner product once.
  @inlinable @inline(__always)
  static func reduceSum(_ x: UInt64) -> UInt32 {
    let q = UInt32(truncatingIfNeeded: x) &* inverseModulus
    let qp = UInt64(q) &* UInt64(modulus)
    let hi = UInt32(truncatingIfNeeded: (x &- qp) &>> 32)
    if x < qp { return hi &+ modulus }
    return hi >= modulus ? hi &- modulus : hi
  }

  /// The sum a + b.
  @inlinable @inline(__always)
  public static func + (a: KoalaBear, b: KoalaBear) -> KoalaBear {
    let s = a.montgomery &+ b.montgomery
    let r = s &- modulus
    return KoalaBear(montgomery: r < s ? r : s)
  }

  /// The difference a − b.
  @inlinable @inline(__always)
  public static func - (a: KoalaBear, b: KoalaBear) -> KoalaBear {
    let d = a.montgomery &- b.montgomery
    let r = d &+ modulus
    return KoalaBear(montgomery: r < d ? r : d)
  }

  /// The additive inverse −a.
  @inlinable @inline(__always)
  public static prefix func - (a: KoalaBear) -> KoalaBear { .zero - a }

  /// The product a · b.
  @inlinable @inline(__always)
  public static func * (a: KoalaBear, b: KoalaBear) -> KoalaBear {
    KoalaBear(montgomery: reduce(UInt64(a.montgomery) &* UInt64(b.montgomery)))
  }

  /// `a = a + b`.
  @inlinable @inline(__always)
  public static func += (a: inout KoalaBear, b: KoalaBear) { a = a + b }
  /// `a = a − b`.
  @inlinable @inline(__always)
  public static func -= (a: inout KoalaBear, b: KoalaBear) { a = a - b }
  /// `a = a · b`.
  @inlinable @inline(__always)
  public static func *= (a: inout KoalaBear, b: KoalaBear) { a = a * b }

  /// `self` squared.
  @inlinable @inline(__always)
  public func squared() -> KoalaBear { self * self }

  /// `self` doubled.
  @inlinable @inline(__always)
  public func doubled() -> KoalaBear { self + self }

  /// `self` divided by 2, without a multiply: x/2 for even Montgomery words, (x + p)/2 for odd.
  @inlinable @inline(__always)
  public func halved() -> KoalaBear {
    let m = montgomery
    return KoalaBear(montgomery: (m &>> 1) &+ ((0 &- (m & 1)) & ((KoalaBear.modulus &+ 1) &>> 1)))
  }

  /// `self` raised to `exponent` by square-and-multiply.
  ///
  /// - Complexity: O(log `exponent`) multiplications.
  @inlinable
  public func power(_ exponent: UInt64) -> KoalaBear {
    var result = KoalaBear.one
    var base = self
    var e = exponent
    while e != 0 {
      if e & 1 == 1 { result *= base }
      base *= base
      e >>= 1
    }
    return result
  }

  /// The multiplicative inverse, or `nil` for zero (Fermat: a^(p−2)).
  ///
  /// - Complexity: about 45 multiplications; use ``batchInverse(_:)`` for many elements.
  @inlinable
  public func inverse() -> KoalaBear? {
    montgomery == 0 ? nil : power(UInt64(KoalaBear.modulus) - 2)
  }
}

extension KoalaBear: Equatable, Hashable {
  /// Equality of canonical values (the stored Montgomery word determines the value).
  @inlinable @inline(__always)
  public static func == (a: KoalaBear, b: KoalaBear) -> Bool { a.montgomery == b.montgomery }

  /// Hashes the canonical value, so the hash does not depend on the internal encoding.
  @inlinable
  public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension KoalaBear: CustomStringConvertible {
  /// The canonical value in decimal.
  public var description: String { String(value) }
}
