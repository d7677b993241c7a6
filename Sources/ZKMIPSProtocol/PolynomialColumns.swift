import ZKMIPSField
import ZKMIPSPoly

/// Column polynomials in coefficient form: interpolation, evaluation on cosets in the
/// committed (bit-reversed) layout. Extensions of whole evaluation matrices use
/// ``ZKMIPSPoly/LowDegreeExtension``.
public enum PolynomialColumns {
  /// The coefficients of each column of `matrix` (interpolated over its trace domain).
  public static func coefficients(_ matrix: RowMajorMatrix) -> [[KoalaBear]] {
    var m = matrix
    NTT.inverseColumns(&m)
    return (0..<m.width).map { c in (0..<m.height).map { m[$0, c] } }
  }

  /// Evaluations of the polynomial with `coefficients` on shift·⟨ω_(2^logSize)⟩, in
  /// natural or bit-reversed order.
  public static func evaluate(
    _ coefficients: [KoalaBear], logSize: Int, shift: KoalaBear, bitReversed: Bool
  ) -> [KoalaBear] {
    let size = 1 << logSize
    precondition(coefficients.count <= size, "polynomial longer than the domain")
    var values = [KoalaBear](repeating: .zero, count: size)
    var s = KoalaBear.one
    for (i, c) in coefficients.enumerated() {
      values[i] = c * s
      s *= shift
    }
    NTT.forward(&values, from: .natural, to: bitReversed ? .bitReversed : .natural)
    return values
  }

  /// Builds a row-major matrix from columns of equal length.
  public static func matrix(columns: [[KoalaBear]]) -> RowMajorMatrix {
    let height = columns[0].count, width = columns.count
    var values = [KoalaBear](repeating: .zero, count: height * width)
    values.withUnsafeMutableBufferPointer { out in
      for (c, column) in columns.enumerated() {
        for r in 0..<height { out[r * width + c] = column[r] }
      }
    }
    return RowMajorMatrix(values: values, width: width)
  }

  /// The LDE of every column of `matrix` by 2^logBlowup on g·⟨ω⟩, rows in bit-reversed
  /// order (the committed layout).
  public static func extend(_ matrix: RowMajorMatrix, logBlowup: Int) -> RowMajorMatrix {
    LowDegreeExtension.cosetExtend(
      matrix, logBlowup: logBlowup, shift: Domain.generator, order: .bitReversed)
  }

  /// The bit-reversed LDE matrix of columns given by their coefficients.
  public static func extend(coefficients: [[KoalaBear]], logSize: Int, shift: KoalaBear)
    -> RowMajorMatrix
  {
    matrix(
      columns: coefficients.map { evaluate($0, logSize: logSize, shift: shift, bitReversed: true) })
  }
}
