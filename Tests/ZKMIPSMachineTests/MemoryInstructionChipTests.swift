import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

// MARK: - Reference semantics, byte by byte

/// MIPS32 little-endian semantics of the loads and stores, written independently of the
/// chip on byte arrays: `memory[j]` is the byte at address aligned + j, `register[j]` byte j
/// of rt (least significant first). Returns the word after and rt after.
func memoryReference(_ op: Opcode, offset a: Int, w: UInt32, t: UInt32, success: Bool)
  -> (n: UInt32, r: UInt32)
{
  func bytes(_ x: UInt32) -> [UInt32] { (0..<4).map { (x >> (8 * UInt32($0))) & 0xff } }
  func word(_ b: [UInt32]) -> UInt32 { b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 }
  /// The low `count` bytes of `b` as a value, sign-extended when `signed`.
  func extend(_ b: [UInt32], signed: Bool) -> UInt32 {
    let fill: UInt32 = signed && b.last! >= 0x80 ? 0xff : 0
    return word(b + Array(repeating: fill, count: 4 - b.count))
  }
  var memory = bytes(w), register = bytes(t)
  switch op {
  case .lb: register = bytes(extend([memory[a]], signed: true))
  case .lbu: register = bytes(extend([memory[a]], signed: false))
  case .lh: register = bytes(extend([memory[a], memory[a + 1]], signed: true))
  case .lhu: register = bytes(extend([memory[a], memory[a + 1]], signed: false))
  case .lw, .ll: register = memory
  // LWL: the bytes at a, a − 1, ..., 0 go to rt's bytes 3, 2, ...; the rest of rt stays.
  case .lwl: for j in 0...a { register[3 - j] = memory[a - j] }
  // LWR: the bytes at a, a + 1, ..., 3 go to rt's bytes 0, 1, ...; the rest stays.
  case .lwr: for j in 0...(3 - a) { register[j] = memory[a + j] }
  case .sb: memory[a] = register[0]
  case .sh:
    memory[a] = register[0]
    memory[a + 1] = register[1]
  case .sw: memory = register
  // SWL: rt's bytes 3, 2, ... go to the bytes at a, a − 1, ..., 0.
  case .swl: for j in 0...a { memory[a - j] = register[3 - j] }
  // SWR: rt's bytes 0, 1, ... go to the bytes at a, a + 1, ..., 3.
  case .swr: for j in 0...(3 - a) { memory[a + j] = register[j] }
  case .sc:
    if success { memory = register }
    register = [success ? 1 : 0, 0, 0, 0]
  default: fatalError("not a memory instruction: \(op)")
  }
  return (word(memory), word(register))
}

/// The offsets at which the executor does not fault on `op` (written here, not taken from
/// the chip).
func memoryLegalOffsets(_ op: Opcode) -> [Int] {
  switch op {
  case .lh, .lhu, .sh: [0, 2]
  case .lw, .ll, .sw, .sc: [0]
  default: [0, 1, 2, 3]
  }
}

let memoryOpcodes: [Opcode] = [
  .lb, .lbu, .lh, .lhu, .lw, .ll, .lwl, .lwr, .sb, .sh, .sw, .swl, .swr, .sc,
]

/// An operation with its effects from ``memoryReference(_:offset:w:t:success:)``.
func referenceOperation(_ op: Opcode, _ offset: Int, w: UInt32, t: UInt32, success: Bool = false)
  -> MemoryOperation
{
  let (n, r) = memoryReference(op, offset: offset, w: w, t: t, success: success)
  return MemoryOperation(opcode: op, offset: offset, w: w, t: t, n: n, r: r)
}

/// The ALU-bus message the CPU chip sends for `op`, built by the test.
/// A misaligned access (the run's fault) is sent with its opcode tagged by 256.
func memoryMessage(_ op: MemoryOperation) -> [KoalaBear] {
  let tag: UInt32 = memoryLegalOffsets(op.opcode).contains(op.offset) ? 0 : 256
  return [KoalaBear(UInt32(op.opcode.rawValue) + tag), KoalaBear(UInt32(op.offset))]
    + limbs(op.w) + limbs(op.t) + limbs(op.n) + limbs(op.r)
}

// MARK: - The statement: a sender of 18-element tuples

