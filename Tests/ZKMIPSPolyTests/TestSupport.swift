import ZKMIPSField
import ZKMIPSPoly

func randomElements(_ count: Int, seed: UInt64) -> [KoalaBear] {
  var rng = SplitMix64(seed: seed)
  return (0..<count).map { _ in KoalaBear.random(using: &rng) }
}

/// Reference transforms written from the definition, O(n^2), sharing no code with the NTT.
enum Naive {
  /// y_j = Σ_i x_i · root^(i·j).
  static func dft(_ x: [KoalaBear], root: KoalaBear) -> [KoalaBear] {
    let n = x.count
    var powers = [KoalaBear](repeating: .one, count: n)
    for k in 1..<max(n, 1) { powers[k] = powers[k - 1] * root }
    return (0..<n).map { j in
      var acc = KoalaBear.zero
      for i in 0..<n { acc += x[i] * powers[(i * j) % n] }
      return acc
    }
  }

  /// The forward transform of size n = x.count from the definition.
  static func forward(_ x: [KoalaBear]) -> [KoalaBear] {
    dft(x, root: KoalaBear.twoAdicGenerator(logOrder: x.count.trailingZeroBitCount))
  }

  /// The inverse transform, including the 1/n factor.
  static func inverse(_ y: [KoalaBear]) -> [KoalaBear] {
    let n = y.count
    let root = KoalaBear.twoAdicGenerator(logOrder: n.trailingZeroBitCount).inverse()!
    let nInverse = KoalaBear(UInt32(n)).inverse()!
    return dft(y, root: root).map { $0 * nInverse }
  }

  /// f(point) by Horner's rule for coefficients c (constant term first).
  static func evaluate(_ c: [KoalaBear], at point: KoalaBear) -> KoalaBear {
    var acc = KoalaBear.zero
    for coefficient in c.reversed() { acc = acc * point + coefficient }
    return acc
  }

  /// Position i ← value at index reverse(i), written out with an independent bit loop.
  static func bitReversed<T>(_ x: [T]) -> [T] {
    let bits = x.count.trailingZeroBitCount
    return (0..<x.count).map { i in
      var r = 0
      for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
      return x[r]
    }
  }
}

/// `nil` when the arrays are equal, else a short note on the first difference, so a failing
/// expectation on a 2^20-element array does not print the whole array.
func firstDifference(_ a: [KoalaBear], _ b: [KoalaBear]) -> String? {
  if a.count != b.count { return "lengths \(a.count) vs \(b.count)" }
  guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
  return "first difference at \(i): \(a[i]) vs \(b[i])"
}
