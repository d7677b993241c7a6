import ZKMIPSField

/// The order in which the 2^k values of an NTT input or output are stored.
public enum NTTOrder: Sendable, Equatable {
  /// Position i holds the value of index i (coefficient i, or the evaluation at ω^i).
  case natural
  /// Position i holds the value of index `BitReversal.reverse(i, bits: k)`.
  case bitReversed
}

/// Number-theoretic transforms over KoalaBear on power-of-two sizes up to 2^24.
///
/// For n = 2^k and ω = `KoalaBear.twoAdicGenerator(logOrder: k)`:
/// - ``forward(_:from:to:threads:)`` maps coefficients c to evaluations
///   y_j = Σ_i c_i · ω^(i·j), i.e. y_j = f(ω^j) for f(X) = Σ c_i X^i;
/// - ``inverse(_:from:to:threads:)`` maps evaluations back to coefficients,
///   c_i = n^−1 · Σ_j y_j · ω^(−i·j).
///
/// The fastest pairs are natural → bit-reversed (decimation in frequency) and bit-reversed →
/// natural (decimation in time); the other combinations add one bit-reversal permutation.
/// Work is spread over `threads` threads (one parallel region per transform, a spin barrier
/// between whole-array passes) for sizes from 2^14 up.
public enum NTT {
  /// The thread count used when none is given: every available core.
  public static var defaultThreads: Int { Parallel.availableThreads }

  /// Transforms coefficients to evaluations in place.
  ///
  /// - Precondition: `values.count` is a power of two, at most 2^24.
  /// - Complexity: O(n log n).
  public static func forward(
    _ values: UnsafeMutableBufferPointer<KoalaBear>, from input: NTTOrder = .natural,
    to output: NTTOrder = .natural, threads: Int = NTT.defaultThreads
  ) {
    transform(values, inverse: false, from: input, to: output, threads: threads)
  }

  /// Transforms evaluations to coefficients in place (including the 1/n factor).
  ///
  /// - Precondition: `values.count` is a power of two, at most 2^24.
  /// - Complexity: O(n log n).
  public static func inverse(
    _ values: UnsafeMutableBufferPointer<KoalaBear>, from input: NTTOrder = .natural,
    to output: NTTOrder = .natural, threads: Int = NTT.defaultThreads
  ) {
    transform(values, inverse: true, from: input, to: output, threads: threads)
  }

  /// Transforms coefficients to evaluations in place.
  ///
  /// - Precondition: `values.count` is a power of two, at most 2^24.
  /// - Complexity: O(n log n).
  public static func forward(
    _ values: inout [KoalaBear], from input: NTTOrder = .natural, to output: NTTOrder = .natural,
    threads: Int = NTT.defaultThreads
  ) {
    values.withUnsafeMutableBufferPointer {
      transform($0, inverse: false, from: input, to: output, threads: threads)
    }
  }

  /// Transforms evaluations to coefficients in place (including the 1/n factor).
  ///
  /// - Precondition: `values.count` is a power of two, at most 2^24.
  /// - Complexity: O(n log n).
  public static func inverse(
    _ values: inout [KoalaBear], from input: NTTOrder = .natural, to output: NTTOrder = .natural,
    threads: Int = NTT.defaultThreads
  ) {
    values.withUnsafeMutableBufferPointer {
      transform($0, inverse: true, from: input, to: output, threads: threads)
    }
  }

  /// n^−1 for n = 2^logN: (p + 1)/2 raised to logN, by halving.
  static func inverseOfPowerOfTwo(_ logN: Int) -> KoalaBear {
    var r = KoalaBear.one
    for _ in 0..<logN { r = r.halved() }
    return r
  }

  static func checkedLog(_ n: Int) -> Int {
    precondition(n > 0 && n & (n - 1) == 0, "NTT length must be a power of two")
    let logN = n.trailingZeroBitCount
    precondition(logN <= KoalaBear.twoAdicity, "NTT length exceeds 2^24")
    return logN
  }

  static func transform(
    _ values: UnsafeMutableBufferPointer<KoalaBear>, inverse: Bool, from input: NTTOrder,
    to output: NTTOrder, threads: Int
  ) {
    let logN = checkedLog(values.count)
    if logN == 0 { return }
    let table = TwiddleTable.atLeast(logSize: logN)
    let tw = UnsafePointer(inverse ? table.inverse : table.forward)
    let scale = inverse ? inverseOfPowerOfTwo(logN) : nil
    let x = values.baseAddress!
    withExtendedLifetime(table) {
      switch (input, output) {
      case (.natural, .bitReversed):
        VectorNTT.dif(x, logN: logN, twiddles: tw, scale: scale, threads: threads)
      case (.bitReversed, .natural):
        VectorNTT.dit(x, logN: logN, twiddles: tw, scale: scale, threads: threads)
      case (.natural, .natural):
        VectorNTT.dif(x, logN: logN, twiddles: tw, scale: scale, threads: threads)
        BitReversal.permute(values)
      case (.bitReversed, .bitReversed):
        BitReversal.permute(values)
        VectorNTT.dif(x, logN: logN, twiddles: tw, scale: scale, threads: threads)
      }
    }
  }
}
