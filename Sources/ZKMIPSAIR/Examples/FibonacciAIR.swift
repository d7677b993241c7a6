import ZKMIPSField

/// Example AIR: the Fibonacci sequence in two columns (a, b), repeated `extraColumns` times
/// side by side (to make a wide benchmark table).
///
/// Public values: a₀, b₀ and the claimed final b. Constraints: the first row starts at
/// (a₀, b₀); each transition maps (a, b) ↦ (b, a + b); the last row's b is the claim.
public struct FibonacciAIR: AIR {
  /// Number of (a, b) column pairs.
  public var pairs: Int
  public init(pairs: Int = 1) { self.pairs = pairs }

  public var name: String { "fibonacci" }
  public var width: Int { 2 * pairs }
  public var publicValueCount: Int { 3 }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    for k in 0..<pairs {
      let a = b.main(2 * k), x = b.main(2 * k + 1)
      let aNext = b.main(2 * k, next: true), xNext = b.main(2 * k + 1, next: true)
      b.assertZero(b.isFirstRow * (a - b.publicValue(0)), "first row: a = a0")
      b.assertZero(b.isFirstRow * (x - b.publicValue(1)), "first row: b = b0")
      b.assertZero(b.isTransition * (aNext - x), "transition: a' = b")
      b.assertZero(b.isTransition * (xNext - a - x), "transition: b' = a + b")
      b.assertZero(b.isLastRow * (x - b.publicValue(2)), "last row: b = claimed result")
    }
  }

  /// The honest trace of `height` rows from (a₀, b₀), and its public values.
  public func trace(height: Int, a0: UInt32 = 0, b0: UInt32 = 1) -> (RowMajorMatrix, [KoalaBear]) {
    var m = RowMajorMatrix(zerosHeight: height, width: width)
    var a = KoalaBear(a0), x = KoalaBear(b0)
    for row in 0..<height {
      for k in 0..<pairs {
        m[row, 2 * k] = a
        m[row, 2 * k + 1] = x
      }
      (a, x) = (x, a + x)
    }
    return (m, [KoalaBear(a0), KoalaBear(b0), m[height - 1, 1]])
  }
}
