import ZKMIPSField

extension NTT {
  /// Transforms every column of `matrix` from coefficients to evaluations, in place.
  ///
  /// Column c is treated as the vector (matrix[0, c], …, matrix[height−1, c]) and the orders
  /// refer to row order. All columns are processed together, vectorised across the row.
  ///
  /// - Precondition: `matrix.height` is a power of two, at most 2^24.
  /// - Complexity: O(height · log height · width).
  public static func forwardColumns(
    _ matrix: inout RowMajorMatrix, from input: NTTOrder = .natural, to output: NTTOrder = .natural,
    threads: Int = NTT.defaultThreads
  ) {
    transformColumns(&matrix, inverse: false, from: input, to: output, threads: threads)
  }

  /// Transforms every column of `matrix` from evaluations to coefficients, in place
  /// (including the 1/height factor).
  ///
  /// - Precondition: `matrix.height` is a power of two, at most 2^24.
  /// - Complexity: O(height · log height · width).
  public static func inverseColumns(
    _ matrix: inout RowMajorMatrix, from input: NTTOrder = .natural, to output: NTTOrder = .natural,
    threads: Int = NTT.defaultThreads
  ) {
    transformColumns(&matrix, inverse: true, from: input, to: output, threads: threads)
  }

  static func transformColumns(
    _ matrix: inout RowMajorMatrix, inverse: Bool, from input: NTTOrder, to output: NTTOrder,
    threads: Int
  ) {
    let logHeight = checkedLog(matrix.height)
    if logHeight == 0 { return }
    let width = matrix.width
    let table = TwiddleTable.atLeast(logSize: logHeight)
    let tw = UnsafePointer(inverse ? table.inverse : table.forward)
    let scale = inverse ? inverseOfPowerOfTwo(logHeight) : nil
    if input == .bitReversed && output == .bitReversed { BitReversal.permuteRows(&matrix) }
    matrix.values.withUnsafeMutableBufferPointer { buffer in
      let x = buffer.baseAddress!
      withExtendedLifetime(table) {
        if input == .bitReversed && output == .natural {
          MatrixNTT.dit(
            x, logHeight: logHeight, width: width, twiddles: tw, scale: scale, threads: threads)
        } else {
          MatrixNTT.dif(
            x, logHeight: logHeight, width: width, twiddles: tw, scale: scale, threads: threads)
        }
      }
    }
    if input == .natural && output == .natural { BitReversal.permuteRows(&matrix) }
  }
}
