// Arithmetic of F_p[X]/(X^4 − 3), the challenge field (|F| = p^4 ≈ 2^124).

// MARK: - Constants

extension KoalaBearExt4 {
  /// W = 3, the constant of the defining binomial X^4 − W.
  ///
  /// Why X^4 − W is irreducible when W is a quadratic non-residue (p ≡ 1 mod 4):
  /// - If W = y^2 were a square, X^4 − W = (X^2 − y)(X^2 + y) would split, so non-residue is
  ///   necessary.
  /// - Sufficient: let α be a root in an algebraic closure. p − 1 = 2^24 · 127 and a
  ///   non-residue's order keeps the full 2-part, ord(W) = 2^24 · m with m | 127. From
  ///   α^4 = W, ord(α) = 2^26 · m. The degree d = [F_p(α) : F_p] is the least d with
  ///   ord(α) | p^d − 1, and v₂(p^d − 1) = v₂(p − 1) + v₂(d) = 24 + v₂(d) (lifting the
  ///   exponent, p ≡ 1 mod 4). So 2^26 | p^d − 1 forces 4 | d, hence d = 4 and X^4 − W is
  ///   α's minimal polynomial.
  ///
  /// 3 generates F_p^*, so it is a non-residue (3^((p−1)/2) = −1, checked in the tests,
  /// together with an independent Rabin irreducibility test). Small W also makes "× W"
  /// two additions. Plonky3 uses the same polynomial.
  public static let w = KoalaBear(3)

  /// γ = W^((p−1)/4), the primitive 4th root of unity with X^p = γ·X.
  ///
  /// Since W = 3 is the multiplicative generator, W^((p−1)/4) = 3^(127·2^22) is exactly
  /// `KoalaBear.twoAdicGenerator(logOrder: 2)` (value 0x7e01_0002).
  @usableFromInline static let frobeniusGamma = KoalaBear.twoAdicGenerator(logOrder: 2)

  /// The additive identity.
  public static let zero = KoalaBearExt4(.zero)
  /// The multiplicative identity.
  public static let one = KoalaBearExt4(.one)

  /// Whether this is the zero element.
  @inlinable public var isZero: Bool { self == .zero }

  /// The constant coefficient if the element lies in the base field, else `nil`.
  @inlinable
  public var baseValue: KoalaBear? { c1 == .zero && c2 == .zero && c3 == .zero ? c0 : nil }
}

// MARK: - Ring operations

extension KoalaBearExt4 {
  /// Multiplies by W = 3 with two additions.
  @inlinable @inline(__always)
  static func timesW(_ x: KoalaBear) -> KoalaBear { x + x + x }

  /// Σ a_i·b_i for up to four pairs, reduced once (the sum stays below 2p · 2^32).
  @inlinable @inline(__always)
  static func dot(
    _ a0: KoalaBear, _ b0: KoalaBear, _ a1: KoalaBear, _ b1: KoalaBear,
    _ a2: KoalaBear, _ b2: KoalaBear, _ a3: KoalaBear, _ b3: KoalaBear
  ) -> KoalaBear {
    let s =
      UInt64(a0.montgomery) &* UInt64(b0.montgomery) &+ UInt64(a1.montgomery)
      &* UInt64(b1.montgomery) &+ UInt64(a2.montgomery) &* UInt64(b2.montgomery)
      &+ UInt64(a3.montgomery) &* UInt64(b3.montgomery)
    return KoalaBear(montgomery: KoalaBear.reduceSum(s))
  }

  /// The sum a + b.
  @inlinable
  public static func + (a: KoalaBearExt4, b: KoalaBearExt4) -> KoalaBearExt4 {
    KoalaBearExt4(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2, a.c3 + b.c3)
  }

  /// The difference a − b.
  @inlinable
  public static func - (a: KoalaBearExt4, b: KoalaBearExt4) -> KoalaBearExt4 {
    KoalaBearExt4(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2, a.c3 - b.c3)
  }

