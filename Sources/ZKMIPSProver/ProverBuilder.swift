import ZKMIPSAIR
import ZKMIPSField

/// Evaluates an AIR's constraints at one point of the quotient domain (base-field values),
/// folding them into an extension accumulator with powers of α.
struct ProverBuilder: ConstraintBuilder {
  typealias Value = KoalaBear
  /// Row-major evaluations on the quotient domain (natural order).
  let main: UnsafeBufferPointer<KoalaBear>
  let fixed: UnsafeBufferPointer<KoalaBear>
  let mainWidth: Int
  let fixedWidth: Int
  let size: Int
  /// How many positions ahead the next row is (the quotient domain is 2^chunks × the trace).
  let nextStride: Int
  let publicValues: [KoalaBear]
  /// α^(total − 1 − i) for constraint i: the same combination the verifier's Horner fold
  /// makes, but each base-field constraint costs one base × extension product.
  let alphaPowers: UnsafeBufferPointer<KoalaBearExt4>
  var constraintIndex = 0
  var position = 0
  var isFirstRow = KoalaBear.zero
  var isLastRow = KoalaBear.zero
  var isTransition = KoalaBear.zero
  var accumulator = KoalaBearExt4.zero

  @inline(__always)
  func main(_ column: Int, next: Bool) -> KoalaBear {
    main[((position &+ (next ? nextStride : 0)) & (size &- 1)) &* mainWidth &+ column]
  }
  @inline(__always)
  func preprocessed(_ column: Int, next: Bool) -> KoalaBear {
    fixed[((position &+ (next ? nextStride : 0)) & (size &- 1)) &* fixedWidth &+ column]
  }
  func publicValue(_ index: Int) -> KoalaBear { publicValues[index] }
  @inline(__always)
  mutating func assertZero(_ value: KoalaBear, _ name: StaticString) {
    accumulator += alphaPowers[constraintIndex] * value
    constraintIndex &+= 1
  }
}
