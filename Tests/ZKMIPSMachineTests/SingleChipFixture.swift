import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// MIPS semantics of the shift instructions on their effective operands, written here
/// independently of the chip (a shifted by b mod 32).
func shiftReference(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
  let s = Int(b % 32)
  let bits = (0..<32).map { (a >> UInt32($0)) & 1 }  // bit i of a
  var out: UInt32 = 0
  for i in 0..<32 {
    let bit: UInt32
    switch op {
    case .sll, .sllv: bit = i - s >= 0 ? bits[i - s] : 0
    case .srl, .srlv: bit = i + s < 32 ? bits[i + s] : 0
    case .sra, .srav: bit = i + s < 32 ? bits[i + s] : bits[31]
    case .rotr, .rotrv: bit = bits[(i + s) % 32]
    default: fatalError("not a shift: \(op)")
    }
    out |= bit << UInt32(i)
  }
  return out
}

/// A proof of one chip: the test sender (statement), the chip, and the byte table.
struct SingleChipTables<Chip: OperationChip> {
  let chip: Chip
  var sender: ALUSenderAIR
  var tuples: [ALUTuple]
  var senderTrace: RowMajorMatrix
  var main: RowMajorMatrix
  var bytes: RowMajorMatrix

  static var byteTable: ByteTableChip { ByteTableChip() }

  /// Honest tables for `operations`, the statement's results given by `reference`.
  init(
    _ chip: Chip, _ operations: [ALUOperation], reference: (Opcode, UInt32, UInt32) -> UInt32,
    minimumHeight: Int = 4
  ) {
    self.chip = chip
    tuples = operations.map {
      ALUTuple(opcode: $0.opcode, a: $0.a, b: $0.b, c: reference($0.opcode, $0.a, $0.b))
    }
    sender = ALUSenderAIR(tuples)
    senderTrace = sender.trace()
    var lookups = ByteLookups()
    main = chip.generateTrace(operations, lookups: &lookups, minimumHeight: minimumHeight)
    bytes = Self.byteTable.generateTrace(lookups)
  }

  /// The sender's messages, for editing the statement.
  var messages: [[KoalaBear]] { sender.messages }

  /// Replaces the statement.
  mutating func setStatement(_ messages: [[KoalaBear]]) {
    sender = ALUSenderAIR(messages: messages)
    senderTrace = sender.trace()
  }

  /// Recounts the byte lookups of the (possibly tampered) chip trace; returns how many
  /// messages are no row of the byte table.
  @discardableResult
  mutating func rebalanceBytes() -> Int {
    var lookups = ByteLookups()
    lookups.record(chip, trace: main)
    bytes = Self.byteTable.generateTrace(lookups)
    return lookups.unmatched
  }

  var airs: [any AIR] { [sender, chip, Self.byteTable] }
  var traces: [RowMajorMatrix] { [senderTrace, main, bytes] }

  /// Constraint violations of all three tables.
  var violations: [ConstraintViolation] {
    ConstraintChecker.violations(of: sender, trace: senderTrace)
      + ConstraintChecker.violations(of: chip, trace: main)
      + ConstraintChecker.violations(of: Self.byteTable, trace: bytes)
  }

  /// The constraint names violated in the chip.
  var violated: Set<String> { Set(violations.filter { $0.table == chip.name }.map(\.constraint)) }

  /// The buses that do not balance.
  var busImbalances: [String] {
    ConstraintChecker.busImbalances(Array(zip(airs, traces)).map { ($0.0, $0.1) })
  }

  /// Whether only the byte bus is out of balance.
  var onlyByteBusImbalanced: Bool {
    !busImbalances.isEmpty && busImbalances.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") }
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

  /// Sets result limb `limb` of chip row `row` and of its statement message to `value`.
  mutating func claimResultLimb(row: Int, message: Int, limb: Int, column: Int, _ value: KoalaBear)
  {
    main[row, column] = value
    var m = messages
    m[message][messageC(limb)] = value
    setStatement(m)
  }
}

/// Checks that every constraint of `air` is needed: each tamper of `honest` breaks the
/// chip, and for each constraint some tamper passes once it is deleted.
func expectEveryConstraintIsNeeded<A: AIR>(_ air: A, honest: RowMajorMatrix, tampers: [Tamper]) {
  #expect(ConstraintChecker.violations(of: air, trace: honest).isEmpty)
  let tampered = tampers.map { tamper -> (String, RowMajorMatrix) in
    var t = honest
    tamper.change(&t)
    return (tamper.name, t)
  }
  for (name, t) in tampered {
    #expect(
      !ConstraintChecker.violations(of: air, trace: t).isEmpty, "tamper '\(name)' breaks nothing")
  }
  let names = AIRAnalysis(air).constraintNames
  for k in names.indices {
    let weakened = WithoutConstraint(base: air, skip: k)
    let passing = tampered.filter {
      ConstraintChecker.violations(of: weakened, trace: $0.1).isEmpty
    }
    #expect(!passing.isEmpty, "no test needs constraint \(k) '\(names[k])' of \(air.name)")
  }
}
