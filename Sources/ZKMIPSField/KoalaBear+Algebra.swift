// Field structure of KoalaBear used by NTTs and the prover: generators, roots of unity,
// batch inversion and square roots.

// MARK: - Generators and roots of unity

extension KoalaBear {
  /// The largest k with 2^k | p − 1: p − 1 = 2^24 · 127.
  public static let twoAdicity = 24

  /// A generator of the multiplicative group F_p^*: the element 3.
  ///
  /// 3 has order exactly p − 1 because 3^((p−1)/2) ≠ 1 and 3^((p−1)/127) ≠ 1, the only
  /// prime factors of p − 1 being 2 and 127 (checked by the tests). Being a generator,
  /// 3 lies in no proper subgroup, so it is also the default coset shift for low-degree
  /// extensions, and it is a quadratic non-residue. Plonky3 uses the same generator.
  public static let multiplicativeGenerator = KoalaBear(3)

  /// Canonical values of the two-adic generators, index k holding an element of order 2^k.
  ///
  /// Derivation: entry 24 is g^127 with g = 3 (the ``multiplicativeGenerator``), whose order
  /// is (p − 1)/127 = 2^24; entry k is entry 24 squared 24 − k times, i.e.
  /// 3^(127 · 2^(24−k)) mod p. Entry 1 is p − 1 = −1 as it must be. Computed with Python's
  /// `pow(3, 127 * 2**(24 - k), p)`; they coincide with Plonky3's table (same generator).
  /// The tests recompute each entry with independent integer arithmetic and check the
  /// exact order.
  @usableFromInline static let twoAdicGeneratorValues: [UInt32] = [
    0x0000_0001, 0x7f00_0000, 0x7e01_0002, 0x6832_fe4a, 0x08db_d69c, 0x0a28_f031,
    0x5c4a_5b99, 0x29b7_5a80, 0x1766_8b8a, 0x27ad_539b, 0x334d_48c7, 0x7744_959c,
    0x768f_c6fa, 0x3039_64b2, 0x3e68_7d4d, 0x45a6_0e61, 0x6e2f_4d7a, 0x163b_d499,
    0x6c4a_8a45, 0x143e_f899, 0x514d_dcad, 0x484e_f19b, 0x205d_63c3, 0x68e7_dd49,
    0x6ac4_9f88,
  ]

  /// A primitive 2^`logOrder`-th root of unity (an element of order exactly 2^`logOrder`).
  ///
  /// The roots are consistent: `twoAdicGenerator(logOrder: k + 1).squared()` equals
  /// `twoAdicGenerator(logOrder: k)`.
  ///
  /// - Precondition: `0 <= logOrder <= 24`.
  @inlinable
  public static func twoAdicGenerator(logOrder: Int) -> KoalaBear {
    precondition(logOrder >= 0 && logOrder <= twoAdicity, "two-adic order out of range")
    return KoalaBear(twoAdicGeneratorValues[logOrder])
  }
}

// MARK: - Inversion

extension KoalaBear {
  /// Inverts every non-zero element of `buffer` in place with Montgomery's trick; zeros
  /// stay zero.
  ///
  /// Prefix products are accumulated, a single field inversion inverts the total, and a
  /// backward sweep peels off one inverse per element.
  ///
  /// - Complexity: 3(n − 1) multiplications and one inversion; O(n) scratch.
  public static func batchInvert(_ buffer: UnsafeMutableBufferPointer<KoalaBear>) {
    let n = buffer.count
    if n == 0 { return }
    var prefix = [KoalaBear](repeating: .one, count: n)
    var running = KoalaBear.one
    for i in 0..<n {
      prefix[i] = running
      let x = buffer[i]
      if x.montgomery != 0 { running *= x }
    }
    // running is a product of non-zero elements, hence invertible.
    var inverseRunning = running.inverse()!
    var i = n
    while i > 0 {
      i -= 1
      let x = buffer[i]
      if x.montgomery == 0 { continue }
      buffer[i] = inverseRunning * prefix[i]
      inverseRunning *= x
    }
  }

  /// The inverses of `values`, zeros mapped to zero, with one field inversion in total.
  ///
  /// - Complexity: 3(n − 1) multiplications and one inversion.
  public static func batchInverse(_ values: [KoalaBear]) -> [KoalaBear] {
    var out = values
    out.withUnsafeMutableBufferPointer { batchInvert($0) }
    return out
  }
}

// MARK: - Square roots

extension KoalaBear {
  /// Whether `self` is a square in F_p (zero counts as a square), by Euler's criterion.
  public var isSquare: Bool {
    montgomery == 0 || power(UInt64(KoalaBear.modulus - 1) / 2) == .one
  }

  /// A square root of `self`, or `nil` if `self` is not a square (Tonelli–Shanks).
  ///
  /// p − 1 = 2^24 · 127, so the loop works in the 2-Sylow subgroup whose generator is
  /// `twoAdicGenerator(logOrder: 24)` = 3^127. Which of the two roots is returned is not
  /// specified.
  ///
  /// - Complexity: O(24^2) multiplications at worst.
  public func squareRoot() -> KoalaBear? {
    if montgomery == 0 { return .zero }
    guard isSquare else { return nil }
    // x = a^((Q+1)/2), b = a^Q with Q = 127; invariant x^2 = a·b, b in the 2-Sylow subgroup.
    var x = power(64)
    var b = power(127)
    var c = KoalaBear.twoAdicGenerator(logOrder: KoalaBear.twoAdicity)
    var m = KoalaBear.twoAdicity
    while b != .one {
      // Smallest i with b^(2^i) = 1; i < m because b has order dividing 2^(m−1) here.
      var i = 0
      var t = b
      while t != .one {
        t = t.squared()
        i += 1
      }
      var s = c
      for _ in 0..<(m - i - 1) { s = s.squared() }
      x *= s
      c = s.squared()
      b *= c
      m = i
    }
    return x
  }
}
