import ZKMIPSAIR
import ZKMIPSField

extension PackedKoalaBear: AIRValue {
  @inlinable public init(constant: KoalaBear) { self.init(repeating: constant) }
}

/// Evaluates an AIR's constraints at 8 consecutive points of the quotient domain at once
/// (one lane per point), combining them with precomputed powers of α into 4 packed
/// accumulators, one per extension coefficient.
///
/// AIRs reach the prover as existentials, so their `evaluate` runs unspecialised; packing 8
/// points per call spreads that dispatch cost over 8 evaluations.
struct PackedProverBuilder: ConstraintBuilder {
  typealias Value = PackedKoalaBear
  /// Row-major evaluations on the quotient domain (natural order).
  let main: UnsafeBufferPointer<KoalaBear>
  let fixed: UnsafeBufferPointer<KoalaBear>
  let mainWidth: Int
  let fixedWidth: Int
  let size: Int
  /// How many positions ahead the next row is (the quotient domain is 2^chunks × the trace).
  let nextStride: Int
  let publicValues: [KoalaBear]
  /// α^(total − 1 − i) for constraint i: the same combination as the verifier's Horner fold.
  let alphaPowers: UnsafeBufferPointer<KoalaBearExt4>
  var constraintIndex = 0
  /// First of the 8 positions.
  var position = 0
  var isFirstRow = PackedKoalaBear.zero
  var isLastRow = PackedKoalaBear.zero
  var isTransition = PackedKoalaBear.zero
  /// The accumulated combination, coefficient k of the extension in `accumulator[k]`.
  var accumulator0 = PackedKoalaBear.zero
  var accumulator1 = PackedKoalaBear.zero
  var accumulator2 = PackedKoalaBear.zero
  var accumulator3 = PackedKoalaBear.zero

  @inline(__always)
  func gather(_ values: UnsafeBufferPointer<KoalaBear>, width: Int, column: Int, next: Bool)
    -> PackedKoalaBear
  {
    let start = position &+ (next ? nextStride : 0)
    let mask = size &- 1
    var lanes = SIMD8<UInt32>()
    for l in 0..<8 {
      lanes[l] = values[((start &+ l) & mask) &* width &+ column].montgomeryValue
    }
    return PackedKoalaBear(montgomeryLanes: lanes)
  }

  func main(_ column: Int, next: Bool) -> PackedKoalaBear {
    gather(main, width: mainWidth, column: column, next: next)
  }
  func preprocessed(_ column: Int, next: Bool) -> PackedKoalaBear {
    gather(fixed, width: fixedWidth, column: column, next: next)
  }
  func publicValue(_ index: Int) -> PackedKoalaBear {
    PackedKoalaBear(repeating: publicValues[index])
  }

  mutating func assertZero(_ value: PackedKoalaBear, _ name: StaticString) {
    let a = alphaPowers[constraintIndex]
    accumulator0 += value * a.c0
    accumulator1 += value * a.c1
    accumulator2 += value * a.c2
    accumulator3 += value * a.c3
    constraintIndex &+= 1
  }

  /// The accumulated extension element of lane `l`.
  func accumulated(lane l: Int) -> KoalaBearExt4 {
    KoalaBearExt4(
      accumulator0[lane: l], accumulator1[lane: l], accumulator2[lane: l], accumulator3[lane: l])
  }
}
