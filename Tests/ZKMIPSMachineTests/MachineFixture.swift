import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSTestSupport
import ZKMIPSVerifier

/// Small, fast parameters for tests (as in ZKMIPSStarkTests; not visible across targets).
let testParameters = StarkParameters(
  fri: FRIParameters(logBlowup: 2, queries: 20, queryGrindingBits: 2, logFinalPolynomialLength: 2),
  minimumProvableBits: 0, maxLogHeight: 16)

// MARK: - The statement: ALU operations, computed by the test itself

/// One ALU-bus message as the (future) CPU chip would send it.
struct ALUTuple: Hashable, CustomStringConvertible {
  var opcode: Opcode
  var a: UInt32
  var b: UInt32
  var c: UInt32
  var description: String {
    "\(opcode.mnemonic)(\(hexString(a)), \(hexString(b))) = \(hexString(c))"
  }
}

func hexString(_ x: UInt32) -> String { "0x" + String(x, radix: 16) }

/// MIPS semantics of the add/sub and bitwise instructions on their effective operands,
/// written here independently of the chips' trace generation.
func referenceResult(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
  switch op {
  case .add, .addu, .addi, .addiu: return UInt32(truncatingIfNeeded: UInt64(a) + UInt64(b))
  case .sub, .subu: return UInt32(truncatingIfNeeded: Int64(a) - Int64(b))
  case .and, .andi: return a & b
  case .or, .ori: return a | b
  case .xor, .xori: return a ^ b
  case .nor: return 0xffff_ffff - (a | b)
  case .lui: return UInt32(truncatingIfNeeded: UInt64(b) * 65536)
  default: fatalError("not an add/sub or bitwise opcode: \(op)")
  }
}

/// Byte limbs of a word as field elements, least significant first (test-side).
func limbs(_ w: UInt32) -> [KoalaBear] {
  [w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, w >> 24].map { KoalaBear($0) }
}

// MARK: - The test-only sender

/// Stands in for the CPU chip: sends a fixed list of ALU tuples on the ALU bus.
///
/// The tuples live in preprocessed columns, so they are part of the verifying key: the
/// statement "these operations have these results" is fixed by the verifier, and a prover
/// can only make the proof balance by having the ALU chips receive exactly these tuples.
/// Preprocessed columns: is_real, opcode, a0..a3, b0..b3, c0..c3; the one main column is
/// the multiplicity, constrained equal to is_real.
struct ALUSenderAIR: AIR {
  /// Per message: opcode, a0..a3, b0..b3, c0..c3 (limbs as field elements, so tests can
  /// also state non-canonical limbs).
  var messages: [[KoalaBear]]
  var height: Int

  init(messages: [[KoalaBear]]) {
    precondition(messages.allSatisfy { $0.count == 13 })
    self.messages = messages
    var h = 4
    while h < messages.count { h <<= 1 }
    height = h
  }

  init(_ tuples: [ALUTuple]) {
    self.init(messages: tuples.map(Self.message))
  }

  /// The bus message of `t`, with canonical byte limbs.
  static func message(_ t: ALUTuple) -> [KoalaBear] {
    [KoalaBear(UInt32(t.opcode.rawValue))] + limbs(t.a) + limbs(t.b) + limbs(t.c)
  }

  var name: String { "alu_sender" }
  var width: Int { 1 }
  var preprocessedWidth: Int { 14 }
  var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.alu, direction: .send, values: (1..<14).map { .preprocessed($0) },
        multiplicity: .main(0))
    ]
  }
  func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: 14)
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

// MARK: - A whole machine proof: sender, add/sub, bitwise, byte table

/// The four tables of a proof, which tests (as an evil prover) may tamper with.
struct MachineTables {
  var sender: ALUSenderAIR
  /// The honest tuples the tables were made for (the statement before any tampering).
  var tuples: [ALUTuple]
  var senderTrace: RowMajorMatrix
  var addSub: RowMajorMatrix
  var bitwise: RowMajorMatrix
  var bytes: RowMajorMatrix

  static let addSubChip = AddSubChip()
  static let bitwiseChip = BitwiseChip()
  static let byteTable = ByteTableChip()

  /// Honest tables for `events` (add/sub and bitwise events, in any mix); the sender's
  /// tuples are computed by ``referenceResult(_:_:_:)``.
  init(events: [ALUEvent], minimumHeight: Int = 4) {
    self.init(events.map(ALUOperation.init), minimumHeight: minimumHeight)
  }

