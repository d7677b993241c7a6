import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSTestSupport
import ZKMIPSVerifier

/// Stands in for the CPU chip's instruction fetch: sends one program-bus tuple per
/// executed step. The tuples are preprocessed, so they are the statement being checked.
struct FetchSenderAIR: AIR {
  var fetches: [[KoalaBear]]
  var height: Int {
    var h = 4
    while h < fetches.count { h <<= 1 }
    return h
  }
  var name: String { "fetch_sender" }
  var width: Int { 1 }
  var preprocessedWidth: Int { 1 + ProgramTableChip.Columns.width }
  var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.program, direction: .send,
        values: (1..<preprocessedWidth).map { .preprocessed($0) },
        multiplicity: .main(0))
    ]
  }
  func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: preprocessedWidth)
    for (row, f) in fetches.enumerated() {
      m[row, 0] = .one
      for (k, v) in f.enumerated() { m[row, 1 + k] = v }
    }
    return m
  }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    b.assertEqual(b.main(0), b.preprocessed(0, next: false), "multiplicity is is_real")
  }
  func trace() -> RowMajorMatrix {
    var m = RowMajorMatrix(zerosHeight: height, width: 1)
    for row in 0..<fetches.count { m[row, 0] = .one }
    return m
  }
}

@Suite("Program table")
struct ProgramTableTests {
  static let source = TestSupport.program(
    """
    li $t0, 5
    addiu $t1, $t0, -3
    andi $t2, $t1, 0xff00
    sll $t3, $t1, 7
    lw $t4, 8($s7)
    beq $t0, $t1, 1f
    addu $zero, $t0, $t0
    1:
    """)

  static func run() throws -> (ELFProgram, [StepRecord]) {
    let program = try TestSupport.loadELF(try TestSupport.assembleFile(source))
    let machine = Machine(program: program)
    var recorder = TraceRecorder()
    #expect(machine.run(maxCycles: 1000, recorder: &recorder) == .exited(0))
    return (program, recorder.steps)
  }

  @Test func decodesTheStaticFieldsOfEachInstruction() throws {
    let (program, steps) = try Self.run()
    let table = ProgramTableChip(program: program)
    func row(_ op: Opcode) throws -> DecodedInstruction {
      try #require(table.instructions.first { $0.opcode == op })
    }
    let addiu = try #require(table.instructions.first { $0.opcode == .addiu && $0.rt == 9 })
    #expect(
      (addiu.rs, addiu.writeRegister, addiu.immediate, addiu.kind) == (8, 9, 0xffff_fffd, .addSub))
    let andi = try row(.andi), sll = try row(.sll), lw = try row(.lw), beq = try row(.beq)
    #expect((andi.immediate, andi.writeRegister) == (0xff00, 10))
    #expect((sll.immediate, sll.writeRegister, sll.kind) == (7, 11, .shift))
    #expect((lw.immediate, lw.rs, lw.writeRegister, lw.kind) == (8, 23, 12, .memory))
    // The label follows the delay slot: the immediate is the absolute target, pc + 8.
    #expect((beq.immediate, beq.writeRegister, beq.kind) == (beq.pc &+ 8, 0, .branch))
    #expect(try row(.addu).writeRegister == 0, "a write to $zero goes nowhere")
    // Every executed pc is an instruction of the table, with the word the executor ran.
    let byPC = Dictionary(uniqueKeysWithValues: table.instructions.map { ($0.pc, $0) })
    for s in steps { #expect(byPC[s.pc] == DecodedInstruction(word: s.instruction, pc: s.pc)) }
  }

  static func prove(program: ELFProgram, fetches: [[KoalaBear]], counts: [UInt32])
    throws -> Result<Void, VerificationError>
  {
    let table = ProgramTableChip(program: program)
    let sender = FetchSenderAIR(fetches: fetches)
    let key = VerifyingKey(airs: [sender, table], parameters: testParameters)
    let proof = try StarkProver.prove(
      key: key, traces: [sender.trace(), table.generateTrace(fetched: counts)],
      publicValues: [[], []])
    do {
      try StarkVerifier.verify(proof, key: key)
      return .success(())
    } catch { return .failure(error) }
  }

  @Test func honestFetchesBalanceAndVerify() throws {
    let (program, steps) = try Self.run()
    let fetches = steps.map {
      ProgramTableChip.tuple(DecodedInstruction(word: $0.instruction, pc: $0.pc))
    }
    #expect(
      verificationError(try Self.prove(program: program, fetches: fetches, counts: steps.map(\.pc)))
        == nil)
  }

  @Test func aFetchThatMisdecodesOrLeavesTheProgramIsRejected() throws {
    let (program, steps) = try Self.run()
    let honest = steps.map {
      ProgramTableChip.tuple(DecodedInstruction(word: $0.instruction, pc: $0.pc))
    }
    var tampered: [(String, [[KoalaBear]])] = []
    var wrongOpcode = honest
    wrongOpcode[3][ProgramTableChip.Columns.opcode] = KoalaBear(UInt32(Opcode.subu.rawValue))
    tampered.append(("another opcode at a real pc", wrongOpcode))
    var wrongImmediate = honest
    wrongImmediate[3][ProgramTableChip.Columns.immediate[0]] += .one
    tampered.append(("another immediate", wrongImmediate))
    var padding = honest
    padding[0] = [KoalaBear](repeating: .zero, count: ProgramTableChip.Columns.width)
    padding[0][ProgramTableChip.Columns.present] = .one
    tampered.append(("a fetch of a padding row (pc 0, all zero)", padding))
    for (name, fetches) in tampered {
      let result = try Self.prove(program: program, fetches: fetches, counts: steps.map(\.pc))
      #expect(verificationError(result) == .busImbalance, "\(name) was not rejected")
    }
  }

  @Test func programsDifferingInOneInstructionHaveDifferentKeys() throws {
    let (program, _) = try Self.run()
    var changed = program
    let text = try #require(changed.segments.firstIndex { $0.flags & 1 != 0 })
    changed.segments[text].data[4] ^= 0x01  // one bit of the second instruction
    let a = VerifyingKey(airs: [ProgramTableChip(program: program)], parameters: testParameters)
    let b = VerifyingKey(airs: [ProgramTableChip(program: changed)], parameters: testParameters)
    #expect(a.preprocessedCommitment != nil && a.preprocessedCommitment != b.preprocessedCommitment)
  }
}

/// The verification error of a result, nil on success (verification results compared
/// without a retroactive Equatable conformance of Result).
func verificationError(_ r: Result<Void, VerificationError>) -> VerificationError? {
  if case .failure(let e) = r { e } else { nil }
}
