import Foundation
import ZKMIPSField

/// Roots of unity laid out for the butterfly passes: entry `h + j` (for h a power of two,
/// 0 ≤ j < h) holds ω_{2h}^j, the twiddle of butterfly j in a layer whose pairs are h apart.
///
/// Because ω_{2h} depends only on h, one table of size N serves every transform of size
/// ≤ N, so a single process-wide table is kept and only ever grows. Layer h reads the
/// contiguous run `[h, 2h)`, which is what lets a SIMD kernel load 16 twiddles at once.
final class TwiddleTable: @unchecked Sendable {
  /// log2 of the number of entries (the largest transform this table serves).
  let logSize: Int
  /// Forward twiddles ω_{2h}^j.
  let forward: UnsafeMutablePointer<KoalaBear>
  /// Inverse twiddles ω_{2h}^−j.
  let inverse: UnsafeMutablePointer<KoalaBear>

  private init(logSize: Int) {
    self.logSize = logSize
    let n = 1 << logSize
    forward = .allocate(capacity: n)
    inverse = .allocate(capacity: n)
    TwiddleTable.fill(
      forward, logSize: logSize, root: KoalaBear.twoAdicGenerator(logOrder: logSize))
    TwiddleTable.fill(
      inverse, logSize: logSize, root: KoalaBear.twoAdicGenerator(logOrder: logSize).inverse()!)
  }

  deinit {
    forward.deallocate()
    inverse.deallocate()
  }

  /// Fills `table` (2^logSize entries) from `root`, a primitive 2^logSize-th root of unity.
  private static func fill(_ table: UnsafeMutablePointer<KoalaBear>, logSize: Int, root: KoalaBear)
  {
    let n = 1 << logSize
    table[0] = .zero  // unused slot (h = 0 does not exist)
    if n < 2 { return }
    // Top layer h = n/2 gets successive powers; each smaller layer is every other entry of
    // the one above, since ω_{2h} = ω_{4h}^2.
    let half = n / 2
    var w = KoalaBear.one
    for j in 0..<half {
      table[half + j] = w
      w *= root
    }
    var h = half / 2
    while h >= 1 {
      for j in 0..<h { table[h + j] = table[2 * h + 2 * j] }
      h /= 2
    }
  }

  nonisolated(unsafe) private static var cached: TwiddleTable?
  private static let lock = NSLock()

  /// A table serving transforms of size up to 2^`logSize` (at least 2^10 entries).
  ///
  /// The returned object keeps its memory alive for as long as the caller holds it, even if
  /// another thread meanwhile replaces the cache with a larger table.
  static func atLeast(logSize: Int) -> TwiddleTable {
    precondition(logSize <= KoalaBear.twoAdicity, "transform larger than 2^24")
    lock.lock()
    defer { lock.unlock() }
    if let table = cached, table.logSize >= logSize { return table }
    let table = TwiddleTable(logSize: max(logSize, 10, cached?.logSize ?? 0))
    cached = table
    return table
  }
}
