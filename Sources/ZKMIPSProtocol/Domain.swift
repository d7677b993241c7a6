import ZKMIPSAIR
import ZKMIPSField

/// Points of the evaluation domains and the polynomials the prover and verifier share.
///
/// A table of height n = 2^k has trace domain H = ⟨ω_n⟩. Its low-degree extension lives on
/// the coset g·⟨ω_N⟩ (N = n·blowup, g = 3 a generator of F_p^*, so the coset is disjoint
/// from every two-power subgroup), stored in **bit-reversed order**: position i holds
/// g·ω_N^rev(i). In that order the points at positions 2t and 2t + 1 are x and −x, which is
/// what one FRI fold pairs.
///
/// FRI folds with the *subgroup* point y = ω_N^rev(2t) instead of x = g·y: folding a
/// polynomial in y gives a polynomial in y² of half the degree, so every layer is a
/// low-degree function of the position's subgroup point, and a smaller table (whose DEEP
/// quotient is a low-degree function of its own subgroup point) can join the fold at the
/// layer of its size. The final polynomial is evaluated at the subgroup point too.
public enum Domain {
  /// g = 3, the generator of F_p^*: the shift of every LDE and quotient coset.
  public static let generator = KoalaBear.multiplicativeGenerator

  /// Bit-reversal of the low `bits` bits of `i`.
  @inlinable
  public static func reverseBits(_ i: Int, _ bits: Int) -> Int {
    var x = UInt64(truncatingIfNeeded: i)
    var r: UInt64 = 0
    for _ in 0..<bits {
      r = (r << 1) | (x & 1)
      x >>= 1
    }
    return Int(truncatingIfNeeded: r)
  }

  /// The subgroup point ω^rev(position) of ⟨ω_(2^logSize)⟩ in bit-reversed order.
  public static func subgroupPoint(position: Int, logSize: Int) -> KoalaBear {
    KoalaBear.twoAdicGenerator(logOrder: logSize).power(UInt64(reverseBits(position, logSize)))
  }

  /// The LDE point g·ω^rev(position) of g·⟨ω_(2^logSize)⟩ in bit-reversed order.
  public static func point(position: Int, logSize: Int) -> KoalaBear {
    generator * subgroupPoint(position: position, logSize: logSize)
  }

  /// Z_H(x) = x^n − 1 for the trace domain of size 2^logHeight.
  public static func vanishing<V: AIRField>(_ x: V, logHeight: Int) -> V {
    var y = x
    for _ in 0..<logHeight { y = y * y }
    return y - V.one
  }

  /// The row selectors at x for the trace domain of size n = 2^logHeight:
  /// isFirstRow = L_0(x) = Z_H(x)/(n(x − 1)), isLastRow = L_(n−1)(x) = Z_H(x)/(n(ω x − 1)),
  /// isTransition = x − ω^−1 (vanishes on the last row only).
  ///
  /// - Precondition: x is not in H (the quotient domain and the OOD point never are).
  public static func selectors<V: AIRField>(_ x: V, logHeight: Int) -> (
    first: V, last: V, transition: V
  ) {
    let n = KoalaBear(UInt32(1) << UInt32(logHeight))
    let omega = KoalaBear.twoAdicGenerator(logOrder: logHeight)
    let omegaInverse = omega.inverse()!
    let z = vanishing(x, logHeight: logHeight)
    let first = z * (V(n) * (x - V.one)).inverted()
    let last = z * (V(n) * (V(omega) * x - V.one)).inverted()
    return (first, last, x - V(omegaInverse))
  }

  /// One FRI fold of the pair (f(x), f(−x)) with challenge β: the value at x² of
  /// f_e + β·f_o where f(X) = f_e(X²) + X·f_o(X²). `inverseOfTwoX` is 1/(2x), which the
  /// prover inverts in batches and the verifier one at a time.
  @inlinable
  public static func fold(
    _ a: KoalaBearExt4, _ b: KoalaBearExt4, beta: KoalaBearExt4, inverseOfTwoX: KoalaBear
  ) -> KoalaBearExt4 {
    (a + b) * oneHalf + beta * ((a - b) * inverseOfTwoX)
  }

  /// 1/2 in the base field.
  public static let oneHalf = KoalaBear(2).inverse()!
}

/// The arithmetic the selectors and vanishing polynomial need, over the base or extension
/// field.
public protocol AIRField: AIRValue {
  static var one: Self { get }
  init(_ base: KoalaBear)
  func inverted() -> Self
}

extension KoalaBear: AIRField {
  @inlinable public init(_ base: KoalaBear) { self = base }
  @inlinable public func inverted() -> KoalaBear { inverse()! }
}

extension KoalaBearExt4: AIRField {
  @inlinable public func inverted() -> KoalaBearExt4 { inverse()! }
}

extension KoalaBearExt4 {
  /// Inverts every element with one inversion (Montgomery's trick).
  ///
  /// - Precondition: no element is zero.
  public static func batchInverse(_ values: [KoalaBearExt4]) -> [KoalaBearExt4] {
    if values.isEmpty { return [] }
    var prefix = [KoalaBearExt4](repeating: .one, count: values.count)
    var acc = KoalaBearExt4.one
    for i in values.indices {
      prefix[i] = acc
      acc = acc * values[i]
    }
    var inv = acc.inverse()!
    var out = [KoalaBearExt4](repeating: .zero, count: values.count)
    for i in values.indices.reversed() {
      out[i] = inv * prefix[i]
      inv = inv * values[i]
    }
    return out
  }
}
