import Testing
import ZKMIPSField

/// Packed (8-lane) arithmetic must agree lane by lane with the scalar field and with plain
/// integer arithmetic mod p.
@Suite struct PackedKoalaBearTests {
  /// Lane vectors covering edge values in every lane position plus random lanes.
  static func laneSets(seed: UInt64) -> [[UInt32]] {
    let values = sampleValues(seed: seed, count: 8 * 64)
    var sets: [[UInt32]] = []
    var i = 0
    while i + 8 <= values.count {
      sets.append(Array(values[i..<i + 8]))
      i += 8
    }
    // Every edge value in every lane, against every other edge value.
    for e in edgeValues { sets.append([UInt32](repeating: e, count: 8)) }
    sets.append(Array(edgeValues.prefix(8)))
    sets.append(Array(edgeValues.suffix(8)))
    return sets
  }

  static func pack(_ lanes: [UInt32]) -> PackedKoalaBear {
    PackedKoalaBear(lanes.map { KoalaBear($0) })
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func binaryOperationsMatchReference(seed: UInt64) {
    let setsA = Self.laneSets(seed: seed)
    var shuffler = SplitMix64(seed: seed ^ 0xABCDEF)
    let setsB = Self.laneSets(seed: seed &+ 100).shuffled(using: &shuffler)
    for a in setsA {
      for b in setsB.prefix(12) {
        let pa = Self.pack(a), pb = Self.pack(b)
        let sum = pa + pb, diff = pa - pb, prod = pa * pb
        for l in 0..<8 {
          let x = UInt64(a[l]), y = UInt64(b[l])
          #expect(sum[lane: l].value == UInt32(Ref.add(x, y)))
          #expect(diff[lane: l].value == UInt32(Ref.sub(x, y)))
          #expect(prod[lane: l].value == UInt32(Ref.mul(x, y)))
          #expect(prod[lane: l] == KoalaBear(a[l]) * KoalaBear(b[l]))
          // Lanes must stay canonical Montgomery words.
          #expect(prod.montgomeryLanes[l] < KoalaBear.modulus)
          #expect(sum.montgomeryLanes[l] < KoalaBear.modulus)
          #expect(diff.montgomeryLanes[l] < KoalaBear.modulus)
        }
      }
    }
  }

  @Test(arguments: [UInt64(4), 5])
  func unaryOperationsMatchReference(seed: UInt64) {
    for a in Self.laneSets(seed: seed) {
      let pa = Self.pack(a)
      let neg = -pa, sq = pa.squared(), cube = pa.cubed(), dbl = pa.doubled(), half = pa.halved()
      let pw = pa.power(1_000_003)
      for l in 0..<8 {
        let x = UInt64(a[l])
        #expect(neg[lane: l].value == UInt32(Ref.sub(0, x)))
        #expect(neg.montgomeryLanes[l] < KoalaBear.modulus)
        #expect(sq[lane: l].value == UInt32(Ref.mul(x, x)))
        #expect(cube[lane: l].value == UInt32(Ref.pow(x, 3)))
        #expect(dbl[lane: l].value == UInt32(Ref.add(x, x)))
        #expect(Ref.add(UInt64(half[lane: l].value), UInt64(half[lane: l].value)) == x)
        #expect(half.montgomeryLanes[l] < KoalaBear.modulus)
        #expect(pw[lane: l].value == UInt32(Ref.pow(x, 1_000_003)))
      }
    }
  }

  @Test(arguments: Array(1...24))
  func divisionByPowerOfTwo(k: Int) {
    let inverse2k = Ref.pow(Ref.pow(2, UInt64(k)), Ref.p - 2)
    for a in Self.laneSets(seed: UInt64(k) &+ 77).prefix(24) {
      let r = Self.pack(a).divided(byPowerOfTwo: k)
      for l in 0..<8 {
        #expect(r[lane: l].value == UInt32(Ref.mul(UInt64(a[l]), inverse2k)))
        #expect(r.montgomeryLanes[l] < KoalaBear.modulus)
      }
    }
  }

  @Test func broadcastLoadStoreAndScalarProducts() {
    var rng = SplitMix64(seed: 9)
    let values = (0..<24).map { _ in KoalaBear.random(using: &rng) }
    var out = [KoalaBear](repeating: .zero, count: 24)
    let s = KoalaBear.random(using: &rng)
    values.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        // Unaligned offsets on purpose: 3 and 11.
        let x = PackedKoalaBear(loading: src.baseAddress! + 3)
        (x * s).store(to: dst.baseAddress! + 11)
        (s * x).store(to: dst.baseAddress! + 1)
      }
    }
    for l in 0..<8 {
      #expect(out[11 + l] == values[3 + l] * s)
      #expect(out[1 + l] == values[3 + l] * s)
    }
    #expect(out[0] == .zero && out[19] == .zero)
    let b = PackedKoalaBear(repeating: s)
    #expect(b.elements == [KoalaBear](repeating: s, count: 8))
    #expect(PackedKoalaBear.one.elements == [KoalaBear](repeating: .one, count: 8))
    #expect(PackedKoalaBear.zero.elements == [KoalaBear](repeating: .zero, count: 8))
    var m = PackedKoalaBear.zero
    m[lane: 5] = s
    #expect(m[lane: 5] == s && m[lane: 4] == .zero)
  }
}
