import ZKMIPSField

/// Coset low-degree extension of the columns of a matrix.
///
/// Each column of an n-row matrix is read as the evaluations of a polynomial f of degree
/// < n on the subgroup H = ⟨ω_n⟩ in natural order (row i holds f(ω_n^i)). The extension
/// evaluates every f on the coset s·H' of the subgroup H' = ⟨ω_N⟩ of size N = n·2^logBlowup,
/// where ω_k = `KoalaBear.twoAdicGenerator(logOrder: log2 k)`.
///
/// Output row r holds f(point(r)) with (see ``point(row:logHeight:shift:order:)``):
/// - `.natural`: point(r) = s · ω_N^r;
/// - `.bitReversed`: point(r) = s · ω_N^reverse(r), reverse over log2 N bits. Rows 2i and
///   2i + 1 then hold x and −x (reverse(2i + 1) = reverse(2i) + N/2), the pairs FRI folds,
///   and each aligned run of N/2^k rows is a coset of a subgroup.
///
/// The default shift is the multiplicative generator g = 3. Because g generates F_p^*, it lies
/// in no proper subgroup: g ∉ H', so s·H' is disjoint from H' (and from H ⊂ H'), so
/// constraint quotients never divide by zero on it, and g is the conventional choice
/// (Plonky3 uses the same shift).
public enum LowDegreeExtension {
  /// The coset point of output row `row` for an extension of height 2^`logHeight`.
  ///
  /// - Precondition: `row < 2^logHeight`, `logHeight <= 24`.
  public static func point(
    row: Int, logHeight: Int, shift: KoalaBear = .multiplicativeGenerator,
    order: NTTOrder = .natural
  ) -> KoalaBear {
    let exponent = order == .natural ? row : BitReversal.reverse(row, bits: logHeight)
    return shift * KoalaBear.twoAdicGenerator(logOrder: logHeight).power(UInt64(exponent))
  }

  /// The low-degree extension of every column of `matrix` onto the coset `shift`·H'.
  ///
  /// - Parameters:
  ///   - matrix: evaluations on H in natural row order; its height n is a power of two.
  ///   - logBlowup: log2 of N / n (0 re-evaluates on the coset of the same size).
  ///   - shift: the coset shift s, non-zero.
  ///   - order: row order of the output (see the type's documentation).
  ///   - threads: threads to use (default: all cores).
  /// - Returns: an (n · 2^logBlowup) × width matrix.
  /// - Precondition: n is a power of two, log2 n + logBlowup ≤ 24, logBlowup ≥ 0, s ≠ 0.
  /// - Complexity: O(N · log N · width) time; the output plus a copy of the input in memory.
  public static func cosetExtend(
    _ matrix: RowMajorMatrix, logBlowup: Int, shift: KoalaBear = .multiplicativeGenerator,
    order: NTTOrder = .natural, threads: Int = NTT.defaultThreads
  ) -> RowMajorMatrix {
    let n = matrix.height, width = matrix.width
    let logN = NTT.checkedLog(n)
    precondition(logBlowup >= 0 && logN + logBlowup <= KoalaBear.twoAdicity, "extension too large")
    precondition(shift != .zero, "coset shift must be non-zero")
    let logExtended = logN + logBlowup
    let table = TwiddleTable.atLeast(logSize: max(logExtended, 1))
    // Working copy of the input in fresh memory: it becomes the coefficients.
    var coefficients = FreshMemory.array(count: matrix.values.count) { target in
      matrix.values.withUnsafeBufferPointer { source in
        if let base = source.baseAddress { target.update(from: base, count: source.count) }
      }
    }
    let values = withExtendedLifetime(table) {
      coefficients.withUnsafeMutableBufferPointer { buffer in
        order == .natural
          ? naturalOrder(
            buffer.baseAddress!, logN: logN, width: width, logBlowup: logBlowup, shift: shift,
            table: table, threads: threads)
          : bitReversedOrder(
            buffer.baseAddress!, logN: logN, width: width, logBlowup: logBlowup, shift: shift,
            table: table, threads: threads)
      }
    }
    return RowMajorMatrix(values: values, width: width)
  }