  /// The additive inverse −a.
  @inlinable
  public static prefix func - (a: KoalaBearExt4) -> KoalaBearExt4 {
    KoalaBearExt4(-a.c0, -a.c1, -a.c2, -a.c3)
  }

  /// The product a · b: schoolbook with X^4 = W folded in, one reduction per coefficient.
  ///
  /// - Complexity: 16 word products, 4 Montgomery reductions.
  @inlinable
  public static func * (a: KoalaBearExt4, b: KoalaBearExt4) -> KoalaBearExt4 {
    let w1 = timesW(a.c1), w2 = timesW(a.c2), w3 = timesW(a.c3)
    return KoalaBearExt4(
      dot(a.c0, b.c0, w1, b.c3, w2, b.c2, w3, b.c1),
      dot(a.c0, b.c1, a.c1, b.c0, w2, b.c3, w3, b.c2),
      dot(a.c0, b.c2, a.c1, b.c1, a.c2, b.c0, w3, b.c3),
      dot(a.c0, b.c3, a.c1, b.c2, a.c2, b.c1, a.c3, b.c0))
  }

  /// `self` squared, sharing the symmetric cross terms.
  @inlinable
  public func squared() -> KoalaBearExt4 {
    let d0 = c0.doubled(), d1 = c1.doubled()
    let w2 = KoalaBearExt4.timesW(c2), w3 = KoalaBearExt4.timesW(c3)
    let wd1 = KoalaBearExt4.timesW(d1), wd2 = w2.doubled()
    let z = KoalaBear.zero
    return KoalaBearExt4(
      KoalaBearExt4.dot(c0, c0, wd1, c3, w2, c2, z, z),
      KoalaBearExt4.dot(d0, c1, wd2, c3, z, z, z, z),
      KoalaBearExt4.dot(d0, c2, c1, c1, w3, c3, z, z),
      KoalaBearExt4.dot(d0, c3, d1, c2, z, z, z, z))
  }

  /// The sum of an extension element and a base element.
  @inlinable
  public static func + (a: KoalaBearExt4, b: KoalaBear) -> KoalaBearExt4 {
    KoalaBearExt4(a.c0 + b, a.c1, a.c2, a.c3)
  }

  /// The sum of a base element and an extension element.
  @inlinable
  public static func + (a: KoalaBear, b: KoalaBearExt4) -> KoalaBearExt4 { b + a }

  /// The difference of an extension element and a base element.
  @inlinable
  public static func - (a: KoalaBearExt4, b: KoalaBear) -> KoalaBearExt4 {
    KoalaBearExt4(a.c0 - b, a.c1, a.c2, a.c3)
  }

  /// The difference of a base element and an extension element.
  @inlinable
  public static func - (a: KoalaBear, b: KoalaBearExt4) -> KoalaBearExt4 {
    KoalaBearExt4(a - b.c0, -b.c1, -b.c2, -b.c3)
  }

  /// An extension element times a base element (4 base products).
  @inlinable
  public static func * (a: KoalaBearExt4, b: KoalaBear) -> KoalaBearExt4 {
    KoalaBearExt4(a.c0 * b, a.c1 * b, a.c2 * b, a.c3 * b)
  }

  /// A base element times an extension element (4 base products).
  @inlinable
  public static func * (a: KoalaBear, b: KoalaBearExt4) -> KoalaBearExt4 { b * a }