/// Stands in for the CPU chip on memory instructions: sends fixed 18-element ALU-bus
/// messages (opcode, offset, w, t, n, r) from preprocessed columns (the verifier's
/// statement). Preprocessed: is_real, then the 18 message columns; main: the multiplicity,
/// constrained equal to is_real.
struct MemorySenderAIR: AIR {
  var messages: [[KoalaBear]]
  var height: Int

  init(messages: [[KoalaBear]]) {
    precondition(messages.allSatisfy { $0.count == 18 })
    self.messages = messages
    var h = 4
    while h < messages.count { h <<= 1 }
    height = h
  }

  var name: String { "memory_sender" }
  var width: Int { 1 }
  var preprocessedWidth: Int { 19 }
  var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.alu, direction: .send, values: (1..<19).map { .preprocessed($0) },
        multiplicity: .main(0))
    ]
  }
  func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: 19)
    for (row, message) in messages.enumerated() {
      m[row, 0] = .one
      for (k, v) in message.enumerated() { m[row, 1 + k] = v }
    }
    return m
  }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    b.assertEqual(b.main(0), b.preprocessed(0, next: false), "multiplicity is is_real")
  }
  func trace() -> RowMajorMatrix {
    var m = RowMajorMatrix(zerosHeight: height, width: 1)
    for row in 0..<messages.count { m[row, 0] = .one }
    return m
  }
}

/// The sender, the memory-instruction chip and the byte table, which tests may tamper with.
struct MemoryTables {
  var sender: MemorySenderAIR
  var senderTrace: RowMajorMatrix
  var main: RowMajorMatrix
  var bytes: RowMajorMatrix
  static let chip = MemoryInstructionChip()
  static let byteTable = ByteTableChip()

  /// Honest tables for `operations`; the statement is built from the operations' own
  /// fields by ``memoryMessage(_:)``.
  init(_ operations: [MemoryOperation], minimumHeight: Int = 4) {
    sender = MemorySenderAIR(messages: operations.map(memoryMessage))
    senderTrace = sender.trace()
    var lookups = ByteLookups()
    main = Self.chip.generateTrace(operations, lookups: &lookups, minimumHeight: minimumHeight)
    bytes = Self.byteTable.generateTrace(lookups)
  }

  var messages: [[KoalaBear]] { sender.messages }

  /// Replaces the statement.
  mutating func setStatement(_ messages: [[KoalaBear]]) {
    sender = MemorySenderAIR(messages: messages)
    senderTrace = sender.trace()
  }

  /// Sets column `column` of chip row `row` and element `index` of message `row`.
  mutating func claim(row: Int, message index: Int, column: Int, _ value: KoalaBear) {
    main[row, column] = value
    var m = messages
    m[row][index] = value
    setStatement(m)
  }

  /// Recounts the byte lookups of the (possibly tampered) chip trace; returns how many
  /// messages are no row of the byte table.
  @discardableResult
  mutating func rebalanceBytes() -> Int {
    var lookups = ByteLookups()
    lookups.record(Self.chip, trace: main)
    bytes = Self.byteTable.generateTrace(lookups)
    return lookups.unmatched
  }

  var airs: [any AIR] { [sender, Self.chip, Self.byteTable] }
  var traces: [RowMajorMatrix] { [senderTrace, main, bytes] }

  var violations: [ConstraintViolation] {
    ConstraintChecker.violations(of: sender, trace: senderTrace)
      + ConstraintChecker.violations(of: Self.chip, trace: main)
      + ConstraintChecker.violations(of: Self.byteTable, trace: bytes)
  }

  /// The constraint names violated in the chip.
  var violated: Set<String> {
    Set(violations.filter { $0.table == Self.chip.name }.map(\.constraint))
  }

  var busImbalances: [String] {
    ConstraintChecker.busImbalances(Array(zip(airs, traces)).map { ($0.0, $0.1) })
  }

  /// Whether exactly the bus `bus` is out of balance.
  func onlyImbalanced(_ bus: Int) -> Bool {
    !busImbalances.isEmpty && busImbalances.allSatisfy { $0.hasPrefix("bus \(bus):") }
  }

