import ArgumentParser
import Foundation
import ZKMIPSBench

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the prover's kernels (release builds only give meaningful figures).")

  @Flag(help: "Print the results as JSON (stable keys).")
  var json = false

  @Flag(help: "Smaller sizes and fewer samples: a smoke run, not a measurement.")
  var quick = false

  func run() throws {
    let results = BenchSuite.all(
      quick: quick,
      progress: json
        ? nil : { FileHandle.standardError.write(Data("zkmips bench: \($0)...\n".utf8)) })
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let data = try encoder.encode(BenchReport(results: results))
      FileHandle.standardOutput.write(data + Data("\n".utf8))
    } else {
      let keyWidth = results.map(\.key.count).max() ?? 0
      for r in results {
        let value = String(format: "%.3f", r.value)
        let unit = r.unit.padding(toLength: 12, withPad: " ", startingAt: 0)
        let key = r.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
        print("\(key)  \(String(repeating: " ", count: max(0, 16 - value.count)))\(value) \(unit) \(r.label)")
      }
    }
  }
}