  /// Honest tables for `operations`.
  init(_ operations: [ALUOperation], minimumHeight: Int = 4) {
    let addSubEvents = operations.filter { $0.opcode.chip == .addSub }
    let bitwiseEvents = operations.filter { $0.opcode.chip == .bitwise }
    tuples = (addSubEvents + bitwiseEvents).map {
      ALUTuple(opcode: $0.opcode, a: $0.a, b: $0.b, c: referenceResult($0.opcode, $0.a, $0.b))
    }
    sender = ALUSenderAIR(tuples)
    senderTrace = sender.trace()
    var lookups = ByteLookups()
    addSub = Self.addSubChip.generateTrace(
      addSubEvents, lookups: &lookups, minimumHeight: minimumHeight)
    bitwise = Self.bitwiseChip.generateTrace(
      bitwiseEvents, lookups: &lookups, minimumHeight: minimumHeight)
    bytes = Self.byteTable.generateTrace(lookups)
  }

  /// Replaces the statement (the sender's messages).
  mutating func setStatement(_ messages: [[KoalaBear]]) {
    sender = ALUSenderAIR(messages: messages)
    senderTrace = sender.trace()
  }

  /// The evil prover's best effort at the byte bus: recount every byte message the chips'
  /// (possibly tampered) traces send, so only messages that are no table row stay
  /// unbalanced. Returns how many such messages there are.
  @discardableResult
  mutating func rebalanceBytes() -> Int {
    var lookups = ByteLookups()
    lookups.record(Self.addSubChip, trace: addSub)
    lookups.record(Self.bitwiseChip, trace: bitwise)
    bytes = Self.byteTable.generateTrace(lookups)
    return lookups.unmatched
  }

  var airs: [any AIR] { [sender, Self.addSubChip, Self.bitwiseChip, Self.byteTable] }
  var traces: [RowMajorMatrix] { [senderTrace, addSub, bitwise, bytes] }
  var tables: [(air: any AIR, trace: RowMajorMatrix)] {
    Array(zip(airs, traces)).map { ($0.0, $0.1) }
  }

  /// Every constraint violation of the chips (the sender and byte table included).
  var violations: [ConstraintViolation] {
    ConstraintChecker.violations(of: sender, trace: senderTrace)
      + ConstraintChecker.violations(of: Self.addSubChip, trace: addSub)
      + ConstraintChecker.violations(of: Self.bitwiseChip, trace: bitwise)
      + ConstraintChecker.violations(of: Self.byteTable, trace: bytes)
  }

  /// The buses that do not balance.
  var busImbalances: [String] { ConstraintChecker.busImbalances(tables) }

  /// Proves the tables (whatever they hold) and verifies the proof; the verifier's error,
  /// or nil when it accepts.
  func proveAndVerify() throws -> VerificationError? {
    let key = VerifyingKey(airs: airs, parameters: testParameters)
    let proof = try StarkProver.prove(key: key, traces: traces, publicValues: [[], [], [], []])
    do {
      try StarkVerifier.verify(proof, key: key)
      return nil
    } catch {
      return error
    }
  }
}

/// The ALU events of a real execution of `body` (see `TestSupport.program`), with the
/// recorder (for the steps behind each event).
func recordedRun(_ body: String) throws -> TraceRecorder {
  let path = try TestSupport.assembleFile(TestSupport.program(body))
  let machine = Machine(program: try TestSupport.loadELF(path))
  var recorder = TraceRecorder()
  let status = machine.run(maxCycles: 1_000_000, recorder: &recorder)
  guard case .exited(0) = status else { throw TestFailure("run ended with \(status)") }
  return recorder
}

struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}

// MARK: - Constraint deletion

/// Forwards to `inner`, dropping constraint number `skip` (in `evaluate` order).
struct SkippingBuilder<Inner: ConstraintBuilder>: ConstraintBuilder {
  typealias Value = Inner.Value
  var inner: Inner
  let skip: Int
  var index = 0
  func main(_ column: Int, next: Bool) -> Value { inner.main(column, next: next) }
  func preprocessed(_ column: Int, next: Bool) -> Value { inner.preprocessed(column, next: next) }
  func publicValue(_ i: Int) -> Value { inner.publicValue(i) }
  var isFirstRow: Value { inner.isFirstRow }
  var isLastRow: Value { inner.isLastRow }
  var isTransition: Value { inner.isTransition }
  mutating func assertZero(_ value: Value, _ name: StaticString) {
    defer { index += 1 }
    if index != skip { inner.assertZero(value, name) }
  }
}

/// `base` with constraint number `skip` deleted (SECURITY.md item 7's test-only switch).
struct WithoutConstraint<Base: AIR>: AIR {
  let base: Base
  let skip: Int
  var name: String { base.name }
  var width: Int { base.width }
  var preprocessedWidth: Int { base.preprocessedWidth }
  var interactions: [Interaction] { base.interactions }
  func preprocessedTrace() -> RowMajorMatrix? { base.preprocessedTrace() }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    var w = SkippingBuilder(inner: b, skip: skip)
    base.evaluate(&w)
    b = w.inner
  }
}
