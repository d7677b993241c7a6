import Testing
import ZKMIPSField

/// Naive polynomials over F_p (coefficient arrays of canonical values, constant term first),
/// used as an independent reference for the extension field.
enum Poly {
  static func trim(_ a: [UInt64]) -> [UInt64] {
    var a = a
    while let last = a.last, last == 0 { a.removeLast() }
    return a
  }
  static func mul(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
    if a.isEmpty || b.isEmpty { return [] }
    var r = [UInt64](repeating: 0, count: a.count + b.count - 1)
    for i in a.indices { for j in b.indices { r[i + j] = Ref.add(r[i + j], Ref.mul(a[i], b[j])) } }
    return trim(r)
  }
  /// a mod b by long division (b non-zero).
  static func mod(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
    var r = trim(a)
    let b = trim(b)
    let lead = Ref.pow(b.last!, Ref.p - 2)
    while r.count >= b.count {
      let shift = r.count - b.count
      let factor = Ref.mul(r.last!, lead)
      for i in b.indices { r[i + shift] = Ref.sub(r[i + shift], Ref.mul(factor, b[i])) }
      r = trim(r)
    }
    return r
  }
  static func gcd(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
    var (x, y) = (trim(a), trim(b))
    while !y.isEmpty { (x, y) = (y, mod(x, y)) }
    return x
  }
  static func powMod(_ base: [UInt64], _ e: UInt64, _ m: [UInt64]) -> [UInt64] {
    var result: [UInt64] = [1], b = mod(base, m), e = e
    while e > 0 {
      if e & 1 == 1 { result = mod(mul(result, b), m) }
      b = mod(mul(b, b), m)
      e >>= 1
    }
    return result
  }
}

@Suite struct KoalaBearExt4Tests {
  static let p = Ref.p
  static let w = UInt64(KoalaBearExt4.w.value)
  /// X^4 − W as a coefficient array.
  static let modulusPoly: [UInt64] = [Ref.sub(0, w), 0, 0, 0, 1]

  static func canon(_ a: KoalaBearExt4) -> [UInt64] { a.coefficients.map { UInt64($0.value) } }

  /// Schoolbook product then reduction with X^4 = W, on plain integers.
  static func referenceProduct(_ a: KoalaBearExt4, _ b: KoalaBearExt4) -> [UInt64] {
    let x = canon(a), y = canon(b)
    var full = [UInt64](repeating: 0, count: 7)
    for i in 0..<4 { for j in 0..<4 { full[i + j] = Ref.add(full[i + j], Ref.mul(x[i], y[j])) } }
    for k in stride(from: 6, through: 4, by: -1) {
      full[k - 4] = Ref.add(full[k - 4], Ref.mul(w, full[k]))
      full[k] = 0
    }
    return Array(full.prefix(4))
  }

  static func samples(seed: UInt64, count: Int) -> [KoalaBearExt4] {
    var rng = SplitMix64(seed: seed)
    let pm1 = KoalaBear(KoalaBear.modulus - 1)
    let edges: [KoalaBearExt4] = [
      .zero, .one, KoalaBearExt4(pm1, pm1, pm1, pm1), KoalaBearExt4(.zero, .zero, .zero, pm1),
      KoalaBearExt4(.zero, .one, .zero, .zero), KoalaBearExt4(pm1),
      KoalaBearExt4(.one, .zero, .one, .zero),
    ]
    return edges + (0..<count).map { _ in KoalaBearExt4.random(using: &rng) }
  }

  @Test func wIsAQuadraticNonResidue() {
    #expect(Self.w == 3)
    #expect(Ref.pow(Self.w, (Self.p - 1) / 2) == Self.p - 1)  // Euler: non-residue
    #expect(Ref.pow(Self.w, (Self.p - 1) / 4) != 1)  // so not a 4th power: no root in F_p
    #expect(Self.p % 4 == 1)
  }

