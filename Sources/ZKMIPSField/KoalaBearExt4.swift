/// An element of the degree-4 extension of KoalaBear, c0 + c1·X + c2·X^2 + c3·X^3 modulo
/// the binomial X^4 − W with W = 3 (see ``KoalaBearExt4/w`` for why that polynomial is
/// irreducible). The arithmetic lives in `KoalaBearExt4+Arithmetic.swift`.
@frozen
public struct KoalaBearExt4: Sendable, Hashable {
  /// The constant coefficient.
  public var c0: KoalaBear
  /// The coefficient of X.
  public var c1: KoalaBear
  /// The coefficient of X^2.
  public var c2: KoalaBear
  /// The coefficient of X^3.
  public var c3: KoalaBear

  /// The element c0 + c1·X + c2·X^2 + c3·X^3.
  @inlinable
  public init(_ c0: KoalaBear, _ c1: KoalaBear, _ c2: KoalaBear, _ c3: KoalaBear) {
    self.c0 = c0
    self.c1 = c1
    self.c2 = c2
    self.c3 = c3
  }

  /// Embeds a base-field element.
  @inlinable
  public init(_ base: KoalaBear) { self.init(base, .zero, .zero, .zero) }

  /// The coefficients as an array, constant term first.
  @inlinable
  public var coefficients: [KoalaBear] { [c0, c1, c2, c3] }
}
