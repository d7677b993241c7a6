import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSMachine
import ZKMIPSSDK
import ZKMIPSTestSupport

/// Reads up to 64 bytes of input, writes them back, exits with 7: branch-free, so it only
/// needs the CPU, ALU, syscall and I/O chips.
let echoOnceBody = """
  li $a0, 0
  move $a1, $s7
  li $a2, 64
  li $v0, 4003
  syscall
  move $a2, $v0
  li $a0, 1
  move $a1, $s7
  li $v0, 4004
  syscall
  li $a0, 7
  li $v0, 4001
  syscall
  """

/// Proving and verifying whole runs through the SDK, and the proof file.
@Suite("Proving and verifying runs")
struct ProvingTests {
  static let input = Array("proof of echo".utf8)

  static func program(_ body: String = echoOnceBody) throws -> ELFProgram {
    try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
  }

  /// The proven statement is the executor's, the file round-trips, and the verifier
  /// accepts it.
  @Test func honestRoundTrip() throws {
    let elf = try Self.program()
    let (proof, report) = try ZKVM.prove(program: elf, input: Self.input, hints: [])
    let m = Machine(program: elf, input: InputStream(bytes: Self.input))
    #expect(m.run() == .exited(7))
    #expect(proof.statement.output == m.kernel.output)
    #expect(proof.statement.exitCode == 7)
    #expect(report.cycles == Int(m.cycles))
    let decoded = try MachineProof.decode(proof.encode())
    #expect(decoded == proof)
    let s = try ZKVM.verify(decoded, program: elf, input: Self.input)
    #expect(s.output == Self.input)
  }

  /// SECURITY items 2–5: a different output byte or length, input, exit code or program is
  /// rejected.
  @Test func falseStatementsRejected() throws {
    let elf = try Self.program()
    let (proof, _) = try ZKVM.prove(program: elf, input: Self.input, hints: [])
    func rejects(_ p: MachineProof, program: ELFProgram = elf, input: [UInt8] = Self.input) -> Bool
    {
      (try? ZKVM.verify(p, program: program, input: input)) == nil
    }
    var p = proof
    p.statement.output[0] ^= 1
    #expect(rejects(p), "output byte")
    p = proof
    p.statement.output.removeLast()
    #expect(rejects(p), "output length")
    p = proof
    p.statement.exitCode = 8
    #expect(rejects(p), "exit code")
    p = proof
    p.statement.input[2] ^= 4
    #expect(rejects(p, input: p.statement.input), "input byte")
    #expect(rejects(proof, input: Array(Self.input.dropLast())), "input the proof is not about")
    // One instruction differs (exit code 7 → 6): its own digest and key.
    let other = try Self.program(
      echoOnceBody.replacingOccurrences(of: "li $a0, 7", with: "li $a0, 6"))
    #expect(rejects(proof, program: other), "program")
    var forged = proof
    forged.statement.programDigest = ZKVM.programDigest(other)
    #expect(rejects(forged, program: other), "program with a forged digest")
  }

