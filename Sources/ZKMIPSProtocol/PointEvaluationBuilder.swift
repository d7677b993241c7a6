import ZKMIPSAIR
import ZKMIPSField

/// Evaluates an AIR's constraints at one extension point (the out-of-domain point ζ) from
/// the columns' values there and at ζω, folding them with powers of α (Horner:
/// acc ← acc·α + c) in the order the AIR states them.
public struct PointEvaluationBuilder: ConstraintBuilder {
  public typealias Value = KoalaBearExt4
  let mainLocal: [KoalaBearExt4]
  let mainNext: [KoalaBearExt4]
  let preprocessedLocal: [KoalaBearExt4]
  let preprocessedNext: [KoalaBearExt4]
  let publicValues: [KoalaBear]
  public let isFirstRow: KoalaBearExt4
  public let isLastRow: KoalaBearExt4
  public let isTransition: KoalaBearExt4
  let alpha: KoalaBearExt4
  /// Σ α^(m−1−i)·C_i over the constraints stated so far.
  public private(set) var accumulator = KoalaBearExt4.zero

  /// A builder over `opening` for a table of height 2^logHeight at the point ζ.
  public init(
    opening o: TableOpening, publicValues: [KoalaBear], zeta: KoalaBearExt4, logHeight: Int,
    alpha: KoalaBearExt4
  ) {
    mainLocal = o.mainLocal
    mainNext = o.mainNext
    preprocessedLocal = o.preprocessedLocal
    preprocessedNext = o.preprocessedNext
    self.publicValues = publicValues
    let sel = Domain.selectors(zeta, logHeight: logHeight)
    isFirstRow = sel.first
    isLastRow = sel.last
    isTransition = sel.transition
    self.alpha = alpha
  }

  public func main(_ column: Int, next: Bool) -> KoalaBearExt4 {
    next ? mainNext[column] : mainLocal[column]
  }
  public func preprocessed(_ column: Int, next: Bool) -> KoalaBearExt4 {
    next ? preprocessedNext[column] : preprocessedLocal[column]
  }
  public func publicValue(_ index: Int) -> KoalaBearExt4 { KoalaBearExt4(publicValues[index]) }
  public mutating func assertZero(_ value: KoalaBearExt4, _ name: StaticString) {
    accumulator = accumulator * alpha + value
  }
}
