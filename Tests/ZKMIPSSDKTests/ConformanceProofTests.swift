import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSMachine
import ZKMIPSSDK
import ZKMIPSTestSupport

/// SECURITY item 1: every conformance program that exits proves, verifies, and the proven
/// output and exit code are the expected ones (the examples: `ExampleProofTests`).
@Suite("Proving conformance programs")
struct ConformanceProofTests {
  /// Programs that exit but use something not provable yet, with the reason's key word.
  static let notProvableYet: [String: String] = [:]

  static var programs: [String] {
    ConformanceTests.programs.filter { !$0.hasPrefix("faults/") }
  }

  static func build(_ source: String) throws -> ELFProgram {
    let elf = TestSupport.temporaryDirectory() + "/p.elf"
    try GuestToolchain.locate().build(sources: [source], output: elf)
    return try TestSupport.loadELF(elf)
  }

  static func read(_ path: String) -> [UInt8]? {
    (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) }
  }

  @Test(arguments: programs)
  func provesAndVerifies(_ relative: String) throws {
    let dir = ConformanceTests.directory
    let base = dir + "/" + (relative as NSString).deletingPathExtension
    let program = try Self.build(dir + "/" + relative)
    let input = Self.read(base + ".input") ?? []
    let hints = Self.read(base + ".hints") ?? []
    if let reason = Self.notProvableYet[relative] {
      do {
        _ = try ZKVM.prove(program: program, input: input, hints: hints)
        Issue.record("\(relative) proves now: take it off the not-provable list")
      } catch let e as ZKMIPSError {
        #expect(e.message.contains("not provable yet") && e.message.contains(reason), "\(e)")
      }
      return
    }
    let (proof, _) = try ZKVM.prove(program: program, input: input, hints: hints)
    let s = try ZKVM.verify(
      try MachineProof.decode(proof.encode()), program: program, input: input)
    #expect(s.output == Self.read(base + ".expected"), "\(relative): proven output differs")
    let status =
      Self.read(base + ".status").map {
        String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      } ?? "0"
    #expect(String(s.exitCode) == status, "\(relative): proven exit code \(s.exitCode)")
  }

  static var faultPrograms: [String] {
    ConformanceTests.programs.filter { $0.hasPrefix("faults/") }
  }

  /// Every fault program proves (a trap that fires, BREAK, a reserved word, an integer
  /// overflow, a misaligned or unmapped load or store — LL and SC too —, a jump to a
  /// misaligned or unmapped pc, above the address ceiling too): the proven fault, status
  /// (128 + signal) and output are the executor's and the expected ones.
  @Test(arguments: faultPrograms)
  func faultProgram(_ relative: String) throws {
    let dir = ConformanceTests.directory
    let base = dir + "/" + (relative as NSString).deletingPathExtension
    let program = try Self.build(dir + "/" + relative)
    let machine = Machine(program: program)
    guard case .fault(let f) = machine.run(maxCycles: 1_000_000) else {
      Issue.record("\(relative) does not fault")
      return
    }
    guard let expected = MachineFault(f) else {
      Issue.record("\(relative): \(f) is not a provable fault")
      return
    }
    let (proof, _) = try ZKVM.prove(program: program, input: [], hints: [])
    let s = try ZKVM.verify(proof, program: program, input: [])
    #expect(s.fault == expected)
    let status = Self.read(base + ".status").map {
      String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    // "nonzero": qemu itself crashes there (see faults/README.md); the executor's status
    // is the Linux one.
    #expect(
      status == "nonzero" ? s.processExitCode != 0 : String(s.processExitCode) == status,
      "\(relative)")
    #expect(s.output == machine.kernel.output)
  }
}