  /// Natural-order output. The inverse DIF leaves coefficient rev(k) in row k; scaling by
  /// s^rev(k)/n turns them into the coefficients of f(s·X). Zero-padding those to N in
  /// bit-reversed order puts row k at row k·2^logBlowup, and the first logBlowup DIT layers
  /// on such padding just copy each row into the 2^logBlowup rows after it, so rows are
  /// replicated instead and the DIT starts at layer distance 2^logBlowup. The replication
  /// happens block by block right before each block's DIT layers, while it is in cache.
  static func naturalOrder(
    _ c: UnsafeMutablePointer<KoalaBear>, logN: Int, width: Int, logBlowup: Int, shift: KoalaBear,
    table: TwiddleTable, threads: Int
  ) -> [KoalaBear] {
    let n = 1 << logN, blowup = 1 << logBlowup
    let logExtended = logN + logBlowup
    MatrixNTT.dif(
      c, logHeight: logN, width: width, twiddles: table.inverse, scale: nil, threads: threads)
    let factors = shiftPowers(shift, count: n, times: NTT.inverseOfPowerOfTwo(logN))
    let blockRows = 1 << min(logExtended, MatrixNTT.rowBlockLog(width: width))
    return FreshMemory.array(count: n * blowup * width) { o in
      MatrixNTT.dit(
        o, logHeight: logExtended, width: width, twiddles: table.forward, scale: nil,
        firstLayerLog: logBlowup, threads: threads
      ) { block, target in
        let firstRow = block * blockRows
        for row in firstRow..<(firstRow + blockRows) {
          let destination = target + (row - firstRow) * width
          if row == firstRow || row & (blowup - 1) == 0 {
            let k = row >> logBlowup
            let source = c + k * width
            let f = factors[BitReversal.reverse(k, bits: logN)]
            for col in 0..<width { destination[col] = source[col] * f }
          } else {
            destination.update(from: destination - width, count: width)
          }
        }
      }
    }
  }

  /// Bit-reversed output. Output row b·n + k is the point s·ω_N^rev_B(b)·ω_n^rev_n(k), so
  /// block b is the bit-reversed evaluation of f on the coset t_b·H with
  /// t_b = s·ω_N^rev_B(b): a size-n DIF of the coefficients c_i scaled by t_b^i / n. The
  /// inverse DIF leaves c_i in row rev(i); one (threaded) row permutation puts them in
  /// natural order so that each of the 2^logBlowup fills reads them sequentially.
  static func bitReversedOrder(
    _ c: UnsafeMutablePointer<KoalaBear>, logN: Int, width: Int, logBlowup: Int, shift: KoalaBear,
    table: TwiddleTable, threads: Int
  ) -> [KoalaBear] {
    let n = 1 << logN, blowup = 1 << logBlowup
    MatrixNTT.dif(
      c, logHeight: logN, width: width, twiddles: table.inverse, scale: nil, threads: threads)
    BitReversal.permuteRows(c, height: n, width: width)
    let omega = KoalaBear.twoAdicGenerator(logOrder: logN + logBlowup)
    let nInverse = NTT.inverseOfPowerOfTwo(logN)
    return FreshMemory.array(count: n * blowup * width) { o in
      for b in 0..<blowup {
        let t = shift * omega.power(UInt64(BitReversal.reverse(b, bits: logBlowup)))
        let block = o + b * n * width
        Parallel.region(threads: n * width >= (1 << 15) ? threads : 1) { part, count, _ in
          let start = n * part / count, end = n * (part + 1) / count
          var f = t.power(UInt64(start)) * nInverse
          for i in start..<end {
            let source = c + i * width, target = block + i * width
            for col in 0..<width { target[col] = source[col] * f }
            f *= t
          }
        }
        MatrixNTT.dif(
          block, logHeight: logN, width: width, twiddles: table.forward, scale: nil,
          threads: threads)
      }
    }
  }

  /// [m·s^0, m·s^1, …, m·s^(count−1)].
  static func shiftPowers(_ s: KoalaBear, count: Int, times m: KoalaBear) -> [KoalaBear] {
    var powers = [KoalaBear](repeating: .zero, count: count)
    var x = m
    for i in 0..<count {
      powers[i] = x
      x *= s
    }
    return powers
  }
}
