import Testing
import ZKMIPSField
import ZKMIPSHash

/// Checks of the linear layers against the conditions of the Poseidon2 paper (eprint 2023/323,
/// §5): M4 is MDS, the external and internal matrices are invertible, and the minimal
/// polynomials of M_I^k, k = 1…2t, are irreducible of degree t (which rules out invariant
/// subspace trails of infinite length through the partial rounds).
@Suite("Poseidon2 linear layers")
struct Poseidon2MatrixTests {
  typealias F = KoalaBear
  typealias Matrix = [[F]]

  static func identity(_ n: Int) -> Matrix {
    (0..<n).map { i in (0..<n).map { j in i == j ? F.one : F.zero } }
  }

  static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
    let n = a.count
    var c = Matrix(repeating: [F](repeating: .zero, count: n), count: n)
    for i in 0..<n {
      for k in 0..<n where a[i][k] != .zero {
        for j in 0..<n { c[i][j] += a[i][k] * b[k][j] }
      }
    }
    return c
  }

  /// The determinant by Gaussian elimination over F_p.
  static func determinant(_ m: Matrix) -> F {
    var a = m
    let n = a.count
    var det = F.one
    for col in 0..<n {
      guard let pivot = (col..<n).first(where: { a[$0][col] != .zero }) else { return .zero }
      if pivot != col {
        a.swapAt(pivot, col)
        det = -det
      }
      det *= a[col][col]
      let inv = a[col][col].inverse()!
      for r in (col + 1)..<n where a[r][col] != .zero {
        let f = a[r][col] * inv
        for c in col..<n { a[r][c] -= f * a[col][c] }
      }
    }
    return det
  }

  /// The characteristic polynomial det(xI − M), coefficients in ascending order, monic, by
  /// the Faddeev–LeVerrier recurrence (divisions by k ≤ 16 are fine in F_p).
  static func characteristicPolynomial(_ m: Matrix) -> [F] {
    let n = m.count
    var coefficients = [F](repeating: .zero, count: n + 1)
    coefficients[n] = .one
    var mk = Matrix(repeating: [F](repeating: .zero, count: n), count: n)
    for k in 1...n {
      mk = multiply(m, mk)
      for i in 0..<n { mk[i][i] += coefficients[n - k + 1] }
      let product = multiply(m, mk)
      let trace = (0..<n).reduce(F.zero) { $0 + product[$1][$1] }
      coefficients[n - k] = -(trace * F(UInt32(k)).inverse()!)
    }
    return coefficients
  }

  // MARK: Polynomials over F_p (ascending coefficients)

  static func trim(_ a: [F]) -> [F] {
    var a = a
    while a.count > 1 && a.last == .zero { a.removeLast() }
    return a
  }

  static func remainder(_ a: [F], _ f: [F]) -> [F] {
    var r = trim(a)
    let f = trim(f)
    precondition(f != [.zero], "division by the zero polynomial")
    if f.count == 1 { return [.zero] }  // a non-zero constant divides everything
    let lead = f.last!.inverse()!
    while r.count >= f.count {
      let shift = r.count - f.count
      let factor = r.last! * lead
      for i in 0..<f.count { r[shift + i] -= factor * f[i] }
      r.removeLast()  // the leading term cancelled exactly
      r = trim(r)
    }
    return r
  }

  static func multiplyMod(_ a: [F], _ b: [F], _ f: [F]) -> [F] {
    var c = [F](repeating: .zero, count: a.count + b.count - 1)
    for i in 0..<a.count where a[i] != .zero {
      for j in 0..<b.count { c[i + j] += a[i] * b[j] }
    }
    return remainder(c, f)
  }

  static func powerMod(_ base: [F], _ exponent: UInt64, _ f: [F]) -> [F] {
    var result: [F] = [.one]
    var b = remainder(base, f)
    var e = exponent
    while e > 0 {
      if e & 1 == 1 { result = multiplyMod(result, b, f) }
      b = multiplyMod(b, b, f)
      e >>= 1
    }
    return result
  }

  static func gcd(_ a: [F], _ b: [F]) -> [F] {
    var x = trim(a)
    var y = trim(b)
    while !(y.count == 1 && y[0] == .zero) {
      (x, y) = (y, remainder(x, y))
    }
    return x
  }

  static func subtractX(_ a: [F]) -> [F] {
    var r = a + [F](repeating: .zero, count: max(0, 2 - a.count))
    r[1] -= .one
    return trim(r)
  }

  /// Rabin's test for degree 16 (only prime divisor 2): f is irreducible iff
  /// x^(p^16) ≡ x (mod f) and gcd(x^(p^8) − x, f) = 1.
  static func isIrreducibleDegree16(_ f: [F]) -> Bool {
    precondition(f.count == 17)
    let p = UInt64(KoalaBear.modulus)
    var h: [F] = [.zero, .one]
    var h8: [F] = []
    for i in 1...16 {
      h = powerMod(h, p, f)
      if i == 8 { h8 = h }
    }
    let fixesX = trim(h) == [F.zero, F.one]
    let g = gcd(subtractX(h8), f)
    return fixesX && g.count == 1
  }

  static var internalMatrix: Matrix {
    let v = ReferencePoseidon2.diagonal
    var m = Matrix(repeating: [F](repeating: .one, count: 16), count: 16)
    for i in 0..<16 { m[i][i] = F.one + v[i] }
    return m
  }

  // MARK: Tests

  @Test("M4 = circ(2,3,1,1) is MDS: every square submatrix is non-singular")
  func m4IsMDS() {
    let m4 = ReferencePoseidon2.m4.map { $0.map { F($0) } }
    var checked = 0
    for size in 1...4 {
      for rows in subsets(of: 4, size: size) {
        for cols in subsets(of: 4, size: size) {
          let sub = rows.map { r in cols.map { c in m4[r][c] } }
          #expect(Self.determinant(sub) != .zero, "rows \(rows) cols \(cols)")
          checked += 1
        }
      }
    }
    #expect(checked == 69)  // 16 + 36 + 16 + 1
  }

  @Test("M_E and M_I are invertible")
  func invertible() {
    let reference = ReferencePoseidon2(constants: Plonky3KoalaBear16.allInRoundOrder)
    #expect(Self.determinant(reference.externalMatrix) != .zero)
    #expect(Self.determinant(Self.internalMatrix) != .zero)
  }

  @Test("the irreducibility test itself: accepts x^16 − a for a non-square a, rejects products")
  func irreducibilityTestIsSound() {
    // x^16 − a is irreducible over F_p iff a is not a square (Capelli: the only prime dividing
    // 16 is 2, and −4·F^4 consists of squares because p ≡ 1 mod 4).
    let half = UInt64(KoalaBear.modulus - 1) / 2
    let nonSquare = (2..<100).map { F(UInt32($0)) }.first { $0.power(half) != .one }!
    var binomial = [F](repeating: .zero, count: 17)
    binomial[16] = .one
    binomial[0] = -nonSquare
    #expect(Self.isIrreducibleDegree16(binomial))
    // x^16 − 4 = (x^8 − 2)(x^8 + 2) is reducible.
    binomial[0] = -F(4)
    #expect(!Self.isIrreducibleDegree16(binomial))
    // The characteristic polynomial of the all-ones 16×16 matrix, x^15 (x − 16), is reducible.
    let ones = Matrix(repeating: [F](repeating: .one, count: 16), count: 16)
    #expect(!Self.isIrreducibleDegree16(Self.characteristicPolynomial(ones)))
  }

  @Test("minimal polynomials of M_I^k (k = 1…32) are irreducible of degree 16")
  func internalMatrixHasNoInvariantSubspaceTrails() {
    let m = Self.internalMatrix
    var power = m
    for k in 1...32 {
      let cp = Self.characteristicPolynomial(power)
      #expect(Self.isIrreducibleDegree16(cp), "k = \(k)")
      power = Self.multiply(power, m)
    }
  }

  func subsets(of n: Int, size: Int) -> [[Int]] {
    if size == 0 { return [[]] }
    if n < size { return [] }
    return subsets(of: n - 1, size: size) + subsets(of: n - 1, size: size - 1).map { $0 + [n - 1] }
  }
}
