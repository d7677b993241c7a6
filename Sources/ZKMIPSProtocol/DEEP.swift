import ZKMIPSField

/// The DEEP quotient that batches every opening into one function for FRI:
/// R(x) = Σ_k λ_k·(p_k(x) − v_k)/(x − z_k), where p_k runs over the opened columns, z_k is
/// ζ or ζω and v_k the claimed value. If every claim is right, R is a polynomial of degree
/// < n; a wrong claim leaves a pole that FRI detects.
///
/// Grouped by point: R(x) = (Σ_{k@ζ} λ_k p_k(x) − C_ζ)/(x − ζ) + (Σ_{k@ζω} λ_k p_k(x) − C_ζω)/(x − ζω)
/// with C_z = Σ_{k@z} λ_k v_k, so each column costs one base × extension product per point.
public struct DEEPCombination: Sendable {
  /// λ for each (column, point), in ``TableOpening/allValues`` order, split by point.
  public var localCoefficients: [KoalaBearExt4]
  public var nextCoefficients: [KoalaBearExt4]
  /// C_ζ and C_ζω.
  public var localConstant: KoalaBearExt4
  public var nextConstant: KoalaBearExt4
  public var zeta: KoalaBearExt4
  public var zetaNext: KoalaBearExt4

  /// Splits `lambdas` (one per opened value, in `allValues` order) by point.
  ///
  /// Matrix rows are laid out as preprocessed | main | permutation | quotient; the first
  /// three are opened at ζ then ζω, the quotient at ζ only.
  public init(
    opening: TableOpening, lambdas: ArraySlice<KoalaBearExt4>, zeta: KoalaBearExt4, omega: KoalaBear
  ) {
    self.zeta = zeta
    zetaNext = zeta * omega
    var l = lambdas.startIndex
    var local: [KoalaBearExt4] = [], next: [KoalaBearExt4] = []
    var cLocal = KoalaBearExt4.zero, cNext = KoalaBearExt4.zero
    func take(
      _ values: [KoalaBearExt4], into coefficients: inout [KoalaBearExt4],
      constant: inout KoalaBearExt4
    ) {
      for v in values {
        coefficients.append(lambdas[l])
        constant += lambdas[l] * v
        l += 1
      }
    }
    take(opening.preprocessedLocal, into: &local, constant: &cLocal)
    take(opening.preprocessedNext, into: &next, constant: &cNext)
    // Local coefficients for main come after preprocessed ones in row order; keep the row
    // layout (pre | main | perm | quotient) for both points by inserting in row order.
    var mainLocal: [KoalaBearExt4] = [], mainNext: [KoalaBearExt4] = []
    take(opening.mainLocal, into: &mainLocal, constant: &cLocal)
    take(opening.mainNext, into: &mainNext, constant: &cNext)
    var permLocal: [KoalaBearExt4] = [], permNext: [KoalaBearExt4] = []
    take(opening.permutationLocal, into: &permLocal, constant: &cLocal)
    take(opening.permutationNext, into: &permNext, constant: &cNext)
    var quotient: [KoalaBearExt4] = []
    take(opening.quotient, into: &quotient, constant: &cLocal)
    localCoefficients = local + mainLocal + permLocal + quotient
    nextCoefficients = next + mainNext + permNext
    localConstant = cLocal
    nextConstant = cNext
  }

  /// R at the LDE point x, given the committed row there (pre | main | perm | quotient)
  /// and the inverses of (x − ζ) and (x − ζω).
  @inlinable
  public func evaluate(row: [KoalaBear], inverseLocal: KoalaBearExt4, inverseNext: KoalaBearExt4)
    -> KoalaBearExt4
  {
    var sLocal = KoalaBearExt4.zero
    for (k, c) in localCoefficients.enumerated() { sLocal += c * row[k] }
    var sNext = KoalaBearExt4.zero
    for (k, c) in nextCoefficients.enumerated() { sNext += c * row[k] }
    return (sLocal - localConstant) * inverseLocal + (sNext - nextConstant) * inverseNext
  }
}
