import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

// MARK: - A sender for tuples of any of the ALU bus's lengths

/// Stands in for the CPU chip on the multiply/divide tuples: sends fixed ALU-bus messages of
/// 13, 17 or 25 elements, fixed in preprocessed columns (so they are the verifier's statement).
///
/// Preprocessed columns: one is_real flag per length (13, 17, 25), then 25 message columns
/// (shorter messages use a prefix). Main columns: the three multiplicities, each constrained
/// equal to its flag.
struct WideALUSenderAIR: AIR {
  static let lengths = [13, 17, 25]
  var messages: [[KoalaBear]]
  var height: Int

  init(messages: [[KoalaBear]]) {
    precondition(messages.allSatisfy { Self.lengths.contains($0.count) })
    self.messages = messages
    var h = 4
    while h < messages.count { h <<= 1 }
    height = h
  }

  var name: String { "wide_alu_sender" }
  var width: Int { 3 }
  var preprocessedWidth: Int { 3 + 25 }
  var interactions: [Interaction] {
    Self.lengths.enumerated().map { k, n in
      Interaction(
        bus: MachineBus.alu, direction: .send, values: (3..<(3 + n)).map { .preprocessed($0) },
        multiplicity: .main(k))
    }
  }
  func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: preprocessedWidth)
    for (row, message) in messages.enumerated() {
      m[row, Self.lengths.firstIndex(of: message.count)!] = .one
      for (k, v) in message.enumerated() { m[row, 3 + k] = v }
    }
    return m
  }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    b.assertEqual(b.main(0), b.preprocessed(0, next: false), "13-element multiplicity is is_real")
    b.assertEqual(b.main(1), b.preprocessed(1, next: false), "17-element multiplicity is is_real")
    b.assertEqual(b.main(2), b.preprocessed(2, next: false), "25-element multiplicity is is_real")
  }
  func trace() -> RowMajorMatrix {
    var m = RowMajorMatrix(zerosHeight: height, width: 3)
    for (row, message) in messages.enumerated() {
      m[row, Self.lengths.firstIndex(of: message.count)!] = .one
    }
    return m
  }
}

/// A proof of one wide-tuple chip (multiply or divide) with the sender and the byte table.
struct WideTables<Chip: AIR> {
  var sender: WideALUSenderAIR
  var senderTrace: RowMajorMatrix
  var chip: Chip
  var trace: RowMajorMatrix
  var bytes: RowMajorMatrix
  static var byteTable: ByteTableChip { ByteTableChip() }

  init(chip: Chip, trace: RowMajorMatrix, messages: [[KoalaBear]]) {
    self.chip = chip
    self.trace = trace
    sender = WideALUSenderAIR(messages: messages)
    senderTrace = sender.trace()
    bytes = RowMajorMatrix(zerosHeight: 4, width: 1)
    rebalanceBytes()
  }

  var messages: [[KoalaBear]] { sender.messages }

  /// Replaces the statement.
  mutating func setStatement(_ messages: [[KoalaBear]]) {
    sender = WideALUSenderAIR(messages: messages)
    senderTrace = sender.trace()
  }

  /// Recounts the byte lookups of the (possibly tampered) chip trace; returns how many
  /// messages are no row of the byte table.
  @discardableResult
  mutating func rebalanceBytes() -> Int {
    var lookups = ByteLookups()
    lookups.record(chip, trace: trace)
    bytes = Self.byteTable.generateTrace(lookups)
    return lookups.unmatched
  }

  var airs: [any AIR] { [sender, chip, Self.byteTable] }
  var traces: [RowMajorMatrix] { [senderTrace, trace, bytes] }

  var violations: [ConstraintViolation] {
    ConstraintChecker.violations(of: sender, trace: senderTrace)
      + ConstraintChecker.violations(of: chip, trace: trace)
      + ConstraintChecker.violations(of: Self.byteTable, trace: bytes)
  }

  /// The constraint names violated in the chip's table.
  var violated: Set<String> { Set(violations.filter { $0.table == chip.name }.map(\.constraint)) }

