import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSSDK
import ZKMIPSTestSupport

/// Every bundled example: built with the guest SDK as `zkmips build` does, run on zkMIPS
/// with its sample input and with empty input, compared with the expected output and with
/// qemu-mipsel.
@Suite("Examples")
struct ExamplesTests {
  static let names = [
    "fibonacci", "sha256", "keccak", "sort", "interpreter", "matmul", "compute", "factors",
  ]

  static func build(_ name: String) throws -> String {
    let out = TestSupport.temporaryDirectory() + "/\(name).elf"
    try GuestToolchain.locate().build(
      sources: [TestSupport.repositoryRoot + "/Examples/\(name)/main.c"], output: out)
    return out
  }

  @Test(arguments: names)
  func exampleMatchesExpectedOutputAndQEMU(_ name: String) throws {
    let dir = TestSupport.repositoryRoot + "/Examples/\(name)"
    let elf = try Self.build(name)
    let program = try TestSupport.loadELF(elf)
    let hintsPath = dir + "/hints.txt"
    let hasHints = FileManager.default.fileExists(atPath: hintsPath)
    let hints = hasHints ? [UInt8](try Data(contentsOf: URL(fileURLWithPath: hintsPath))) : []
    for (inputFile, expectedFile) in [("input.txt", "expected.txt"), (nil, "expected-empty.txt")] {
      let input =
        try inputFile.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0))) }
        ?? []
      let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + expectedFile)))
      // The private hints (fd 3) go with the sample input only.
      let machine = Machine(
        program: program, input: InputStream(bytes: input),
        hints: InputStream(bytes: inputFile == nil ? [] : hints))
      let status = machine.run(maxCycles: 1 << 31)
      #expect(status == .exited(0), "\(name) with \(inputFile ?? "empty input"): \(status)")
      #expect(
        machine.kernel.output == expected,
        "\(name) with \(inputFile ?? "empty input"): output differs")
      if let qemu = TestSupport.qemu {
        let hintFile = inputFile != nil && hasHints ? hintsPath : "/dev/null"
        let reference = try TestSupport.execute(
          "/bin/sh", ["-c", "exec \"$0\" \"$1\" 3<\"$2\"", qemu, elf, hintFile], stdin: input)
        #expect(reference.status == 0)
        #expect(reference.stdout == machine.kernel.output, "\(name): qemu-mipsel disagrees")
      } else {
        #expect(!TestSupport.requireQEMU, "qemu-mipsel is required in CI")
      }
    }
  }

  @Test func buildCommandProducesARunnableProgram() throws {
    let out = TestSupport.temporaryDirectory() + "/sha.elf"
    let r = try TestSupport.execute(
      TestSupport.zkmipsExecutable,
      ["build", TestSupport.repositoryRoot + "/Examples/sha256/main.c", "-o", out])
    #expect(r.status == 0, "\(String(decoding: r.stderr, as: UTF8.self))")
    let run = try TestSupport.execute(
      TestSupport.zkmipsExecutable, ["run", out], stdin: Array("abc".utf8))
    #expect(run.status == 0)
    #expect(
      String(decoding: run.stdout, as: UTF8.self).hasPrefix(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
  }
}