  /// Proves and verifies; the verifier's error, or nil when it accepts.
  func proveAndVerify() throws -> VerificationError? {
    let key = VerifyingKey(airs: airs, parameters: testParameters)
    let proof = try StarkProver.prove(key: key, traces: traces, publicValues: [[], [], []])
    do {
      try StarkVerifier.verify(proof, key: key)
      return nil
    } catch {
      return error
    }
  }
}

typealias MIC = MemoryInstructionChip.Columns

/// The message index of a w, t, n or r limb column (the tuple lists them in column order).
func messageIndex(ofColumn c: Int) -> Int { 2 + c - MIC.w.first }

// MARK: - Fixtures

let wordA: UInt32 = 0x80fe_7f01  // bytes 01 7f fe 80
let wordB: UInt32 = 0x7f80_ff00  // bytes 00 ff 80 7f
let registerValue: UInt32 = 0xa1b2_c3d4

/// Rows: 0 LB @3 (0x80, negative), 1 LBU @2, 2 LH @2 (0x80fe, negative), 3 LW, 4 LWL @1,
/// 5 LWR @2, 6 SB @1, 7 SH @2, 8 SW, 9 SWL @2, 10 SWR @1, 11 SC succeeding, 12 SC failing,
/// 13 LL, 14 LHU @0, 15 LB @1 (0xff); then padding to 32 rows.
let memoryOperations: [MemoryOperation] = [
  referenceOperation(.lb, 3, w: wordA, t: registerValue),
  referenceOperation(.lbu, 2, w: wordA, t: registerValue),
  referenceOperation(.lh, 2, w: wordA, t: registerValue),
  referenceOperation(.lw, 0, w: wordA, t: registerValue),
  referenceOperation(.lwl, 1, w: wordA, t: registerValue),
  referenceOperation(.lwr, 2, w: wordA, t: registerValue),
  referenceOperation(.sb, 1, w: wordA, t: registerValue),
  referenceOperation(.sh, 2, w: wordA, t: registerValue),
  referenceOperation(.sw, 0, w: wordA, t: registerValue),
  referenceOperation(.swl, 2, w: wordA, t: registerValue),
  referenceOperation(.swr, 1, w: wordA, t: registerValue),
  referenceOperation(.sc, 0, w: wordA, t: registerValue, success: true),
  referenceOperation(.sc, 0, w: wordB, t: registerValue, success: false),
  referenceOperation(.ll, 0, w: wordB, t: registerValue),
  referenceOperation(.lhu, 0, w: wordB, t: registerValue),
  referenceOperation(.lb, 1, w: wordB, t: registerValue),
]

/// A padding row of the fixture.
let memoryPad = 20

func honestMemoryTables() -> MemoryTables { MemoryTables(memoryOperations, minimumHeight: 32) }

/// Every load at every legal offset of two words (sign bits set and clear; LWL/LWR merging
/// into 0xa1b2c3d4), every store at every legal offset into a fresh word, an LL/SC sequence
/// (SC succeeding across an unrelated SW, failing once the reservation is used, succeeding
/// into `$zero`, failing at another address than LL's), and loads into `$zero`.
let memoryProgram: String = {
  var lines = [
    "li $t0, 0x80fe7f01", "sw $t0, 0($s7)", "li $t1, 0x7f80ff00", "sw $t1, 4($s7)",
    "li $t2, 0xa1b2c3d4",
  ]
  for base in [0, 4] {
    for k in 0..<4 {
      lines += ["lb $s0, \(base + k)($s7)", "lbu $s0, \(base + k)($s7)"]
      lines += ["move $s1, $t2", "lwl $s1, \(base + k)($s7)"]
      lines += ["move $s1, $t2", "lwr $s1, \(base + k)($s7)"]
    }
    for k in [0, 2] { lines += ["lh $s0, \(base + k)($s7)", "lhu $s0, \(base + k)($s7)"] }
    lines += ["lw $s0, \(base)($s7)", "ll $s0, \(base)($s7)"]
  }
  // Stores, each into a fresh word holding wordB first.
  var slot = 16
  func store(_ op: String, _ k: Int) {
    lines += ["sw $t1, \(slot)($s7)", "\(op) $t2, \(slot + k)($s7)", "lw $s2, \(slot)($s7)"]
    slot += 4
  }
  for k in 0..<4 {
    store("sb", k)
    store("swl", k)
    store("swr", k)
  }
  store("sh", 0)
  store("sh", 2)
  store("sw", 0)
  lines += [
    "ll $s3, 8($s7)", "sw $t0, 100($s7)", "move $s4, $t2", "sc $s4, 8($s7)",  // succeeds past a SW
    "move $s4, $t1", "sc $s4, 8($s7)",  // fails: the reservation is used up
    "sw $t0, 12($s7)", "ll $s3, 12($s7)", "sc $zero, 12($s7)",  // succeeds, stores 0
    "ll $s3, 12($s7)", "move $s4, $t2", "sc $s4, 4($s7)",  // fails: another address
    "lb $zero, 3($s7)", "lwl $zero, 1($s7)", "lhu $zero, 6($s7)",
  ]
  return lines.map { "    " + $0 }.joined(separator: "\n")
}()

