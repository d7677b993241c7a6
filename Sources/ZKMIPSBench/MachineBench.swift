import Foundation
import ZKMIPSExecutor
import ZKMIPSSDK

#if canImport(Glibc)
  import Glibc
#endif

/// End-to-end figures: build a bundled example, prove a run, verify it.
enum MachineBench {
  /// What a case feeds the example.
  enum Input {
    /// Empty input and hints.
    case empty
    /// The example's `input.txt` and `hints.txt` (when present).
    case files
    /// 1 KiB of deterministic bytes (0, 1, …, 255, 0, 1, …) as input.
    case kibibyte
  }

  /// The cases, smallest run first; quick runs only the smallest.
  static func cases(quick: Bool) -> [(name: String, input: Input)] {
    quick
      ? [("factors", .files)] : [("factors", .files), ("fibonacci", .empty), ("sha256", .kibibyte)]
  }

  static func run(quick: Bool) -> [BenchResult] {
    guard let toolchain = try? GuestToolchain.locate() else { return [] }
    let examples = URL(fileURLWithPath: toolchain.sdkDirectory).deletingLastPathComponent()
      .appendingPathComponent("Examples").path
    var out: [BenchResult] = []
    for (name, source) in cases(quick: quick) {
      let dir = examples + "/" + name
      let elf = NSTemporaryDirectory() + "/zkmips-bench-\(name).elf"
      func read(_ file: String) -> [UInt8] {
        (try? Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))).map { [UInt8]($0) } ?? []
      }
      let (input, hints, key, what): ([UInt8], [UInt8], String, String) =
        switch source {
        case .empty: ([], [], "machine_\(name)", name + " (empty input)")
        case .files:
          (
            read("input.txt"), read("hints.txt"), "machine_\(name)",
            name + " (input.txt, hints.txt)"
          )
        case .kibibyte:
          (
            (0..<1024).map { UInt8($0 & 0xff) }, [], "machine_\(name)_1KiB",
            name + " (1 KiB input)"
          )
        }
      guard (try? toolchain.build(sources: [dir + "/main.c"], output: elf)) != nil,
        let program = try? ProgramFile.loadProgram(elf),
        let (proof, report) = try? ZKVM.prove(program: program, input: input, hints: hints)
      else { continue }
      let verify = BenchClock.best(samples: quick ? 1 : 3) {
        _ = try? ZKVM.verify(proof, program: program, input: input)
      }
      out += [
        BenchResult(
          key: key + "_cycles", value: Double(report.cycles), unit: "cycles",
          label: what + ": cycles"),
        BenchResult(
          key: key + "_prove_s", value: report.seconds, unit: "s",
          label: what + ": prove (execution, traces, STARK)"),
        BenchResult(
          key: key + "_cycles_per_s", value: Double(report.cycles) / report.seconds,
          unit: "cycles/s",
          label: what + ": proving throughput"),
        BenchResult(
          key: key + "_proof_bytes", value: Double(report.proofBytes), unit: "bytes",
          label: what + ": proof file size"),
        BenchResult(
          key: key + "_verify_ms", value: verify * 1e3, unit: "ms",
          label: what + ": verify (verifying key from the ELF, then the proof)"),
        BenchResult(
          key: key + "_peak_rss_mb", value: peakResidentMegabytes(), unit: "MB",
          label: what + ": peak resident memory of the process so far (examples run smallest first)"
        ),
      ]
    }
    return out
  }

  /// The process's peak resident set size (Linux reports kilobytes).
  static func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}