  /// `a = a + b`.
  @inlinable public static func += (a: inout KoalaBearExt4, b: KoalaBearExt4) { a = a + b }
  /// `a = a − b`.
  @inlinable public static func -= (a: inout KoalaBearExt4, b: KoalaBearExt4) { a = a - b }
  /// `a = a · b`.
  @inlinable public static func *= (a: inout KoalaBearExt4, b: KoalaBearExt4) { a = a * b }
  /// `a = a + b` for a base element `b`.
  @inlinable public static func += (a: inout KoalaBearExt4, b: KoalaBear) { a = a + b }
  /// `a = a − b` for a base element `b`.
  @inlinable public static func -= (a: inout KoalaBearExt4, b: KoalaBear) { a = a - b }
  /// `a = a · b` for a base element `b`.
  @inlinable public static func *= (a: inout KoalaBearExt4, b: KoalaBear) { a = a * b }

  /// `self` raised to `exponent` by square-and-multiply.
  ///
  /// - Complexity: O(log `exponent`) extension multiplications.
  @inlinable
  public func power(_ exponent: UInt64) -> KoalaBearExt4 {
    var result = KoalaBearExt4.one
    var base = self
    var e = exponent
    while e != 0 {
      if e & 1 == 1 { result *= base }
      base = base.squared()
      e >>= 1
    }
    return result
  }
}

// MARK: - Frobenius and inversion

extension KoalaBearExt4 {
  /// The Frobenius map a ↦ a^p: coefficient i is multiplied by γ^i, because X^p = γ·X with
  /// γ = W^((p−1)/4).
  @inlinable
  public func frobenius() -> KoalaBearExt4 {
    let g = KoalaBearExt4.frobeniusGamma
    let g2 = -KoalaBear.one  // γ^2 = W^((p−1)/2) = −1 (W is a non-residue)
    return KoalaBearExt4(c0, c1 * g, c2 * g2, c3 * (-g))
  }

  /// The multiplicative inverse, or `nil` for zero.
  ///
  /// Tower method: with Y = X^2 (so Y^2 = W), write a = e + o with e = c0 + c2·Y and
  /// o = X·(c1 + c3·Y). Its conjugate a' = e − o = a^(p^2) satisfies a·a' = e^2 − o^2 = u + v·Y
  /// in F_p[Y]/(Y^2 − W), whose norm u^2 − W·v^2 lies in F_p. One base inversion then gives
  /// a^−1 = a' · (u − v·Y) / (u^2 − W·v^2).
  ///
  /// - Complexity: one base-field inversion and about 20 base multiplications.
  public func inverse() -> KoalaBearExt4? {
    let w = KoalaBearExt4.w
    let u = c0 * c0 + w * (c2 * c2) - w * (c1 * c3).doubled()
    let v = (c0 * c2).doubled() - c1 * c1 - w * (c3 * c3)
    guard let normInverse = (u * u - w * (v * v)).inverse() else { return nil }
    let uu = u * normInverse
    let vv = -(v * normInverse)
    // (c0 − c1·X + c2·X^2 − c3·X^3) · (uu + vv·X^2), reduced with X^4 = W.
    return KoalaBearExt4(
      c0 * uu + w * (c2 * vv),
      -(c1 * uu) - w * (c3 * vv),
      c0 * vv + c2 * uu,
      -(c1 * vv) - c3 * uu)
  }
}

// MARK: - Random elements

extension KoalaBear {
  /// A uniformly random element drawn from `generator` (for tests and benchmarks).
  @inlinable
  public static func random<G: RandomNumberGenerator>(using generator: inout G) -> KoalaBear {
    KoalaBear(UInt32.random(in: 0..<modulus, using: &generator))
  }
}

extension KoalaBearExt4 {
  /// A uniformly random element drawn from `generator` (for tests and benchmarks).
  @inlinable
  public static func random<G: RandomNumberGenerator>(using generator: inout G) -> KoalaBearExt4 {
    KoalaBearExt4(
      .random(using: &generator), .random(using: &generator), .random(using: &generator),
      .random(using: &generator))
  }
}

extension KoalaBearExt4: CustomStringConvertible {
  /// The element written as a polynomial in X with canonical coefficients.
  public var description: String { "\(c0) + \(c1)·X + \(c2)·X^2 + \(c3)·X^3" }
}
