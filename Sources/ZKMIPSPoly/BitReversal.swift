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
  /// The permutation is an involution: applying it twice restores the input. From 2^8
  /// elements up it works on 16 × 16 tiles (see `tiledPermute`), and from 2^18 up on every
  /// core.
  ///
  /// - Precondition: `buffer.count` is a power of two.
  /// - Complexity: O(n).
  public static func permute<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
    let n = buffer.count
    precondition(n > 0 && n & (n - 1) == 0, "length must be a power of two")
    let bits = n.trailingZeroBitCount
    if bits >= 2 * tileLog {
      tiledPermute(
        buffer.baseAddress!, logN: bits, threads: bits >= 18 ? Parallel.availableThreads : 1)
      return
    }
    for i in 0..<n {
      let j = reverse(i, bits: bits)
      if i < j { buffer.swapAt(i, j) }
    }
  }

  /// `permute` for field elements, so callers outside the module get the specialised code.
  ///
  /// - Precondition: `buffer.count` is a power of two.
  /// - Complexity: O(n).
  public static func permute(_ buffer: UnsafeMutableBufferPointer<KoalaBear>) {
    let n = buffer.count
    precondition(n > 0 && n & (n - 1) == 0, "length must be a power of two")
    let bits = n.trailingZeroBitCount
    if bits >= 2 * tileLog {
      tiledPermute(
        buffer.baseAddress!, logN: bits, threads: bits >= 18 ? Parallel.availableThreads : 1)
      return
    }
    for i in 0..<n {
      let j = reverse(i, bits: bits)
      if i < j { buffer.swapAt(i, j) }
    }
  }

  /// log2 of the tile side: 16 elements, a 64-byte cache line of field elements.
  static let tileLog = 4

  /// Reverses the 4 low bits of `q` (a nibble lookup in one 64-bit constant).
  @inline(__always)
  static func reverse4(_ q: Int) -> Int {
    Int((UInt64(0xF7B3_D591_E6A2_C480) >> UInt64(q << 2)) & 0xF)
  }

  /// Cache-friendly bit reversal. Split an index into (a, m, c): a = top 4 bits, c = bottom
  /// 4 bits, m the middle. reverse(a, m, c) = (rev4(c), rev(m), rev4(a)), so the 256
  /// elements with middle m (16 rows of 16 contiguous elements) map onto the 256 with middle
  /// rev(m), transposed. Each tile pair is moved through a small buffer: every access is a
  /// whole cache line, where the element-wise swap loop touched a new line per element.
  /// Middles are claimed dynamically by the threads of one region.
  static func tiledPermute<T>(_ x: UnsafeMutablePointer<T>, logN k: Int, threads: Int) {
    let b = tileLog, side = 1 << tileLog
    let middleBits = k - 2 * b
    let highShift = k - b
    let middles = 1 << middleBits
    Parallel.region(threads: threads) { _, _, region in
      withUnsafeTemporaryAllocation(of: T.self, capacity: 2 * side * side) { scratch in
        let t = scratch.baseAddress!, u = t + side * side
        var m = region.claim(0)
        while m < middles {
          defer { m = region.claim(0) }
          let mr = reverse(m, bits: middleBits)
          if mr < m { continue }
          for a in 0..<side {
            (t + a * side).moveInitialize(from: x + ((a << highShift) | (m << b)), count: side)
          }
          if mr != m {
            for a in 0..<side {
              (u + a * side).moveInitialize(from: x + ((a << highShift) | (mr << b)), count: side)
            }
          }
          // Destination row r = rev4(c), column q = rev4(a).
          for r in 0..<side {
            let c = reverse4(r)
            let toPartner = x + ((r << highShift) | (mr << b))
            for q in 0..<side {
              (toPartner + q).initialize(to: (t + (reverse4(q) << b | c)).move())
            }
            if mr != m {
              let toSelf = x + ((r << highShift) | (m << b))
              for q in 0..<side { (toSelf + q).initialize(to: (u + (reverse4(q) << b | c)).move()) }
            }
          }
        }
      }
    }
  }

  /// Permutes `values` in place so that element i moves to position reverse(i).
  ///
  /// - Precondition: `values.count` is a power of two.
  /// - Complexity: O(n).
  public static func permute<T>(_ values: inout [T]) {
    values.withUnsafeMutableBufferPointer { permute($0) }
  }

  /// `permute` for arrays of field elements (specialised code for callers in other modules).
  ///
  /// - Precondition: `values.count` is a power of two.
  /// - Complexity: O(n).
  public static func permute(_ values: inout [KoalaBear]) {
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

  /// Row permutation on raw row-major storage of `height` rows of `width` elements. The
  /// swapped pairs are disjoint, so runs of 256 rows are claimed by the threads of one
  /// region for large matrices.
  static func permuteRows(_ base: UnsafeMutablePointer<KoalaBear>, height: Int, width: Int) {
    precondition(height > 0 && height & (height - 1) == 0, "height must be a power of two")
    let bits = height.trailingZeroBitCount
    let run = 256
    let runs = (height + run - 1) / run
    let threads = height * width >= (1 << 18) ? Parallel.availableThreads : 1
    Parallel.region(threads: threads) { _, _, region in
      var k = region.claim(0)
      while k < runs {
        for i in (k * run)..<min(height, (k + 1) * run) {
          let j = reverse(i, bits: bits)
          if i < j {
            let a = base + i * width, b = base + j * width
            for c in 0..<width { swap(&a[c], &b[c]) }
          }
        }
        k = region.claim(0)
      }
    }
  }
}
