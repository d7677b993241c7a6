import Testing
import ZKMIPSField
import ZKMIPSPoly

/// The coset LDE against direct evaluation: interpolate each column with the O(n^2)
/// inverse DFT, then evaluate with Horner's rule at the expected coset point of each row.
@Suite struct LowDegreeExtensionTests {
  /// The point of output row r computed independently: s · ω_N^r, or s · ω_N^rev(r).
  static func expectedPoint(row: Int, logExtended: Int, shift: KoalaBear, order: NTTOrder)
    -> KoalaBear
  {
    let n = 1 << logExtended
    var indices = Array(0..<n)
    if order == .bitReversed { indices = Naive.bitReversed(indices) }
    var p = shift
    let omega = KoalaBear.twoAdicGenerator(logOrder: logExtended)
    for _ in 0..<indices[row] { p *= omega }
    return p
  }

  static func check(
    _ m: RowMajorMatrix, logBlowup: Int, shift: KoalaBear, order: NTTOrder, rowsToCheck: [Int]
  ) {
    let lde = LowDegreeExtension.cosetExtend(m, logBlowup: logBlowup, shift: shift, order: order)
    let logExtended = m.height.trailingZeroBitCount + logBlowup
    #expect(lde.height == m.height << logBlowup && lde.width == m.width)
    let columns = Set([0, m.width / 2, m.width - 1])
    let coefficients = Dictionary(
      uniqueKeysWithValues: columns.map { c in (c, Naive.inverse(MatrixNTTTests.column(m, c))) })
    for r in rowsToCheck {
      let x = expectedPoint(row: r, logExtended: logExtended, shift: shift, order: order)
      #expect(
        LowDegreeExtension.point(row: r, logHeight: logExtended, shift: shift, order: order) == x)
      for c in columns {
        #expect(
          lde[r, c] == Naive.evaluate(coefficients[c]!, at: x),
          "row \(r) column \(c), 2^\(logExtended) \(order)")
      }
    }
  }

  @Test(arguments: [0, 1, 2, 3])
  func smallExtensionsMatchHorner(logBlowup: Int) {
    var rng = SplitMix64(seed: UInt64(logBlowup))
    for logHeight in [0, 1, 2, 4, 5, 7] {
      for width in [1, 9, 32] {
        let m = MatrixNTTTests.randomMatrix(logHeight: logHeight, width: width, seed: rng.next())
        let rows = Array(0..<(m.height << logBlowup))
        for order in [NTTOrder.natural, .bitReversed] {
          Self.check(
            m, logBlowup: logBlowup, shift: .multiplicativeGenerator, order: order,
            rowsToCheck: rows)
        }
      }
    }
  }

  /// Sizes spanning several row blocks and both threads, sampled rows, an unusual shift;
  /// (3, 5, 3000) has a blowup (32) larger than its row block (16 rows).
  @Test(arguments: [(10, 1, 16), (11, 2, 32), (12, 3, 7), (13, 1, 33), (3, 5, 3000)])
  func largerExtensionsSampled(logHeight: Int, logBlowup: Int, width: Int) {
    let m = MatrixNTTTests.randomMatrix(logHeight: logHeight, width: width, seed: UInt64(logHeight))
    let total = 1 << (logHeight + logBlowup)
    var rng = SplitMix64(seed: UInt64(total))
    let rows =
      [0, 1, total / 2, total - 1] + (0..<8).map { _ in Int.random(in: 0..<total, using: &rng) }
    for order in [NTTOrder.natural, .bitReversed] {
      Self.check(m, logBlowup: logBlowup, shift: KoalaBear(7), order: order, rowsToCheck: rows)
    }
  }

  /// The extension of a low-degree column, read back on the coset, has no high coefficients,
  /// and the first rows of a natural-order blowup-0 extension with shift 1 reproduce the input.
  @Test func extensionKeepsDegreeAndIdentityShift() {
    let m = MatrixNTTTests.randomMatrix(logHeight: 6, width: 4, seed: 99)
    let same = LowDegreeExtension.cosetExtend(m, logBlowup: 0, shift: .one)
    #expect(firstDifference(same.values, m.values) == nil)
    let lde = LowDegreeExtension.cosetExtend(m, logBlowup: 2)
    var back = lde
    NTT.inverseColumns(&back)
    // Coefficients of f(s·X): rows 64..<256 must vanish.
    #expect(back.values[(64 * 4)...].allSatisfy { $0 == .zero })
    #expect(back.values[..<(64 * 4)].contains { $0 != .zero })
  }
}
