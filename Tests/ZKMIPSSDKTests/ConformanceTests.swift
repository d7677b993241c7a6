import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSSDK
import ZKMIPSTestSupport

/// The conformance programs of Tests/Conformance (their expected outputs were produced under
/// qemu-mipsel and checked by hand): zkMIPS must print the same bytes and exit with the
/// same status a shell sees for qemu-mipsel (128 + signal for the fault programs).
@Suite("Conformance programs")
struct ConformanceTests {
  static let directory = TestSupport.repositoryRoot + "/Tests/Conformance"

  static var programs: [String] {
    let fm = FileManager.default
    var out: [String] = []
    for sub in ["", "faults/"] {
      let names = (try? fm.contentsOfDirectory(atPath: directory + "/" + sub)) ?? []
      out += names.filter { $0.hasSuffix(".S") || $0.hasSuffix(".c") }.sorted().map { sub + $0 }
    }
    return out
  }

  @Test func thereAreConformancePrograms() {
    #expect(Self.programs.count >= 40)
  }

  @Test(arguments: programs)
  func programBehavesLikeQEMU(_ relative: String) throws {
    let base = Self.directory + "/" + (relative as NSString).deletingPathExtension
    let elf = TestSupport.temporaryDirectory() + "/p.elf"
    try GuestToolchain.locate().build(sources: [Self.directory + "/" + relative], output: elf)
    func read(_ suffix: String) -> [UInt8]? {
      (try? Data(contentsOf: URL(fileURLWithPath: base + suffix))).map { [UInt8]($0) }
    }
    let machine = Machine(
      program: try TestSupport.loadELF(elf), input: InputStream(bytes: read(".input") ?? []),
      hints: InputStream(bytes: read(".hints") ?? []))
    let status = machine.run(maxCycles: 100_000_000)
    let expected = try #require(read(".expected"), "\(relative) has no .expected file")
    let wantStatus =
      read(".status").map {
        String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      } ?? "0"
    if wantStatus == "nonzero" {
      #expect(status.processExitCode != 0, "\(relative): \(status)")
      #expect(machine.kernel.output.starts(with: expected), "\(relative): output differs")
    } else {
      #expect(status.processExitCode == Int32(wantStatus), "\(relative): \(status)")
      #expect(
        machine.kernel.output == expected,
        "\(relative): output differs:\n\(String(decoding: machine.kernel.output, as: UTF8.self))")
    }
  }
}
