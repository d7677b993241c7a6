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
      for r in results {
        print(
          String(
            format: "%-36@ %14.3f %-10@ %@", r.key as NSString, r.value, r.unit as NSString,
            r.label as NSString))
      }
    }
  }
}