  var busImbalances: [String] {
    ConstraintChecker.busImbalances(Array(zip(airs, traces)).map { ($0.0, $0.1) })
  }

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

// MARK: - Multiply statements, computed independently of the chip

/// One multiply-chip operation with its old HI:LO and the values the test expects after it.
struct MultiplyCase {
  var row: MultiplyChip.Row
  var hi: UInt32
  var lo: UInt32

  /// The ALU-bus message the CPU chip sends for this operation (see ``MultiplyChip``).
  var message: [KoalaBear] {
    let head = [KoalaBear(UInt32(row.opcode.rawValue))] + limbs(row.a) + limbs(row.b)
    switch row.opcode {
    case .mul: return head + limbs(lo)
    case .mult, .multu: return head + limbs(hi) + limbs(lo)
    default: return head + limbs(row.accHi) + limbs(row.accLo) + limbs(hi) + limbs(lo)
    }
  }
}

/// MIPS semantics of the multiply opcodes, written with 128-bit integers independently of
/// the chip's own reference.
func referenceMultiply(_ r: MultiplyChip.Row) -> (hi: UInt32, lo: UInt32) {
  let signed = [.mul, .mult, .madd, .msub].contains(r.opcode)
  let x = signed ? Int128(Int32(bitPattern: r.a)) : Int128(r.a)
  let y = signed ? Int128(Int32(bitPattern: r.b)) : Int128(r.b)
  let acc = Int128(r.accHi) * (1 << 32) + Int128(r.accLo)
  var v = x * y
  if [.madd, .maddu].contains(r.opcode) { v = acc + v }
  if [.msub, .msubu].contains(r.opcode) { v = acc - v }
  let m = UInt64(truncatingIfNeeded: v)
  return (UInt32(m >> 32), UInt32(truncatingIfNeeded: m))
}

/// Honest multiply tables for `rows`, the statement from ``referenceMultiply(_:)``.
func multiplyTables(_ rows: [MultiplyChip.Row], minimumHeight: Int = 16) -> WideTables<MultiplyChip>
{
  var lookups = ByteLookups()
  let trace = MultiplyChip().generateTrace(rows, lookups: &lookups, minimumHeight: minimumHeight)
  let cases = rows.map { r in
    let (hi, lo) = referenceMultiply(r)
    return MultiplyCase(row: r, hi: hi, lo: lo)
  }
  return WideTables(chip: MultiplyChip(), trace: trace, messages: cases.map(\.message))
}

/// Rows 0 mult −1·−1, 1 multu 0xffffffff², 2 mul −7·9, 3 mult INT_MIN², 4 mult −3·5,
/// 5 mult 5·−3, 6 madd, 7 maddu (wraps 2^64), 8 msub INT_MIN·−1, 9 msubu (borrows), then
/// padding to 16 rows.
let multiplyRows: [MultiplyChip.Row] = [
  .init(opcode: .mult, a: 0xffff_ffff, b: 0xffff_ffff),
  .init(opcode: .multu, a: 0xffff_ffff, b: 0xffff_ffff),
  .init(opcode: .mul, a: UInt32(bitPattern: -7), b: 9),
  .init(opcode: .mult, a: 0x8000_0000, b: 0x8000_0000),
  .init(opcode: .mult, a: UInt32(bitPattern: -3), b: 5),
  .init(opcode: .mult, a: 5, b: UInt32(bitPattern: -3)),
  .init(opcode: .madd, a: UInt32(bitPattern: -2), b: 3, accHi: 0, accLo: 5),
  .init(opcode: .maddu, a: 0xffff_ffff, b: 0xffff_ffff, accHi: 0xffff_ffff, accLo: 0xffff_ffff),
  .init(opcode: .msub, a: 0x8000_0000, b: 0xffff_ffff, accHi: 0, accLo: 0),
  .init(opcode: .msubu, a: 0xffff_ffff, b: 2, accHi: 1, accLo: 0),
]

typealias MU = MultiplyChip.Columns

/// A MIPS snippet with the multiply edge cases.
let multiplyProgram = """
    li    $t0, -1
    li    $t1, 0x80000000
    li    $t2, 7
    li    $t3, -9
    mult  $t0, $t0            # -1 * -1 = 1
    mfhi  $s0
    mflo  $s1
    multu $t0, $t0            # 0xffffffff^2 = 0xfffffffe_00000001
    mfhi  $s0
    mflo  $s1
    mult  $t1, $t1            # INT_MIN^2 = 2^62
    multu $t1, $t0
    mult  $t2, $t3            # 7 * -9
    mult  $t3, $t2
    mul   $s2, $t3, $t3       # -9 * -9 = 81
    mul   $s3, $t1, $t0       # INT_MIN * -1 wraps to INT_MIN
    mul   $zero, $t2, $t3
    mtlo  $t2
    mthi  $t0
    madd  $t3, $t2            # HI:LO = 0xffffffff_00000007 + (-63)
    maddu $t0, $t0
    msub  $t1, $t0
    msubu $t2, $t0
    mult  $zero, $zero
    msubu $t2, $t0            # borrows through all 64 bits
    mfhi  $s0
    mflo  $s1
  """

@Suite("Multiply chip")
struct MultiplyChipTests {
  /// The executor's multiply events of `multiplyProgram`, as cases (old HI:LO tracked by the
  /// test through MTHI/MTLO and the events' HI/LO, not by the chip).
  func recordedCases() throws -> [MultiplyCase] {
    let recorder = try recordedRun(multiplyProgram)
    var hi: UInt32 = 0, lo: UInt32 = 0
    var cases: [MultiplyCase] = []
    for e in recorder.alu[.multiply, default: []] {
      if MultiplyChip.opcodes.contains(e.opcode) {
        let isAcc = [.madd, .maddu, .msub, .msubu].contains(e.opcode)
        let row = MultiplyChip.Row(
          opcode: e.opcode, a: e.a, b: e.b, accHi: isAcc ? hi : 0, accLo: isAcc ? lo : 0)
        // MUL leaves HI/LO; its value is rd's (0 for $zero, so recompute that one).
        let mulValue =
          recorder.steps[Int(e.cycle)].destination != 0 ? e.result : referenceMultiply(row).lo
        cases.append(
          MultiplyCase(
            row: row, hi: e.opcode == .mul ? 0 : e.hi, lo: e.opcode == .mul ? mulValue : e.lo))
      }
      hi = e.hi
      lo = e.lo
    }
    return cases
  }

