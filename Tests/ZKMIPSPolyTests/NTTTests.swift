import Testing
import ZKMIPSField
import ZKMIPSPoly

/// The NTT against the O(n^2) definition at every size up to 2^12, in every order
/// combination, forward and inverse; round trips up to 2^20.
@Suite struct NTTTests {
  static let orders: [(NTTOrder, NTTOrder)] = [
    (.natural, .natural), (.natural, .bitReversed), (.bitReversed, .natural),
    (.bitReversed, .bitReversed),
  ]

  static func arrange(_ x: [KoalaBear], _ order: NTTOrder) -> [KoalaBear] {
    order == .natural ? x : Naive.bitReversed(x)
  }

  @Test(arguments: Array(0...12))
  func forwardMatchesDefinition(logN: Int) {
    let x = randomElements(1 << logN, seed: UInt64(100 + logN))
    let expected = Naive.forward(x)
    for (input, output) in Self.orders {
      for threads in [1, 2] {
        var y = Self.arrange(x, input)
        NTT.forward(&y, from: input, to: output, threads: threads)
        #expect(
          firstDifference(y, Self.arrange(expected, output)) == nil,
          "2^\(logN) \(input)→\(output) threads \(threads)")
      }
    }
  }

  @Test(arguments: Array(0...12))
  func inverseMatchesDefinition(logN: Int) {
    let y = randomElements(1 << logN, seed: UInt64(200 + logN))
    let expected = Naive.inverse(y)
    for (input, output) in Self.orders {
      var x = Self.arrange(y, input)
      NTT.inverse(&x, from: input, to: output)
      #expect(
        firstDifference(x, Self.arrange(expected, output)) == nil, "2^\(logN) \(input)→\(output)")
    }
  }

  @Test(arguments: Array(13...20))
  func roundTrips(logN: Int) {
    let x = randomElements(1 << logN, seed: UInt64(300 + logN))
    var y = x
    NTT.forward(&y, from: .natural, to: .bitReversed)
    #expect(firstDifference(y, x) != nil)
    NTT.inverse(&y, from: .bitReversed, to: .natural)
    #expect(firstDifference(y, x) == nil)
    var z = x
    NTT.forward(&z, threads: 1)
    NTT.inverse(&z, threads: 2)
    #expect(firstDifference(z, x) == nil)
  }

  /// Large sizes are too big for the O(n^2) reference, so check sampled outputs of the
  /// forward transform against Horner evaluation at the matching root power.
  @Test(arguments: [14, 17, 20])
  func largeForwardSampledAgainstHorner(logN: Int) {
    let n = 1 << logN
    let c = randomElements(n, seed: UInt64(400 + logN))
    var y = c
    NTT.forward(&y, from: .natural, to: .bitReversed)
    let omega = KoalaBear.twoAdicGenerator(logOrder: logN)
    var rng = SplitMix64(seed: UInt64(logN))
    for _ in 0..<6 {
      let position = Int.random(in: 0..<n, using: &rng)
      let index = BitReversal.reverse(position, bits: logN)
      #expect(y[position] == Naive.evaluate(c, at: omega.power(UInt64(index))))
    }
  }

  @Test func knownSmallTransforms() {
    // Size 2: (a, b) ↦ (a + b, a − b). Size 4 on a delta at index 1 gives the powers of ω_4.
    var two = [KoalaBear(5), KoalaBear(3)]
    NTT.forward(&two)
    #expect(two == [KoalaBear(8), KoalaBear(2)])
    var delta = [KoalaBear.zero, .one, .zero, .zero]
    NTT.forward(&delta)
    let w = KoalaBear.twoAdicGenerator(logOrder: 2)
    #expect(delta == [.one, w, w * w, w * w * w])
    var one = [KoalaBear(42)]
    NTT.inverse(&one)
    #expect(one == [KoalaBear(42)])
  }

  /// Sizes below 2^8 use the element-wise loop, from 2^8 the 16 × 16 tiles, from 2^18 the
  /// threaded tiles.
  @Test(arguments: [0, 1, 3, 7, 8, 9, 13, 18])
  func bitReversalHelpers(logN: Int) {
    let n = 1 << logN
    let x = randomElements(n, seed: 7)
    var y = x
    BitReversal.permute(&y)
    #expect(firstDifference(y, Naive.bitReversed(x)) == nil)
    BitReversal.permute(&y)
    #expect(firstDifference(y, x) == nil)
    for i in [0, n / 3, n - 1] {
      #expect(BitReversal.reverse(BitReversal.reverse(i, bits: logN), bits: logN) == i)
    }
    if logN == 3 {
      #expect(BitReversal.reverse(1, bits: 3) == 4 && BitReversal.reverse(6, bits: 3) == 3)
    }
  }

  /// The generic path moves values of any type (here reference-counted strings) exactly.
  @Test(arguments: [5, 10])
  func genericBitReversalMovesValues(logN: Int) {
    let x = (0..<(1 << logN)).map { "v\($0)" }
    var y = x
    BitReversal.permute(&y)
    #expect(y == Naive.bitReversed(x))
    var rows = RowMajorMatrix(values: randomElements(3 << logN, seed: 3), width: 3)
    let original = rows
    BitReversal.permuteRows(&rows)
    for r in [0, 1, (1 << logN) - 1] {
      let source = Naive.bitReversed(Array(0..<(1 << logN)))[r]
      #expect(rows.row(r) == original.row(source))
    }
  }
}
