import Foundation

/// One measured figure of `zkmips bench`.
///
/// `key` is stable across releases (the JSON output is keyed by it); `value` is in `unit`.
public struct BenchResult: Sendable, Codable, Equatable {
  /// Stable machine-readable name, e.g. `ntt_2^20_ms`.
  public var key: String
  /// The measured figure.
  public var value: Double
  /// Unit of `value`, e.g. `ms`, `ops/s`, `bytes`.
  public var unit: String
  /// One line for humans.
  public var label: String

  public init(key: String, value: Double, unit: String, label: String) {
    self.key = key
    self.value = value
    self.unit = unit
    self.label = label
  }
}

/// Timing helpers shared by every benchmark group.
public enum BenchClock {
  /// Seconds since an arbitrary origin, monotonic.
  @inline(__always)
  public static func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }

  /// Runs `body` once to warm up, then repeatedly for `samples` samples, and returns the
  /// best (smallest) wall time in seconds of one call. Best-of-N is the figure least
  /// disturbed by the other tenant of a 2-core VM.
  public static func best(samples: Int = 5, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<max(1, samples) {
      let t0 = now()
      body()
      best = min(best, now() - t0)
    }
    return best
  }
}