  @Test func recordedEventsMatchTheReferenceSemantics() throws {
    let cases = try recordedCases()
    #expect(Set(cases.map(\.row.opcode)) == Set(MultiplyChip.opcodes))
    for c in cases {
      let r = referenceMultiply(c.row)
      if c.row.opcode == .mul {
        #expect(r.lo == c.lo, "\(c.row)")
      } else {
        #expect(r.hi == c.hi && r.lo == c.lo, "\(c.row)")
      }
    }
    let multu = cases.first { $0.row.opcode == .multu }!
    #expect(multu.hi == 0xffff_fffe && multu.lo == 1)
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let cases = try recordedCases()
    var lookups = ByteLookups()
    let recorder = try recordedRun(multiplyProgram)
    // The chip's trace from the executor's events (the chip undoes MADD/MSUB for old HI:LO).
    let trace = MultiplyChip().generateTrace(
      recorder.alu[.multiply, default: []], lookups: &lookups)
    let t = WideTables(chip: MultiplyChip(), trace: trace, messages: cases.map(\.message))
    #expect(t.violations.isEmpty, "\(t.violations.prefix(5))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
    #expect(try t.proveAndVerify() == nil)
  }

  @Test func honestFixtureIsClean() throws {
    let t = multiplyTables(multiplyRows)
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: [(0, 0), (0, 3), (1, 4), (2, 0), (7, 4), (8, 2), (9, 3)])
  func aWrongResultLimbIsNamedAndRejected(row: Int, limb: Int) throws {
    // Result limb k (0...3 lo, 4...7 hi) off by one in the chip only: the limb equation
    // fails and the ALU bus no longer balances.
    var t = multiplyTables(multiplyRows)
    let column = limb < 4 ? MU.lo[limb] : MU.hi[limb - 4]
    t.trace[row, column] += .one
    t.rebalanceBytes()
    #expect(t.violated == ["product limb \(limb) sums"])
    #expect(t.busImbalances.contains { $0.hasPrefix("bus \(MachineBus.alu):") })
    #expect(try t.proveAndVerify() != nil)
    // The statement claims the wrong value too: every bus balances, the constraint stands.
    var m = t.messages
    let n = m[row].count
    m[row][limb < 4 ? n - 4 + limb : n - 8 + limb - 4] += .one
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "multiply"))
  }

  @Test func aSelectorOfTwoIsRejected() throws {
    // Row 4 (mult −3·5) with its selector doubled: the receive then counts twice.
    var t = multiplyTables(multiplyRows)
    t.trace[4, MU.selectors.column(of: .mult)] = KoalaBear(2)
    t.rebalanceBytes()
    #expect(t.violated.contains("MULT selector is boolean"))
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func aCarryOutOfRangeIsRejected() throws {
    // Carry 0 of row 1 rewritten as bytes (c + 256, −1): the same field value, so every
    // constraint holds, but (256, p − 1) is no byte pair: only the byte bus catches it.
    var t = multiplyTables(multiplyRows)
    t.trace[1, MU.carryBytes] += KoalaBear(256)
    t.trace[1, MU.carryBytes + 1] -= .one
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(
      !t.busImbalances.isEmpty
        && t.busImbalances.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") })
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func anUnsignedRowCannotSignExtend() throws {
    // Row 4 is mult −3·5; relabelled MULTU it would claim the signed product for the
    // unsigned operands 0xfffffffd·5.
    var t = multiplyTables(multiplyRows)
    t.trace[4, MU.selectors.column(of: .mult)] = .zero
    t.trace[4, MU.selectors.column(of: .multu)] = .one
    var m = t.messages
    m[4][0] = KoalaBear(UInt32(Opcode.multu.rawValue))
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.violated == ["unsigned rows: a is not sign-extended"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "multiply"))
  }

  /// Tampers of the multiply fixture, each breaking some constraint (for the deletion loop).
  static func tampers() -> [Tamper] {
    let s = MU.selectors
    let n = MultiplyChip.opcodes.count
    var all: [Tamper] = []
    for k in 0..<n {
      all.append(
        (
          "selector \(k) = −1 beside two set ones",
          { t in
            t[12, s.first + k] = -KoalaBear.one
            t[12, s.first + (k + 1) % n] = .one
            t[12, s.first + (k + 2) % n] = .one
          }
        ))
    }
    all.append(
      (
        "two selectors on one row",
        { t in
          t[12, s.first] = .one
          t[12, s.first + 1] = .one
        }
      ))
    all.append(
      (
        "signed row 4 (a < 0) relabelled MULTU",
        { t in
          t[4, s.column(of: .mult)] = .zero
          t[4, s.column(of: .multu)] = .one
        }
      ))
    all.append(
      (
        "signed row 5 (b < 0) relabelled MULTU",
        { t in
          t[5, s.column(of: .mult)] = .zero
          t[5, s.column(of: .multu)] = .one
        }
      ))
    for k in 0..<8 {
      for row in [0, 6, 8] {
        all.append(
          (
            "row \(row) result limb \(k) + 1",
            { t in
              t[row, k < 4 ? MU.lo[k] : MU.hi[k - 4]] += .one
            }
          ))
      }
    }
    return all
  }

  @Test func everyMultiplyConstraintIsNeeded() {
    ConstraintDeletionTests().checkEveryConstraintIsNeeded(
      MultiplyChip(), honest: multiplyTables(multiplyRows).trace, tampers: Self.tampers())
  }
}
