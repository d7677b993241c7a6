import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSTestSupport
import ZKMIPSVerifier

/// Fast test parameters (few queries) that still allow whole-machine tables.
let machineTestParameters = StarkParameters(
  fri: FRIParameters(logBlowup: 2, queries: 20, queryGrindingBits: 2, logFinalPolynomialLength: 2),
  minimumProvableBits: 0, maxLogHeight: 22)

/// A whole-machine witness for an assembled program body (see `TestSupport.program`).
struct MachineCase {
  let elf: ELFProgram
  let tables: MachineKey
  var witness: MachineWitness

  init(_ body: String, input: [UInt8] = [], forgingMappedPages: [UInt32] = []) throws {
    elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
    tables = MachineKey(program: elf, parameters: machineTestParameters)
    witness = try MachineWitness(
      tables: tables, program: elf, input: input, hints: [],
      forgingMappedPages: forgingMappedPages)
  }

  /// The run of a whole assembly `source` (with a global `__start`).
  init(source: String) throws {
    elf = try TestSupport.loadELF(try TestSupport.assembleFile(source))
    tables = MachineKey(program: elf, parameters: machineTestParameters)
    witness = try MachineWitness(tables: tables, program: elf, input: [], hints: [])
  }

  var publicValues: [[KoalaBear]] { witness.publicValues(tables) }

  /// Constraint violations and bus imbalances of the witness, as strings.
  var problems: [String] {
    var out: [String] = []
    for (t, air) in tables.key.airs.enumerated() {
      out += ConstraintChecker.violations(
        of: air, trace: witness.traces[t], publicValues: publicValues[t]
      ).map(\.description)
    }
    let messages = PublicMessagesAIR(witness.publicMessages)
    out += ConstraintChecker.busImbalances(
      tables.key.airs.indices.map { (tables.key.airs[$0], witness.traces[$0]) }
        + [(messages, messages.trace())])
    return out
  }

  /// Proves the witness with `publicValues` and verifies it with `verifierValues`.
  func proveAndVerify(
    publicValues proverValues: [[KoalaBear]]? = nil, verifierValues: [[KoalaBear]]? = nil,
    verifierMessages: [BusMessage]? = nil
  ) throws -> VerificationError? {
    var proof = try StarkProver.prove(
      key: tables.key, traces: witness.traces, publicValues: proverValues ?? publicValues,
      publicMessages: witness.publicMessages)
    if let v = verifierValues { proof.publicValues = v }
    do {
      try StarkVerifier.verify(
        proof, key: tables.key, publicMessages: verifierMessages ?? witness.publicMessages)
      return nil
    } catch { return error }
  }
}

/// Straight-line ALU work, HI/LO moves, a call and a return: no branch, load or store.
let straightLineBody = """
  li    $t0, 0x12345678
  li    $t1, -7
  addu  $t2, $t0, $t1
  subu  $t3, $t1, $t0
  addu  $t4, $t4, $t4
  xor   $t5, $t0, $t1
  sll   $t6, $t0, 5
  srav  $t7, $t1, $t0
  sltu  $s0, $t0, $t1
  clz   $s1, $t0
  mult  $t0, $t1
  mfhi  $s2
  mflo  $s3
  madd  $t0, $t0
  mthi  $t2
  mtlo  $t3
  divu  $zero, $t0, $t2
  mflo  $s4
  mul   $s5, $t0, $t1
  addu  $zero, $t0, $t1
  jal   1f
  nop
  addiu $s6, $s6, 1
  j     2f
  nop
  1:
  addiu $s6, $zero, 41
  jr    $ra
  addiu $s6, $s6, 1
  2:
  li    $a0, 3
  li    $v0, 4001
  syscall
  """

/// The statement's I/O messages as a table, so the checker can balance the buses (the
/// verifier adds them itself).
struct PublicMessagesAIR: AIR {
  var messages: [BusMessage]
  init(_ messages: [BusMessage]) { self.messages = messages }
  var name: String { "public_messages" }
  var width: Int { 4 }
  var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.io, direction: .receive, values: [.main(1), .main(2), .main(3)],
        multiplicity: .main(0))
    ]
  }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {}
  func trace() -> RowMajorMatrix {
    var h = 4
    while h < messages.count { h <<= 1 }
    var m = RowMajorMatrix(zerosHeight: h, width: 4)
    for (r, msg) in messages.enumerated() {
      m[r, 0] = -msg.multiplicity
      for k in 0..<3 { m[r, 1 + k] = msg.values[k] }
    }
    return m
  }
}