  /// A run that ends in a trap, an overflow, a misaligned or an unmapped access proves that
  /// fault (status 128 + SIGTRAP, SIGFPE, SIGBUS, SIGSEGV); claiming an exit, another kind
  /// or another pc is rejected.
  @Test(arguments: [
    ("  teq $zero, $zero\n", MachineFault.Kind.trap, Int32(133)),
    ("  li $t0, 0x7fffffff\n  addi $t1, $t0, 1\n", .integerOverflow, 136),
    ("  li $t0, 0x80000000\n  li $t1, 1\n  sub $t2, $t0, $t1\n", .integerOverflow, 136),
    ("  lw $t0, 1($s7)\n", .unalignedAccess, 135),
    ("  sh $t0, 3($s7)\n", .unalignedAccess, 135),
    // Unmapped: page 0 (below the program), 16 MiB above the data (in the gap brk can map,
    // above the heap top), and above the address ceiling.
    ("  lw $t0, 16($zero)\n", .unmappedAccess, 139),
    ("  lui $t0, 0x100\n  addu $t0, $t0, $s7\n  sw $t0, 0($t0)\n", .unmappedAccess, 139),
    ("  lui $t0, 0x8000\n  lbu $t1, 3($t0)\n", .unmappedAccess, 139),
    // The fetch itself: a jump to a misaligned pc, and to an unmapped one.
    ("  la $t1, 1f\n  addiu $t1, $t1, 2\n  jr $t1\n  nop\n1:\n  nop\n", .unalignedAccess, 135),
    ("  li $t1, 16\n  jr $t1\n  nop\n", .unmappedAccess, 139),
  ])
  func faultsAreStatements(body: String, kind: MachineFault.Kind, status: Int32) throws {
    let elf = try Self.program(body)
    let (proof, _) = try ZKVM.prove(program: elf, input: [], hints: [])
    let fault = try #require(proof.statement.fault)
    #expect(fault.kind == kind && proof.statement.processExitCode == status)
    #expect(
      try ZKVM.verify(MachineProof.decode(proof.encode()), program: elf, input: []).fault == fault)
    func rejects(_ change: (inout Statement) -> Void) -> Bool {
      var p = proof
      change(&p.statement)
      return (try? ZKVM.verify(p, program: elf, input: [])) == nil
    }
    #expect(rejects { $0.fault = nil })
    #expect(rejects { $0.fault?.kind = kind == .breakpoint ? .trap : .breakpoint })
    #expect(
      rejects { $0.fault?.kind = kind == .integerOverflow ? .unalignedAccess : .integerOverflow })
    #expect(rejects { $0.fault?.pc += 4 })
  }

  /// SECURITY item 23 for proof files: truncation at many offsets, trailing bytes and bad
  /// magic are one-line errors.
  @Test func malformedProofFiles() throws {
    let elf = try Self.program()
    let bytes = try ZKVM.prove(program: elf, input: Self.input, hints: []).proof.encode()
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
      #expect(throws: ZKMIPSError.self) { try MachineProof.decode(Array(bytes[..<cut])) }
    }
    #expect(throws: ZKMIPSError.self) { try MachineProof.decode(bytes + [0]) }
    var bad = bytes
    bad[0] ^= 1
    #expect(throws: ZKMIPSError.self) { try MachineProof.decode(bad) }
  }

  /// A proof that would not fit in memory is refused before proving, naming the sizes.
  @Test func runsTooBigForMemoryAreRefused() throws {
    let rows = 1 << 20
    try ZKVM.checkMemory(cycles: 755_625, cpuRows: rows, physicalMemory: 24 << 30)
    do {
      try ZKVM.checkMemory(cycles: 755_625, cpuRows: rows, physicalMemory: 8 << 30)
      Issue.record("a 2^20-row proof was allowed in 8 GiB")
    } catch let e as ZKMIPSError {
      #expect(e.message.contains("13.4 GB") && e.message.contains("8.6 GB"), "\(e.message)")
    }
  }

  /// A run that cannot be proven is a one-line error naming why.
  @Test func unprovableRuns() throws {
    // A misaligned LL faults, and that fault proves now.
    let faulting = try Self.program("  ll $t0, 1($s7)\n")
    let (proof, _) = try ZKVM.prove(program: faulting, input: [], hints: [])
    let s = try ZKVM.verify(proof, program: faulting, input: [])
    #expect(s.fault?.kind == .unalignedAccess)
    // A JR above the address ceiling with another JR in its delay slot: the first target
    // is fetched next (and faults), as the executor runs it, and that proves.
    let jumpTwice = try Self.program(
      "  lui $t0, 0x8000\n  la $t1, 1f\n  jr $t0\n  jr $t1\n  nop\n1:\n")
    let (twice, _) = try ZKVM.prove(program: jumpTwice, input: [], hints: [])
    #expect(
      try ZKVM.verify(twice, program: jumpTwice, input: []).fault
        == MachineFault(kind: .unmappedAccess, pc: 0x8000_0000))
    // A syscall not provable yet (mmap of a file: no MAP_ANONYMOUS) is refused.
    let mmap = try Self.program("  li $a0, 0\n  li $v0, 4090\n  syscall\n  nop\n")
    do {
      _ = try ZKVM.prove(program: mmap, input: [], hints: [])
      Issue.record("mmap was proven")
    } catch let e as ZKMIPSError {
      #expect(e.message.contains("not provable yet"), "\(e)")
    }
    let looping = try Self.program("1:\n  b 1b\n  nop\n")
    do {
      _ = try ZKVM.prove(program: looping, input: [], hints: [], maxCycles: 1000)
      Issue.record("a run past the cycle limit was proven")
    } catch let e as ZKMIPSError {
      #expect(e.message.contains("cycles"))
    }
  }
}
