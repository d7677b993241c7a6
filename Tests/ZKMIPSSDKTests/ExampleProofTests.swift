import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSMachine
import ZKMIPSSDK
import ZKMIPSTestSupport

/// Every bundled example proves and verifies, and the proven output is the executor's.
/// Inputs are the sample ones where the run fits one proof, else small ones of the same
/// form (the default and sample runs of sort, interpreter, matmul and compute are millions
/// of cycles: long runs are the next stage). Serialized: the sha256, interpreter and keccak
/// proofs need 6–13 GB each, so two at once could exhaust a 24 GiB machine.
@Suite("Proving every example", .serialized)
struct ExampleProofTests {
  /// (example, stdin, whether its sample hints go on fd 3); nil stdin: the sample input.
  static let runs: [(String, String?, Bool)] = [
    ("fibonacci", "", false),
    ("factors", nil, true),
    ("sha256", "abc", false),
    ("keccak", "abc", false),
    ("sort", "5 -3 9 1 7 0", false),
    ("interpreter", "x = 6; y = 7; print x * y;", false),
    ("matmul", "8", false),
    ("compute", "1000", false),
  ]

  @Test(arguments: runs)
  func exampleProvesAndVerifies(_ name: String, _ stdin: String?, _ withHints: Bool) throws {
    let dir = TestSupport.repositoryRoot + "/Examples/" + name
    let elf = TestSupport.temporaryDirectory() + "/\(name).elf"
    try GuestToolchain.locate().build(sources: [dir + "/main.c"], output: elf)
    let program = try TestSupport.loadELF(elf)
    func file(_ f: String) throws -> [UInt8] {
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f)))
    }
    let input = try stdin.map { Array($0.utf8) } ?? file("input.txt")
    let hints = withHints ? try file("hints.txt") : []
    let machine = Machine(
      program: program, input: InputStream(bytes: input), hints: InputStream(bytes: hints))
    #expect(machine.run(maxCycles: 1 << 22) == .exited(0), "\(name) does not exit 0")

    let (proof, _) = try ZKVM.prove(program: program, input: input, hints: hints)
    let s = try ZKVM.verify(
      try MachineProof.decode(proof.encode()), program: program, input: input)
    #expect(s.exitCode == 0)
    #expect(s.output == machine.kernel.output, "\(name): proven output is not the executor's")
    #expect(!s.output.isEmpty)
    if stdin == "" || stdin == nil {
      #expect(s.output == (try file(stdin == nil ? "expected.txt" : "expected-empty.txt")))
    }
  }
}