// MARK: - Tests

@Suite("Memory-instruction chip")
struct MemoryInstructionChipTests {
  @Test func shapeDegreeAndPadding() {
    let analysis = AIRAnalysis(MemoryInstructionChip())
    #expect(analysis.maxDegree <= 3)
    #expect(Set(analysis.constraintNames).count == analysis.constraintCount)
    #expect(analysis.constraintCount == 37)
    #expect(MIC.width == 39)
    for i in MemoryInstructionChip().interactions {
      #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty)
    }
    let zeros = RowMajorMatrix(zerosHeight: 4, width: MIC.width)
    #expect(ConstraintChecker.violations(of: MemoryInstructionChip(), trace: zeros).isEmpty)
    #expect(MemoryInstructionChip.opcodes == memoryOpcodes)
  }

  @Test func applyMatchesTheByteReferenceOnEdgeWords() {
    var words: [UInt32] = [0, 0xffff_ffff, 0x8080_8080, 0x7f7f_7f7f, 0x807f_01ff, 0x01ff_7f80]
    var x: UInt32 = 0x9e37_79b9
    for _ in 0..<4 {
      x = x &* 1_664_525 &+ 1_013_904_223
      words.append(x)
    }
    var operations: [MemoryOperation] = []
    for op in memoryOpcodes {
      for k in memoryLegalOffsets(op) {
        for w in words {
          for t in words {
            for success in op == .sc ? [false, true] : [false] {
              let chip = MemoryInstructionChip.apply(op, offset: k, w: w, t: t, success: success)
              let ref = memoryReference(op, offset: k, w: w, t: t, success: success)
              #expect(
                chip == ref, "\(op) @\(k) w=\(hexString(w)) t=\(hexString(t)) success=\(success)")
              operations.append(referenceOperation(op, k, w: w, t: t, success: success))
            }
          }
        }
      }
    }
    #expect(MemoryInstructionChip.tuple(operations[7]) == memoryMessage(operations[7]))
    // Every one of these rows satisfies the constraints and balances every bus.
    let t = MemoryTables(operations)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
  }

  /// The memory instructions of a run of `memoryProgram`, with their steps.
  func recordedOperations() throws -> [(step: StepRecord, op: MemoryOperation)] {
    let recorder = try recordedRun(memoryProgram)
    return recorder.steps.filter { $0.opcode.chip == .memory }.map { ($0, MemoryOperation($0)) }
  }

  @Test func theExecutorAgreesWithApplyAndTheReference() throws {
    let recorded = try recordedOperations()
    var pairs = Set<String>()
    var scFlags = Set<UInt32>()
    for (step, op) in recorded {
      pairs.insert("\(op.opcode.mnemonic)@\(op.offset)")
      let address =
        step.rsValue &+ UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: step.instruction)))
      #expect(step.memoryAddress == address & ~3)
      #expect(op.w == step.memoryBefore && op.n == step.memoryAfter && op.t == step.rtValue)
      let success = op.r == 1
      let chip = MemoryInstructionChip.apply(
        op.opcode, offset: op.offset, w: op.w, t: op.t, success: success)
      let ref = memoryReference(op.opcode, offset: op.offset, w: op.w, t: op.t, success: success)
      #expect(chip == (step.memoryAfter, op.r), "\(op)")
      #expect(ref == (op.n, op.r), "\(op)")
      if step.destination != 0 { #expect(step.destinationValue == op.r, "\(op)") }
      if op.opcode.isStore && op.opcode != .sc { #expect(op.r == op.t) }
      if op.opcode == .sc { scFlags.insert(op.r) }
    }
    for op in memoryOpcodes {
      for k in memoryLegalOffsets(op) { #expect(pairs.contains("\(op.mnemonic)@\(k)")) }
    }
    #expect(scFlags == [0, 1])
    // The SC sequence: LL then SC succeeds; a second SC fails (SC clears the reservation);
    // SC into $zero succeeds (stores 0); SC at another address than LL's fails.
    let scs = recorded.filter { $0.op.opcode == .sc }.map(\.op)
    #expect(scs.map(\.r) == [1, 0, 1, 0])
    #expect(scs[0].n == registerValue && scs[1].n == registerValue && scs[2].n == 0)
    #expect(scs[3].n == scs[3].w)
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let operations = try recordedOperations().map(\.op)
    #expect(operations.count <= 256)
    let t = MemoryTables(operations)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
    #expect(try t.proveAndVerify() == nil)
  }

  @Test func honestFixtureIsClean() throws {
    let t = honestMemoryTables()
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
  }

  /// (row, column) cells whose change breaks exactly one limb constraint: a loaded byte,
  /// a sign-fill byte, a merged LWL byte, a kept LWR byte, stored bytes (SB, SWL, SWR),
  /// SC's new word, a load's unchanged word.
  static let cells: [(Int, Int)] = [
    (0, MIC.r[0]), (0, MIC.r[2]), (4, MIC.r[3]), (5, MIC.r[3]), (6, MIC.n[1]), (9, MIC.n[0]),
    (10, MIC.n[2]), (11, MIC.n[1]), (3, MIC.n[0]),
  ]

  @Test(arguments: cells)
  func aChangedLimbIsNamedAndRejected(row: Int, column: Int) throws {
    // The chip's row only: the limb's constraint fails and the ALU bus no longer balances.
    var t = honestMemoryTables()
    t.main[row, column] += .one
    #expect(t.rebalanceBytes() == 0)
    let limb = (column - MIC.w.first) % 4
    let name =
      column >= MIC.r.first
      ? "result limb \(limb) follows opcode and offset"
      : "new word limb \(limb) follows opcode and offset"
    #expect(t.violated == [name])
    #expect(t.onlyImbalanced(MachineBus.alu))
    // (Re-proving this is rejected too; shown once, for the first cell, to keep tests fast.)
    if (row, column) == Self.cells[0] { #expect(try t.proveAndVerify() != nil) }
    // The statement claims the changed value too: every bus balances, the constraint stands.
    var m = t.messages
    m[row][messageIndex(ofColumn: column)] += .one
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  @Test(arguments: [(4, 2), (9, 0), (0, 1), (1, 0)])
  func aChangedOffsetIsNamedAndRejected(row: Int, newOffset: Int) throws {
    // Row `row` (and its statement) claim another offset with the same results.
    var t = honestMemoryTables()
    let op = memoryOperations[row]
    t.main[row, MIC.offset[op.offset]] = .zero
    t.main[row, MIC.offset[newOffset]] = .one
    var m = t.messages
    m[row][1] = KoalaBear(UInt32(newOffset))
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    // The limbs whose source differs at the new offset. On LB rows the sign column stays,
    // so the fill limbs still match and the top byte no longer does.
    let other = memoryReference(op.opcode, offset: newOffset, w: op.w, t: op.t, success: false)
    let checked = op.opcode == .lb ? 0..<1 : 0..<4
    var expected = Set<String>()
    for i in checked {
      if limbs(other.r)[i] != limbs(op.r)[i] {
        expected.insert("result limb \(i) follows opcode and offset")
      }
      if limbs(other.n)[i] != limbs(op.n)[i] {
        expected.insert("new word limb \(i) follows opcode and offset")
      }
    }
    if op.opcode == .lb { expected.insert("top byte is the loaded value's") }
    #expect(!expected.isEmpty)
    #expect(t.violated == expected)
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  @Test(arguments: [(3, 14), (6, 11), (11, 14), (12, 10)])
  func aWrongStatementIsRejected(row: Int, index: Int) throws {
    // The chip is honest; the statement claims another r or n limb.
    var t = honestMemoryTables()
    var m = t.messages
    m[row][index] += .one
    t.setStatement(m)
    #expect(t.violations.isEmpty)
    #expect(t.onlyImbalanced(MachineBus.alu))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test(arguments: [(3, 1), (8, 2), (11, 1), (13, 3), (2, 1), (7, 3)])
  func aMisalignedAccessIsRejected(row: Int, offset: Int) throws {
    // LW/SW/SC/LL at offset ≠ 0, LH/SH at an odd offset, claimed consistently everywhere
    // else: at a misaligned offset the limb constraints give r = n = 0 (no legal source;
    // SC's limbs do not depend on the offset), so only the alignment constraint objects.
    var t = honestMemoryTables()
    let op = memoryOperations[row]
    t.main[row, MIC.offset[op.offset]] = .zero
    t.main[row, MIC.offset[offset]] = .one
    var m = t.messages
    m[row][1] = KoalaBear(UInt32(offset))
    if op.opcode != .sc {
      for i in 0..<4 {
        t.main[row, MIC.n[i]] = .zero
        t.main[row, MIC.r[i]] = .zero
      }
      t.main[row, MIC.topByte] = .zero
      t.main[row, MIC.sign] = .zero
      for k in 10..<18 { m[row][k] = .zero }
    }
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    let isHalf = [.lh, .lhu, .sh].contains(op.opcode)
    #expect(t.violated == [isHalf ? "halfword access is aligned" : "word access is aligned"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  // MARK: Misaligned accesses as the run's fault

  /// LH @1, LHU @3, SH @1, LW @2, SW @3: each faults and changes nothing (n = w, r = t).
  static let faultingOperations: [MemoryOperation] = [
    (Opcode.lh, 1), (.lhu, 3), (.sh, 1), (.lw, 2), (.sw, 3), (.ll, 1), (.sc, 2),
  ].map { op, k in
    MemoryOperation(opcode: op, offset: k, w: wordA, t: registerValue, n: wordA, r: registerValue)
  }

  @Test func misalignedAccessesProveAsFaults() throws {
    let t = MemoryTables(memoryOperations + Self.faultingOperations, minimumHeight: 32)
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test func aMisalignedAccessCannotPassForAnUnmappedOne() throws {
    // The misaligned LW (row 16 + 3) with unmapped = 1/2: its tag 256 + 512/2 is the
    // unmapped-access tag 512 the CPU sends for an aligned access to an unmapped page.
    let row = memoryOperations.count + 3
    var t = MemoryTables(memoryOperations + Self.faultingOperations, minimumHeight: 32)
    t.main[row, MIC.unmapped] = KoalaBear(2).inverse()!
    var m = t.messages
    m[row][0] = KoalaBear(UInt32(Opcode.lw.rawValue) + 512)
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["unmapped flag is boolean"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  @Test func aMisalignedFaultThatChangesMemoryIsRejected() throws {
    // The misaligned SW (row 16 + 4) claimed to have stored rt anyway.
    let row = memoryOperations.count + 4
    var t = MemoryTables(memoryOperations + Self.faultingOperations, minimumHeight: 32)
    var m = t.messages
    for i in 0..<4 {
      let v = KoalaBear((registerValue >> (8 * UInt32(i))) & 0xff)
      t.main[row, MIC.n[i]] = v
      m[row][10 + i] = v
    }
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated.contains("new word limb 0 follows opcode and offset"))
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  @Test(arguments: [
    (2, "a faulting halfword access is misaligned"),
    (14, "a faulting halfword access is misaligned"),
    (3, "a faulting word access is misaligned"), (8, "a faulting word access is misaligned"),
    (0, "only an access with an alignment rule faults"),
    (13, "a faulting word access is misaligned"), (11, "a faulting word access is misaligned"),
  ])
  func anAccessThatDoesNotFaultCannotBeClaimedAFault(row: Int, constraint: String) throws {
    // An aligned LH/LHU/LW/SW/LL/SC, or an LB, claimed as the run's misaligned-access
    // fault: flagged, tagged, and changing nothing (an SC no longer executed).
    var t = honestMemoryTables()
    let op = memoryOperations[row]
    t.main[row, MIC.faults] = .one
    t.main[row, MIC.executedSC] = .zero
    var m = t.messages
    m[row][0] += KoalaBear(256)
    for i in 0..<4 {
      let (w, r) = (
        KoalaBear((op.w >> (8 * UInt32(i))) & 0xff), KoalaBear((op.t >> (8 * UInt32(i))) & 0xff)
      )
      t.main[row, MIC.n[i]] = w
      t.main[row, MIC.r[i]] = r
      m[row][10 + i] = w
      m[row][14 + i] = r
    }
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated.contains(constraint))
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  @Test func aMisalignedWordLoadOfTheWordIsRejected() throws {
    // LW at offset 1 claiming the whole word (what a naive chip might accept).
    var t = honestMemoryTables()
    t.main[3, MIC.offset[0]] = .zero
    t.main[3, MIC.offset[1]] = .one
    var m = t.messages
    m[3][1] = .one
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated.contains("word access is aligned"))
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  @Test(arguments: [(3, 2), (8, -1), (11, 2), (0, -1)])
  func aSelectorOfTwoOrMinusOneIsRejected(row: Int, value: Int) throws {
    var t = honestMemoryTables()
    let op = memoryOperations[row].opcode
    t.main[row, MIC.selectors.column(of: op)] = value < 0 ? -KoalaBear.one : KoalaBear(2)
    t.rebalanceBytes()
    #expect(t.violated.contains("\(op.mnemonic.uppercased()) selector is boolean"))
    #expect(!t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func aRealPaddingRowIsRejected() throws {
    // A padding row turned into "LW of the zero word at offset 0": every constraint holds
    // (r = n = w = 0), but it receives a message nobody sent.
    var t = honestMemoryTables()
    t.main[memoryPad, MIC.selectors.column(of: .lw)] = .one
    t.main[memoryPad, MIC.offset[0]] = .one
    t.rebalanceBytes()
    #expect(t.violations.isEmpty)
    #expect(t.onlyImbalanced(MachineBus.alu))
    #expect(try t.proveAndVerify() == .busImbalance)
    // A selector alone (no offset) is caught by the constraints as well.
    var u = honestMemoryTables()
    u.main[memoryPad, MIC.selectors.column(of: .sb)] = .one
    u.rebalanceBytes()
    #expect(u.violated == ["one offset on real rows"])
    #expect(try u.proveAndVerify() != nil)
  }

  @Test(arguments: [
    (1, [MIC.w[2], MIC.n[2], MIC.r[0]]), (6, [MIC.t[0], MIC.n[1], MIC.r[0]]),
    (8, [MIC.t[3], MIC.n[3], MIC.r[3]]),
  ])
  func aLimbAbove255IsRejected(row: Int, columns: [Int]) throws {
    // An input limb and the limbs copied from it raised by 256 in the chip and in the
    // statement: the same integers mod 256, every constraint holds and the ALU bus
    // balances; only the range check of the input fails.
    var t = honestMemoryTables()
    for c in columns {
      t.claim(
        row: row, message: messageIndex(ofColumn: c), column: c,
        t.main[row, c] + KoalaBear(256))
    }
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyImbalanced(MachineBus.byte))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test(arguments: [0, 2, 15])
  func aFlippedSignExtensionIsRejected(row: Int) throws {
    // LB/LH with a negative value claimed zero-extended: sign 0 and the fill bytes 0, in
    // the chip and the statement. The constraints hold, but (and, top, 0x80, 0) is no
    // table row when top ≥ 0x80.
    var t = honestMemoryTables()
    t.main[row, MIC.sign] = .zero
    let first = memoryOperations[row].opcode == .lb ? 1 : 2
    for i in first..<4 {
      t.claim(row: row, message: messageIndex(ofColumn: MIC.r[i]), column: MIC.r[i], .zero)
    }
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyImbalanced(MachineBus.byte))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func anSCFlagOfTwoIsRejected() throws {
    // SC (failing, row 12) claims flag 2 and the word w + 2·(t − w) limb by limb.
    var t = honestMemoryTables()
    let op = memoryOperations[12]
    t.claim(row: 12, message: messageIndex(ofColumn: MIC.r[0]), column: MIC.r[0], KoalaBear(2))
    for i in 0..<4 {
      let w = limbs(op.w)[i], tt = limbs(op.t)[i]
      t.claim(
        row: 12, message: messageIndex(ofColumn: MIC.n[i]), column: MIC.n[i],
        w + KoalaBear(2) * (tt - w))
    }
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["SC success flag is boolean"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "memory_instruction"))
  }

  /// Tampers of the fixture's chip trace, each breaking some constraint (for the deletion
  /// loop).
  static func tampers() -> [Tamper] {
    let s = MIC.selectors
    let count = MemoryInstructionChip.opcodes.count
    let pad = memoryPad
    var all: [Tamper] = []
    for k in 0..<count {
      // Selector k = −1 beside two set ones at offset 0 (legal for all): sum and offset sum
      // 1, all limbs 0, so only selector k's boolean constraint objects.
      all.append(
        (
          "selector \(k) = −1 beside two set ones",
          { t in
            t[pad, s.first + k] = -KoalaBear.one
            t[pad, s.first + (k + 1) % count] = .one
            t[pad, s.first + (k + 2) % count] = .one
            t[pad, MIC.offset[0]] = .one
            t[pad, MIC.executedSC] = t[pad, s.column(of: .sc)]
          }
        ))
    }
    all.append(
      (
        "LB and LBU on one row, offsets 0 and 1",
        { t in
          t[pad, s.column(of: .lb)] = .one
          t[pad, s.column(of: .lbu)] = .one
          t[pad, MIC.offset[0]] = .one
          t[pad, MIC.offset[1]] = .one
        }
      ))
    for k in 0..<4 {
      all.append(
        (
          "offset bit \(k) = −1 beside a set one",
          { t in
            t[pad, MIC.offset[k]] = -KoalaBear.one
            t[pad, MIC.offset[(k + 1) % 4]] = .one
          }
        ))
    }
    all.append(("an offset on a padding row", { t in t[pad, MIC.offset[2]] = .one }))
    all.append(
      (
        "LH at offset 1",
        { t in
          t[pad, s.column(of: .lh)] = .one
          t[pad, MIC.offset[1]] = .one
        }
      ))
    all.append(
      (
        "LW at offset 2",
        { t in
          t[pad, s.column(of: .lw)] = .one
          t[pad, MIC.offset[2]] = .one
        }
      ))
    all.append(("top byte on a padding row", { t in t[pad, MIC.topByte] = .one }))
    all.append(
      (
        "SC flag 2 on zero words",
        { t in
          t[pad, s.column(of: .sc)] = .one
          t[pad, MIC.offset[0]] = .one
          t[pad, MIC.executedSC] = .one
          t[pad, MIC.r[0]] = KoalaBear(2)
        }
      ))
    all.append(("an executed SC on a padding row", { t in t[pad, MIC.executedSC] = .one }))
    // Rows claimed faulting with the constraints' own (weakened) view of "nothing changes":
    // r and n gain t and w on top of the row's legal sources.
    func claimFault(_ row: Int) -> (inout RowMajorMatrix) -> Void {
      { t in
        t[row, MIC.faults] = .one
        for i in 0..<4 {
          t[row, MIC.r[i]] += t[row, MIC.t[i]]
          t[row, MIC.n[i]] += t[row, MIC.w[i]]
        }
      }
    }
    all.append(("an aligned LH claimed faulting", claimFault(2)))
    all.append(("an aligned LW claimed faulting", claimFault(3)))
    all.append(("an LB claimed faulting", claimFault(0)))
    all.append(("unmapped flag 2", { t in t[2, MIC.unmapped] = KoalaBear(2) }))
    for i in 0..<4 {
      all.append(("LWL result limb \(i) + 1", { t in t[4, MIC.r[i]] += .one }))
      all.append(("SWR new word limb \(i) + 1", { t in t[10, MIC.n[i]] += .one }))
    }
    return all
  }

  @Test func everyMemoryInstructionConstraintIsNeeded() {
    expectEveryConstraintIsNeeded(
      MemoryInstructionChip(), honest: honestMemoryTables().main, tampers: Self.tampers())
  }
}
