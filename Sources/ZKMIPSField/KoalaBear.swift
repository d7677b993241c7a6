/// An element of the KoalaBear prime field, p = 2^31 − 2^24 + 1 = 0x7f00_0001.
///
/// KoalaBear has two-adicity 24 (p − 1 = 2^24 · 127) and x ↦ x^3 is a permutation
/// (gcd(3, p − 1) = 1), which is what makes Poseidon2's cube S-box possible.
///
/// Elements are stored in Montgomery form, `a · 2^32 mod p`, so that a product costs one
/// 64-bit multiply and one Montgomery reduction. The canonical integer is ``value``.
@frozen
public struct KoalaBear: Sendable, Hashable {
  /// The modulus p = 2^31 − 2^24 + 1.
  public static let modulus: UInt32 = 0x7f00_0001
  /// −p^−1 mod 2^32, used by the Montgomery reduction.
  @usableFromInline static let negInverseModulus: UInt32 = 0x7eff_ffff
  /// 2^64 mod p (R^2 for R = 2^32), used to enter Montgomery form.
  @usableFromInline static let montgomeryR2: UInt32 = 0x17f7_efe4

  /// The Montgomery representation `a · 2^32 mod p`, always in [0, p).
  @usableFromInline var montgomery: UInt32

  @inlinable @inline(__always)
  init(montgomery: UInt32) { self.montgomery = montgomery }

  /// Creates an element from a Montgomery-form word already reduced below p.
  ///
  /// - Precondition: `raw < p`.
  @inlinable @inline(__always)
  public static func fromMontgomery(_ raw: UInt32) -> KoalaBear { KoalaBear(montgomery: raw) }

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

  public static let zero = KoalaBear(montgomery: 0)
  public static let one = KoalaBear(1)

  /// Montgomery reduction: returns x · 2^−32 mod p for x < p · 2^32.
  @inlinable @inline(__always)
  static func reduce(_ x: UInt64) -> UInt32 {
    let m = UInt32(truncatingIfNeeded: x) &* negInverseModulus
    let t = (x &+ UInt64(m) &* UInt64(modulus)) &>> 32
    let r = UInt32(truncatingIfNeeded: t)
    return r >= modulus ? r &- modulus : r
  }

  @inlinable @inline(__always)
  public static func + (a: KoalaBear, b: KoalaBear) -> KoalaBear {
    let s = a.montgomery &+ b.montgomery
    return KoalaBear(montgomery: s >= modulus ? s &- modulus : s)
  }

  @inlinable @inline(__always)
  public static func - (a: KoalaBear, b: KoalaBear) -> KoalaBear {
    let d = a.montgomery &- b.montgomery
    return KoalaBear(montgomery: a.montgomery < b.montgomery ? d &+ modulus : d)
  }

  @inlinable @inline(__always)
  public static prefix func - (a: KoalaBear) -> KoalaBear { .zero - a }

  @inlinable @inline(__always)
  public static func * (a: KoalaBear, b: KoalaBear) -> KoalaBear {
    KoalaBear(montgomery: reduce(UInt64(a.montgomery) &* UInt64(b.montgomery)))
  }

  @inlinable @inline(__always)
  public static func += (a: inout KoalaBear, b: KoalaBear) { a = a + b }
  @inlinable @inline(__always)
  public static func -= (a: inout KoalaBear, b: KoalaBear) { a = a - b }
  @inlinable @inline(__always)
  public static func *= (a: inout KoalaBear, b: KoalaBear) { a = a * b }

  /// `self` raised to `exponent` by square-and-multiply.
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

  /// The multiplicative inverse, or `nil` for zero.
  @inlinable
  public func inverse() -> KoalaBear? {
    montgomery == 0 ? nil : power(UInt64(KoalaBear.modulus) - 2)
  }
}

extension KoalaBear: CustomStringConvertible {
  public var description: String { String(value) }
}
