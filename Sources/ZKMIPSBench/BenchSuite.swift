import Foundation

/// Every benchmark group `zkmips bench` runs, in order.
public enum BenchSuite {
  /// Runs all groups; `progress` is told each group's name before it starts.
  public static func all(quick: Bool, progress: ((String) -> Void)? = nil) -> [BenchResult] {
    var results: [BenchResult] = []
    for (name, group) in groups {
      progress?(name)
      results += group(quick)
    }
    return results
  }

  /// The registered groups (name, runner).
  static var groups: [(String, (Bool) -> [BenchResult])] {
    [
      // First, so that its peak-memory figures are its own, not an earlier group's.
      ("end to end (prove and verify examples)", { MachineBench.run(quick: $0) }),
      ("field", { FieldBench.run(quick: $0) }),
      ("NTT and LDE", { PolyBench.run(quick: $0) }),
      ("Poseidon2 and Merkle", { HashBench.run(quick: $0) }),
      ("STARK engine", { StarkBench.run(quick: $0) }),
    ]
  }
}

/// The JSON document of `zkmips bench --json`.
public struct BenchReport: Codable, Sendable {
  public var machine: String
  public var cores: Int
  public var results: [String: BenchResult]

  public init(results: [BenchResult]) {
    machine = ProcessInfo.processInfo.hostName
    cores = ProcessInfo.processInfo.activeProcessorCount
    self.results = Dictionary(results.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
  }
}