  /// Rabin's test for degree 4 (only prime divisor 2): f is irreducible iff
  /// X^(p^4) ≡ X (mod f) and gcd(X^(p^2) − X, f) = 1. The second condition rules out
  /// linear and quadratic factors. Pure integer polynomial arithmetic, independent of the
  /// extension code.
  @Test func binomialIsIrreducibleByRabinTest() {
    let f = Self.modulusPoly
    var xPowers: [[UInt64]] = [[0, 1]]  // X^(p^0)
    for _ in 0..<4 { xPowers.append(Poly.powMod(xPowers.last!, Self.p, f)) }
    #expect(xPowers[4] == [0, 1])
    var xp2MinusX = xPowers[2] + [UInt64](repeating: 0, count: max(0, 2 - xPowers[2].count))
    xp2MinusX[1] = Ref.sub(xp2MinusX[1], 1)
    let g = Poly.gcd(f, xp2MinusX)
    #expect(g.count == 1)  // a non-zero constant
    // Sanity check of the test itself: X^4 − 4 (4 = 2^2 is a square) must be caught.
    let reducible: [UInt64] = [Ref.sub(0, 4), 0, 0, 0, 1]
    var y = Poly.powMod([0, 1], Self.p, reducible)
    y = Poly.powMod(y, Self.p, reducible)
    y += [UInt64](repeating: 0, count: max(0, 2 - y.count))
    y[1] = Ref.sub(y[1], 1)
    #expect(Poly.gcd(reducible, y).count > 1)
  }

  @Test(arguments: [UInt64(41), 42, 43])
  func multiplicationMatchesSchoolbook(seed: UInt64) {
    let xs = Self.samples(seed: seed, count: 80)
    let ys = Self.samples(seed: seed &+ 1000, count: 80).reversed()
    for (a, b) in zip(xs, ys) {
      #expect(Self.canon(a * b) == Self.referenceProduct(a, b))
      #expect(Self.canon(a.squared()) == Self.referenceProduct(a, a))
      let s = b.c2
      #expect(a * s == a * KoalaBearExt4(s) && s * a == a * s)
    }
  }

  @Test(arguments: [UInt64(51), 52])
  func ringAxiomsAndMixedOperations(seed: UInt64) {
    let xs = Self.samples(seed: seed, count: 40)
    var rng = SplitMix64(seed: seed ^ 0x55)
    for a in xs {
      let b = KoalaBearExt4.random(using: &rng), c = KoalaBearExt4.random(using: &rng)
      let s = KoalaBear.random(using: &rng)
      #expect((a * b) * c == a * (b * c))
      #expect(a * (b + c) == a * b + a * c)
      #expect(a + b - b == a && a + (-a) == .zero)
      #expect(a + s == a + KoalaBearExt4(s) && s + a == a + s)
      #expect(a - s == a - KoalaBearExt4(s) && s - a == KoalaBearExt4(s) - a)
      #expect(a * .one == a && a * .zero == .zero)
      var t = a
      t += b
      t -= c
      t *= b
      t += s
      t -= s
      t *= s
      #expect(t == ((a + b - c) * b) * KoalaBearExt4(s))
      #expect(a.power(5) == a * a * a * a * a && a.power(0) == .one)
    }
  }

  @Test(arguments: [UInt64(61), 62])
  func inverseAndFrobenius(seed: UInt64) {
    for a in Self.samples(seed: seed, count: 60) {
      #expect(a.frobenius() == a.power(Self.p))
      #expect(a.frobenius().frobenius().frobenius().frobenius() == a)
      if a.isZero {
        #expect(a.inverse() == nil)
      } else {
        let inv = a.inverse()!
        #expect(a * inv == .one)
      }
    }
    let x = KoalaBear(12345)
    #expect(KoalaBearExt4(x).inverse() == KoalaBearExt4(x.inverse()!))
    #expect(KoalaBearExt4(x).baseValue == x)
    #expect(KoalaBearExt4(.zero, .one, .zero, .zero).baseValue == nil)
    // X^4 = W in the field.
    let bigX = KoalaBearExt4(.zero, .one, .zero, .zero)
    #expect(bigX.power(4) == KoalaBearExt4(KoalaBearExt4.w))
  }
}
