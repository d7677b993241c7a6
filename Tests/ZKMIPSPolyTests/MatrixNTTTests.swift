import Testing
import ZKMIPSField
import ZKMIPSPoly

/// Column transforms of row-major matrices against per-column references.
@Suite struct MatrixNTTTests {
  static func column(_ m: RowMajorMatrix, _ c: Int) -> [KoalaBear] {
    (0..<m.height).map { m[$0, c] }
  }

  static func randomMatrix(logHeight: Int, width: Int, seed: UInt64) -> RowMajorMatrix {
    RowMajorMatrix(values: randomElements(width << logHeight, seed: seed), width: width)
  }

  /// Widths cover the 16-lane body, the 8-lane step and the scalar tail.
  @Test(arguments: [1, 3, 8, 16, 17, 25, 32])
  func smallMatricesMatchDefinition(width: Int) {
    for logHeight in 0...8 {
      let m = Self.randomMatrix(
        logHeight: logHeight, width: width, seed: UInt64(width * 100 + logHeight))
      for (input, output) in NTTTests.orders {
        var f = m
        if input == .bitReversed { BitReversal.permuteRows(&f) }
        NTT.forwardColumns(&f, from: input, to: output)
        var g = f
        NTT.inverseColumns(&g, from: output, to: input)
        if input == .bitReversed { BitReversal.permuteRows(&g) }
        #expect(firstDifference(g.values, m.values) == nil, "round trip 2^\(logHeight)×\(width)")
        for c in Set([0, width / 2, width - 1]) {
          let expected = NTTTests.arrange(Naive.forward(Self.column(m, c)), output)
          #expect(
            firstDifference(Self.column(f, c), expected) == nil,
            "2^\(logHeight)×\(width) column \(c) \(input)→\(output)")
        }
      }
    }
  }

  /// Heights beyond one row block exercise the outer stage: (12, 32) has two blocks (one
  /// whole-matrix layer), (14, 32), (13, 1000) and (15, 5) gather chunks (of 256, 1 and 2048
  /// row runs), (10, 3000) is too wide to gather and falls back to whole-matrix passes.
  /// Both thread counts; each column must equal the vector NTT.
  @Test(arguments: [(12, 32), (14, 32), (13, 1000), (15, 5), (10, 3000)])
  func largeMatricesMatchVectorNTT(logHeight: Int, width: Int) {
    let m = Self.randomMatrix(
      logHeight: logHeight, width: width, seed: UInt64(logHeight * 7 + width))
    for (input, output) in [(NTTOrder.natural, NTTOrder.bitReversed), (.bitReversed, .natural)] {
      for threads in [1, 2] {
        var f = m
        NTT.forwardColumns(&f, from: input, to: output, threads: threads)
        for c in Set([0, 1, width / 2, width - 1]) {
          var expected = Self.column(m, c)
          NTT.forward(&expected, from: input, to: output, threads: 1)
          #expect(
            firstDifference(Self.column(f, c), expected) == nil, "column \(c) threads \(threads)")
        }
        var g = f
        NTT.inverseColumns(&g, from: output, to: input, threads: threads)
        #expect(firstDifference(g.values, m.values) == nil)
      }
    }
  }
}