/// Syscalls: the input in two reads (the second short), echoed on fd 1; stderr; hints;
/// brk queries, a granted and a refused request; set_thread_area and RDHWR; constant
/// answers; a read at the end of the input; EBADF (write fd 5, read fd 7); ENOSYS above,
/// inside (4002) and below the known numbers.
let syscallBody = """
  li    $a0, 0
  addiu $a1, $s7, 1
  li    $a2, 6
  li    $v0, 4003
  syscall
  move  $s0, $v0
  li    $a0, 0
  addiu $a1, $s7, 7
  li    $a2, 100
  li    $v0, 4003
  syscall
  addu  $s0, $s0, $v0
  li    $a0, 1
  addiu $a1, $s7, 1
  move  $a2, $s0
  li    $v0, 4004
  syscall
  li    $a0, 2
  move  $a1, $s7
  li    $a2, 3
  li    $v0, 4004
  syscall
  li    $a0, 3
  addiu $a1, $s7, 200
  li    $a2, 5
  li    $v0, 4003
  syscall
  li    $a0, 0
  li    $v0, 4045
  syscall
  addiu $a0, $v0, 5000
  li    $v0, 4045
  syscall
  li    $a0, 7
  li    $v0, 4045
  syscall
  li    $a0, 0x1234
  li    $v0, 4283
  syscall
  rdhwr $t0, $29
  li    $v0, 4020
  syscall
  li    $v0, 4054
  syscall
  li    $a0, 0
  li    $v0, 4003
  syscall
  li    $a0, 5
  li    $v0, 4004
  syscall
  li    $a0, 7
  li    $v0, 4003
  syscall
  li    $v0, 4999
  syscall
  li    $v0, 4002
  syscall
  li    $v0, 4000
  syscall
  li    $v0, 1
  syscall
  """

/// Every load and store form at several offsets, into and out of the data area, a load
/// into `$zero`, and a store's value read back.
let memoryBody = """
  li    $t0, 0x80c1e2f3
  sw    $t0, 0($s7)
  sw    $t0, 8($s7)
  lw    $t1, 0($s7)
  lb    $t2, 0($s7)
  lb    $t3, 3($s7)
  lbu   $t4, 1($s7)
  lh    $t5, 2($s7)
  lhu   $t6, 0($s7)
  sb    $t1, 5($s7)
  sh    $t1, 6($s7)
  lw    $t7, 4($s7)
  lwl   $s0, 5($s7)
  lwr   $s0, 2($s7)
  swl   $t0, 9($s7)
  swr   $t0, 14($s7)
  lw    $s1, 8($s7)
  lw    $s2, 12($s7)
  lw    $zero, 0($s7)
  lw    $s3, -4($s7)
  sw    $s3, 16($s7)
  """

@Suite("Machine: CPU, memory argument and exit")
struct CPUMachineTests {
  @Test("a straight-line run with calls satisfies every table and proves")
  func honest() throws {
    let c = try MachineCase(straightLineBody)
    #expect(c.witness.exitCode == 3)
    #expect(c.problems == [])
    #expect(try c.proveAndVerify() == nil)
  }

  @Test("syscalls: input and output bound, hints private, brk, thread pointer")
  func syscalls() throws {
    let input = Array("hello, zkMIPS!".utf8)
    let c = try MachineCase(syscallBody, input: input)
    #expect(c.witness.output == input)
    #expect(c.witness.consumed == input.count)
    #expect(c.problems == [])
    #expect(try c.proveAndVerify() == nil)
    // A different output byte, a missing output byte, a different input byte: rejected.
    var output = c.witness.output
    output[3] ^= 1
    let wrongOutput = MachineKey.publicMessages(consumedInput: input, output: output)
    #expect(try c.proveAndVerify(verifierMessages: wrongOutput) != nil)
    let shortOutput = MachineKey.publicMessages(
      consumedInput: input, output: Array(c.witness.output.dropLast()))
    #expect(try c.proveAndVerify(verifierMessages: shortOutput) != nil)
    var otherInput = input
    otherInput[0] ^= 0x20
    let wrongInput = MachineKey.publicMessages(consumedInput: otherInput, output: c.witness.output)
    #expect(try c.proveAndVerify(verifierMessages: wrongInput) != nil)
  }

  @Test("loads and stores of every width and alignment")
  func memory() throws {
    let c = try MachineCase(memoryBody)
    #expect(c.problems == [])
    #expect(try c.proveAndVerify() == nil)
  }

  @Test("a different exit code is rejected")
  func wrongExitCode() throws {
    let c = try MachineCase(straightLineBody)
    var values = c.publicValues
    values[MachineKey.Table.syscall.rawValue][0] = KoalaBear(4)
    #expect(try c.proveAndVerify(verifierValues: values) != nil)
    #expect(try c.proveAndVerify(publicValues: values) != nil)
  }
}
