import Testing
import ZKMIPSField

/// The scalar field against plain integer arithmetic mod p, field axioms, encodings and the
/// structural constants (generators, two-adic roots).
@Suite struct KoalaBearTests {
  static let p = Ref.p

  @Test(arguments: [UInt64(11), 12, 13])
  func operationsMatchIntegerArithmetic(seed: UInt64) {
    let xs = sampleValues(seed: seed, count: 60)
    let ys = sampleValues(seed: seed &* 31, count: 60).reversed()
    for (a, b) in zip(xs, ys) {
      let x = KoalaBear(a), y = KoalaBear(b)
      let (a64, b64) = (UInt64(a), UInt64(b))
      #expect((x + y).value == UInt32(Ref.add(a64, b64)))
      #expect((x - y).value == UInt32(Ref.sub(a64, b64)))
      #expect((x * y).value == UInt32(Ref.mul(a64, b64)))
      #expect((-x).value == UInt32(Ref.sub(0, a64)))
      #expect(x.squared().value == UInt32(Ref.mul(a64, a64)))
      #expect(x.doubled().value == UInt32(Ref.add(a64, a64)))
      #expect(Ref.add(UInt64(x.halved().value), UInt64(x.halved().value)) == a64)
      #expect(x.power(b64).value == UInt32(Ref.pow(a64, b64)))
      #expect(x.power(0) == .one)
      var z = x
      z += y
      z *= y
      z -= x
      #expect(z.value == UInt32(Ref.sub(Ref.mul(Ref.add(a64, b64), b64), a64)))
    }
  }

  @Test(arguments: [UInt64(21), 22])
  func fieldAxioms(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let edge = edgeValues.map { KoalaBear($0) }
    for i in 0..<200 {
      let a = i < edge.count ? edge[i] : KoalaBear.random(using: &rng)
      let b = KoalaBear.random(using: &rng), c = KoalaBear.random(using: &rng)
      #expect(a + b == b + a)
      #expect(a * b == b * a)
      #expect((a + b) + c == a + (b + c))
      #expect((a * b) * c == a * (b * c))
      #expect(a * (b + c) == a * b + a * c)
      #expect(a + .zero == a && a * .one == a && a * .zero == .zero)
      #expect(a + (-a) == .zero)
      #expect(a - b == a + (-b))
      if a != .zero {
        #expect(a * a.inverse()! == .one)
      }
    }
    #expect(KoalaBear.zero.inverse() == nil)
    #expect(KoalaBear.one.inverse() == .one)
    #expect((-KoalaBear.one).inverse() == -KoalaBear.one)
  }

  @Test func canonicalEncoding() {
    let p = KoalaBear.modulus
    for v in edgeValues {
      #expect(KoalaBear(canonical: v)?.value == v)
      #expect(KoalaBear(v).value == v)
      let x = KoalaBear(v)
      #expect(KoalaBear.fromMontgomery(x.montgomeryValue) == x)
      #expect(UInt64(x.montgomeryValue) == Ref.mul(UInt64(v), Ref.pow(2, 32)))
      #expect(x.montgomeryValue < p)
    }
    for bad in [p, p + 1, p + 12345, UInt32.max] {
      #expect(KoalaBear(canonical: bad) == nil)
      #expect(KoalaBear(bad).value == UInt32(UInt64(bad) % Self.p))
    }
    #expect(KoalaBear.zero.value == 0 && KoalaBear.one.value == 1)
    #expect(KoalaBear(p).description == "0" && KoalaBear(p + 7).description == "7")
  }

  @Test func equalityAndHashingFollowCanonicalValues() {
    let p = KoalaBear.modulus
    #expect(KoalaBear(5) == KoalaBear(p + 5))
    #expect(KoalaBear(5).hashValue == KoalaBear(p + 5).hashValue)
    #expect(KoalaBear(5) != KoalaBear(6))
    let set: Set<KoalaBear> = [
      KoalaBear(0), KoalaBear(p), KoalaBear(1), KoalaBear(p + 1), KoalaBear(2),
    ]
    #expect(set.count == 3)
    #expect(KoalaBear(2) - KoalaBear(1) == .one)
  }

  @Test(arguments: [0, 1, 2, 7, 64, 1000])
  func batchInversion(count: Int) {
    var rng = SplitMix64(seed: UInt64(count) &+ 5)
    var values = (0..<count).map { _ in KoalaBear.random(using: &rng) }
    // Sprinkle zeros, which must stay zero and not disturb their neighbours.
    for i in stride(from: 3, to: count, by: 17) { values[i] = .zero }
    let inverted = KoalaBear.batchInverse(values)
    #expect(inverted.count == count)
    for (x, y) in zip(values, inverted) {
      if x == .zero {
        #expect(y == .zero)
      } else {
        #expect(x * y == .one)
        #expect(y == x.inverse()!)
      }
    }
  }

  @Test func multiplicativeGeneratorHasFullOrder() {
    let g = UInt64(KoalaBear.multiplicativeGenerator.value)
    #expect(g == 3)
    // p − 1 = 2^24 · 127: g has order p − 1 iff g^((p−1)/q) ≠ 1 for q = 2 and q = 127.
    #expect(Self.p - 1 == (1 << 24) * 127)
    #expect(Ref.pow(g, Self.p - 1) == 1)
    #expect(Ref.pow(g, (Self.p - 1) / 2) != 1)
    #expect(Ref.pow(g, (Self.p - 1) / 127) != 1)
    #expect(KoalaBear.twoAdicity == 24)
    #expect((Self.p - 1) % (1 << 24) == 0 && ((Self.p - 1) >> 24) % 2 == 1)
  }

  @Test(arguments: Array(0...24))
  func twoAdicGeneratorHasExactOrder(logOrder: Int) {
    let w = KoalaBear.twoAdicGenerator(logOrder: logOrder)
    // Independent derivation: 3^(127 · 2^(24 − k)) with plain integer arithmetic.
    #expect(UInt64(w.value) == Ref.pow(3, 127 << UInt64(24 - logOrder)))
    let x = UInt64(w.value)
    #expect(Ref.pow(x, 1 << UInt64(logOrder)) == 1)
    if logOrder > 0 {
      #expect(Ref.pow(x, 1 << UInt64(logOrder - 1)) != 1)
      #expect(Ref.pow(x, 1 << UInt64(logOrder - 1)) == Self.p - 1)
    }
    if logOrder < 24 {
      #expect(KoalaBear.twoAdicGenerator(logOrder: logOrder + 1).squared() == w)
    }
  }

  @Test(arguments: [UInt64(31), 32])
  func squareRoots(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for i in 0..<100 {
      let x = i < edgeValues.count ? KoalaBear(edgeValues[i]) : KoalaBear.random(using: &rng)
      let euler = Ref.pow(UInt64(x.value), (Self.p - 1) / 2)
      #expect(x.isSquare == (euler != Self.p - 1))
      if let r = x.squareRoot() {
        #expect(r.squared() == x)
      } else {
        #expect(euler == Self.p - 1)
      }
      let sq = x.squared()
      #expect(sq.squareRoot()!.squared() == sq)
    }
    #expect(KoalaBear.multiplicativeGenerator.squareRoot() == nil)
    // A square whose root has 2-adic order 2^24 exercises every Tonelli–Shanks step.
    let deep = KoalaBear.twoAdicGenerator(logOrder: 24)
    #expect(deep.squareRoot() == nil)
    #expect(deep.squared().squareRoot()!.squared() == deep.squared())
  }
}
