import ZKMIPSField

/// Bit-reversal permutations: the index map between natural order and the order in which a
/// decimation-in-frequency NTT leaves its output.
public enum BitReversal {
  /// `index` with its low `bits` bits reversed (bit 0 ↔ bit bits−1, …).
  ///
  /// - Precondition: `0 <= bits <= 63` and `index < 2^bits`.
  @inlinable
  public static func reverse(_ index: Int, bits: Int) -> Int {
    if bits == 0 { return 0 }
    // Reverse all 64 bits by swapping ever larger groups, then drop the unused low bits.
    var v = UInt64(truncatingIfNeeded: index)
    v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
    v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
    v = ((v >> 4) & 0x0f0f_0f0f_0f0f_0f0f) | ((v & 0x0f0f_0f0f_0f0f_0f0f) << 4)
    v = v.byteSwapped
    return Int(truncatingIfNeeded: v >> UInt64(64 - bits))
  }

  /// Permutes `buffer` in place so that element i moves to position reverse(i).
  ///
  /// The permutation is an involution: applying it twice restores the input.
  ///
  /// - Precondition: `buffer.count` is a power of two.
  /// - Complexity: O(n).
  public static func permute<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
    let n = buffer.count
    precondition(n > 0 && n & (n - 1) == 0, "length must be a power of two")
    let bits = n.trailingZeroBitCount
    for i in 0..<n {
      let j = reverse(i, bits: bits)
      if i < j { buffer.swapAt(i, j) }
    }
  }

  /// Permutes `values` in place so that element i moves to position reverse(i).
  ///
  /// - Precondition: `values.count` is a power of two.
  /// - Complexity: O(n).
  public static func permute<T>(_ values: inout [T]) {
    values.withUnsafeMutableBufferPointer { permute($0) }
  }

  /// Permutes the rows of `matrix` in place so that row i moves to row reverse(i).
  ///
  /// - Precondition: `matrix.height` is a power of two.
  /// - Complexity: O(height · width).
  public static func permuteRows(_ matrix: inout RowMajorMatrix) {
    let width = matrix.width, height = matrix.height
    matrix.values.withUnsafeMutableBufferPointer { buffer in
      permuteRows(buffer.baseAddress!, height: height, width: width)
    }
  }

  /// Row permutation on raw row-major storage of `height` rows of `width` elements.
  static func permuteRows(_ base: UnsafeMutablePointer<KoalaBear>, height: Int, width: Int) {
    precondition(height > 0 && height & (height - 1) == 0, "height must be a power of two")
    let bits = height.trailingZeroBitCount
    for i in 0..<height {
      let j = reverse(i, bits: bits)
      if i < j {
        let a = base + i * width, b = base + j * width
        for c in 0..<width { swap(&a[c], &b[c]) }
      }
    }
  }
}
