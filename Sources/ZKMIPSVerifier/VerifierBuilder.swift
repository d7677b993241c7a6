import ZKMIPSAIR
import ZKMIPSField

/// Evaluates an AIR's constraints at the out-of-domain point from the opened values,
/// folding them with powers of α (Horner: acc ← acc·α + c).
struct VerifierBuilder: ConstraintBuilder {
  typealias Value = KoalaBearExt4
  let mainLocal: [KoalaBearExt4]
  let mainNext: [KoalaBearExt4]
  let preprocessedLocal: [KoalaBearExt4]
  let preprocessedNext: [KoalaBearExt4]
  let publicValues: [KoalaBear]
  let isFirstRow: KoalaBearExt4
  let isLastRow: KoalaBearExt4
  let isTransition: KoalaBearExt4
  let alpha: KoalaBearExt4
  var accumulator = KoalaBearExt4.zero

  func main(_ column: Int, next: Bool) -> KoalaBearExt4 { next ? mainNext[column] : mainLocal[column] }
  func preprocessed(_ column: Int, next: Bool) -> KoalaBearExt4 {
    next ? preprocessedNext[column] : preprocessedLocal[column]
  }
  func publicValue(_ index: Int) -> KoalaBearExt4 { KoalaBearExt4(publicValues[index]) }
  mutating func assertZero(_ value: KoalaBearExt4, _ name: StaticString) {
    accumulator = accumulator * alpha + value
  }
}
