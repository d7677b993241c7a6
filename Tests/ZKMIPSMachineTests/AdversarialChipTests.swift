import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSVerifier

/// The operations the adversarial tests start from, honest, with the row each lands on.
/// Add/sub rows: 0 addu 0xffffffff + 1 (all carries), 1 add, 2 addi, 3 addiu, 4 sub,
/// 5 subu 0 − 1, 6 addu 0x7fffffff + 1 (overflows as ADD), 7 subu INT_MIN − 1 (overflows
/// as SUB). Bitwise rows: 0 and, 1 or, 2 xor, 3 nor, 4 andi, 5 ori, 6 xori, 7 lui.
let adversarialOperations: [ALUOperation] = [
  ALUOperation(.addu, 0xffff_ffff, 1), ALUOperation(.add, 0x7fff_ffff, 0xffff_ffff),
  ALUOperation(.addi, 1, 0xffff_ffff), ALUOperation(.addiu, 0x1234_5678, 0xffff_8000),
  ALUOperation(.sub, 0x8000_0000, 0xffff_ffff), ALUOperation(.subu, 0, 1),
  ALUOperation(.addu, 0x7fff_ffff, 1), ALUOperation(.subu, 0x8000_0000, 1),
  ALUOperation(.and, 0x1234_5678, 0x0ff0_f00f), ALUOperation(.or, 0x1234_5678, 0x0ff0_f00f),
  ALUOperation(.xor, 0x1234_5678, 0x0ff0_f00f), ALUOperation(.nor, 0x1234_5678, 0x0ff0_f00f),
  ALUOperation(.andi, 0x8765_4321, 0xffff), ALUOperation(.ori, 0x8765_4321, 0x8000),
  ALUOperation(.xori, 0x8765_4321, 0x00ff), ALUOperation(.lui, 0, 0x8001),
]

/// Honest tables with padding (height 16) for the adversarial tests.
func honestTables() -> MachineTables { MachineTables(adversarialOperations, minimumHeight: 16) }

typealias AS = AddSubChip.Columns
typealias BW = BitwiseChip.Columns

/// The sender message index of add/sub row `r` and of bitwise row `r`.
func addSubMessage(_ r: Int) -> Int { r }
func bitwiseMessage(_ r: Int) -> Int { 8 + r }

/// Offsets inside a sender message: opcode, then a, b, c limbs.
func messageA(_ i: Int) -> Int { 1 + i }
func messageB(_ i: Int) -> Int { 5 + i }
func messageC(_ i: Int) -> Int { 9 + i }

extension MachineTables {
  /// The sender's messages, for editing the statement.
  var messages: [[KoalaBear]] { sender.messages }

  /// The constraint names violated in `table`.
  func violated(in table: String) -> Set<String> {
    Set(violations.filter { $0.table == table }.map(\.constraint))
  }
}

@Suite("Machine chips: an evil prover is caught")
struct AdversarialChipTests {
  @Test func honestAdversarialTablesAreClean() throws {
    let t = honestTables()
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  // MARK: SECURITY item 6: one result limb changed

  @Test(arguments: 0..<4)
  func aWrongAddSubResultLimbIsNamedAndRejected(limb: Int) throws {
    // Row 0 claims 0xffffffff + 1 with one result limb off by one. The statement is left
    // as it was: the constraint fails and the ALU bus no longer balances.
    var t = honestTables()
    t.addSub[0, AS.c[limb]] += .one
    t.rebalanceBytes()
    #expect(
      t.violated(in: "add_sub") == [
        ["add: limb 0 sums", "add: limb 1 sums", "add: limb 2 sums", "add: limb 3 sums"][limb]
      ])
    #expect(t.busImbalances.contains { $0.hasPrefix("bus \(MachineBus.alu):") })
    #expect(try t.proveAndVerify() != nil)

    // The stronger forgery: the statement itself claims the wrong result, so every bus
    // balances and only the chip's constraint stands in the way.
    var m = t.messages
    m[addSubMessage(0)][messageC(limb)] += .one
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated(in: "add_sub").count == 1)
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "add_sub"))
  }

  @Test func aWrongSubtractionIsNamedAndRejected() throws {
    // Row 5 claims 0 − 1 = 0xfffffffe.
    var t = honestTables()
    t.addSub[5, AS.c[0]] -= .one
    var m = t.messages
    m[addSubMessage(5)][messageC(0)] -= .one
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated(in: "add_sub") == ["sub: limb 0 sums"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "add_sub"))
  }

  @Test(arguments: [0, 1, 2, 4, 5, 6])
  func aWrongBitwiseResultIsNamedAndRejected(row: Int) throws {
    // An AND/OR/XOR(I) row claims a result limb flipped in its low bit, in the statement too.
    var t = honestTables()
    t.bitwise[row, BW.c[1]] = KoalaBear(t.bitwise[row, BW.c[1]].value ^ 1)
    var m = t.messages
    m[bitwiseMessage(row)][messageC(1)] = t.bitwise[row, BW.c[1]]
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated(in: "bitwise") == ["limb 1 is the table's result (complemented for NOR)"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "bitwise"))

    // Changing the table's answer too satisfies the constraints; now the lookup is no row
    // of the byte table.
    t.bitwise[row, BW.tableResult[1]] = t.bitwise[row, BW.c[1]]
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(
      t.busImbalances == t.busImbalances.filter { $0.hasPrefix("bus \(MachineBus.byte):") }
        && !t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func norClaimingTheORIsRejected() throws {
    var t = honestTables()
    var m = t.messages
    for i in 0..<4 {
      let or = t.bitwise[3, BW.tableResult[i]]
      t.bitwise[3, BW.c[i]] = or
      m[bitwiseMessage(3)][messageC(i)] = or
    }
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated(in: "bitwise").count == 4)
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "bitwise"))
  }

  @Test func luiShiftingByEightIsRejected() throws {
    // LUI 0x8001 claimed as 0x00800100 (b << 8): limbs (0, 1, 0x80, 0).
    var t = honestTables()
    var m = t.messages
    for (i, v) in [0, 1, 0x80, 0].enumerated() {
      t.bitwise[7, BW.c[i]] = KoalaBear(UInt32(v))
      t.bitwise[7, BW.tableResult[i]] = KoalaBear(UInt32(v))
      m[bitwiseMessage(7)][messageC(i)] = KoalaBear(UInt32(v))
    }
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(
      t.violated(in: "bitwise") == ["LUI: limb 1 is 0", "LUI: limb 2 is b0", "LUI: limb 3 is b1"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "bitwise"))
  }

  // MARK: Overflow traps

  @Test(arguments: [(6, Opcode.add), (7, Opcode.sub)])
  func anOverflowingTrappingInstructionCannotBeProvenComplete(row: Int, opcode: Opcode) throws {
    // ADDU 0x7fffffff + 1 relabelled ADD (SUBU INT_MIN − 1 relabelled SUB): the real
    // instruction traps, so claiming it wrote its wrapped result is false.
    var t = honestTables()
    t.addSub[row, AS.selectors.column(of: opcode == .add ? .addu : .subu)] = .zero
    t.addSub[row, AS.selectors.column(of: opcode)] = .one
    var m = t.messages
    m[addSubMessage(row)][0] = KoalaBear(UInt32(opcode.rawValue))
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(
      t.violated(in: "add_sub") == [
        opcode == .add ? "ADD/ADDI overflow iff flagged" : "SUB overflows iff flagged"
      ])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "add_sub"))

    // Lying about c's sign bit satisfies the constraint, but (and, c3, 0x80, 0) is then
    // no row of the byte table.
    t.addSub[row, AS.signC] = KoalaBear(1 - t.addSub[row, AS.signC].value)
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test(arguments: [(6, Opcode.add), (7, Opcode.sub)])
  func anOverflowingTrappingInstructionProvesAsTheFault(row: Int, opcode: Opcode) throws {
    // The same relabelled rows, flagged as overflowing and received with the tagged opcode
    // (what the CPU sends from the row that halts the run): a true fault, accepted.
    var t = honestTables()
    t.addSub[row, AS.selectors.column(of: opcode == .add ? .addu : .subu)] = .zero
    t.addSub[row, AS.selectors.column(of: opcode)] = .one
    t.addSub[row, AS.overflows] = .one
    var m = t.messages
    m[addSubMessage(row)][0] = KoalaBear(UInt32(opcode.rawValue) + AddSubChip.overflowTag)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: [
    (1, "ADD/ADDI overflow iff flagged"), (2, "ADD/ADDI overflow iff flagged"),
    (4, "SUB overflows iff flagged"), (0, "only ADD, ADDI and SUB overflow"),
  ])
  func anOperationThatFitsCannotBeClaimedAnOverflow(row: Int, constraint: String) throws {
    // ADD/ADDI/SUB rows whose result fits (and an ADDU) flagged as overflowing with the
    // tagged opcode: a false fault claim, caught by the overflow test.
    var t = honestTables()
    t.addSub[row, AS.overflows] = .one
    var m = t.messages
    m[addSubMessage(row)][0] += KoalaBear(AddSubChip.overflowTag)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated(in: "add_sub") == [constraint])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "add_sub"))
  }

  // MARK: SECURITY item 8: selectors set to 2 or −1

  @Test(arguments: ["add_sub", "bitwise"])
  func aSelectorOfTwoIsRejected(table: String) throws {
    var t = honestTables()
    if table == "add_sub" {
      t.addSub[3, AS.selectors.column(of: .addiu)] = KoalaBear(2)
    } else {
      t.bitwise[2, BW.selectors.column(of: .xor)] = KoalaBear(2)
    }
    t.rebalanceBytes()
    let named = t.violated(in: table)
    #expect(
      named == [
        table == "add_sub" ? "ADDIU selector is boolean" : "XOR selector is boolean",
        "at most one opcode per row",
      ])
    #expect(try t.proveAndVerify() != nil)
  }

  /// Selector values (not 0/1) that let one row receive its message twice: multiplicity
  /// Σ s = 2 while the opcode Σ rawValue·s (and, for table rows, the byte operation
  /// Σ op·s) still equal the honest row's, and every gated constraint still holds.
  static func doublingSelectors(_ table: String, row: Int) -> [(Opcode, KoalaBear)] {
    switch (table, row) {
    case ("add_sub", 0):
      // ADDU row: 24·s_addu + 23·s_add = 24 with s_addu + s_add = 2; both are additions,
      // and 0xffffffff + 1 does not overflow as ADD, so the trap check holds too.
      return [(.addu, -KoalaBear(22)), (.add, KoalaBear(24))]
    case ("bitwise", 0):
      // AND row: s_and + s_andi + s_or = 2, op: s_and + s_andi + 2·s_or = 1,
      // opcode: 27·s_and + 64·s_andi + 28·s_or = 27  ⇒  s_or = −1, s_andi = −26/37.
      let andi = -(KoalaBear(26) * KoalaBear(37).inverse()!)
      return [(.and, KoalaBear(3) - andi), (.andi, andi), (.or, -KoalaBear.one)]
    default:
      // LUI row: s_lui = 2; s_and = 67, s_or = −67 cancel in the lookup multiplicity and
      // bring the opcode back to 2·67 + 27·67 − 28·67 = 67.
      return [(.lui, KoalaBear(2)), (.and, KoalaBear(67)), (.or, -KoalaBear(67))]
    }
  }

  @Test(arguments: [("add_sub", 0), ("bitwise", 0), ("bitwise", 7)])
  func oneRowCannotAnswerTheSameMessageTwice(table: String, row: Int) throws {
    // The statement contains an operation twice; the chip proves it once, with selectors
    // chosen so the row receives the message twice (and sends its lookups twice). Every
    // bus balances: only the boolean constraints stand in the way.
    var t = honestTables()
    let message = table == "add_sub" ? addSubMessage(row) : bitwiseMessage(row)
    t.setStatement(t.messages + [t.messages[message]])
    for (opcode, value) in Self.doublingSelectors(table, row: row) {
      if table == "add_sub" {
        t.addSub[row, AS.selectors.column(of: opcode)] = value
      } else {
        t.bitwise[row, BW.selectors.column(of: opcode)] = value
      }
    }
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    let named = t.violated(in: table)
    #expect(
      named.contains("at most one opcode per row")
        && named.allSatisfy { $0.hasSuffix("is boolean") || $0.hasPrefix("at most") })
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: table))
  }

  @Test func aSelectorOfMinusOneIsRejected() throws {
    // A padding row "sends" (receives −1 times) an ALU message: SUBU 0 − 0 = 0 with
    // selector −1, balanced in the statement by nothing — and caught by the constraints.
    var t = honestTables()
    t.addSub[12, AS.selectors.column(of: .subu)] = -KoalaBear.one
    t.rebalanceBytes()
    #expect(
      t.violated(in: "add_sub") == ["SUBU selector is boolean", "at most one opcode per row"])
    #expect(try t.proveAndVerify() != nil)
  }

  // MARK: SECURITY item 9: padding rows with non-zero multiplicity

  @Test(arguments: ["add_sub", "bitwise", "byte_table"])
  func aPaddingRowThatReceivesIsRejected(table: String) throws {
    // An all-zero row is a valid ADDU (0 + 0 = 0) or AND: switching it on satisfies every
    // constraint, but it receives a message nobody sent.
    var t = honestTables()
    switch table {
    case "add_sub": t.addSub[12, AS.selectors.column(of: .addu)] = .one
    case "bitwise": t.bitwise[12, BW.selectors.column(of: .and)] = .one
    default: break
    }
    t.rebalanceBytes()
    if table == "byte_table" {
      // A byte-table row nobody looked up, given a multiplicity.
      t.bytes[0x1234, Int(ByteOperation.xor.rawValue)] += .one
    }
    #expect(t.violations.isEmpty)
    let bus = table == "byte_table" ? MachineBus.byte : MachineBus.alu
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(bus):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  // MARK: SECURITY item 14: limbs that are not bytes

  @Test func aResultLimbOf256WithTheSameWordValueIsRejected() throws {
    // 0xffffffff + 1 = 0 written with limbs (256, −1, 0, 0): still 0 as a packed word
    // (256 − 256), the limb equations hold with carry 0 cleared, and the statement states
    // the same limbs. Only the byte range check stands in the way.
    var t = honestTables()
    t.addSub[0, AS.c[0]] = KoalaBear(256)
    t.addSub[0, AS.c[1]] = -KoalaBear.one
    t.addSub[0, AS.carry[0]] = .zero
    var m = t.messages
    m[addSubMessage(0)][messageC(0)] = KoalaBear(256)
    m[addSubMessage(0)][messageC(1)] = -KoalaBear.one
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.byte):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aLUIOperandLimbOf256IsRejected() throws {
    // LUI 0x8001 with b limbs (257, 0x7f): b and c keep their word values, c = b << 16
    // holds limb for limb, but (range, 257, 0x7f) is no row of the byte table.
    var t = honestTables()
    var m = t.messages
    for (column, message, v) in [
      (BW.b[0], messageB(0), 257), (BW.b[1], messageB(1), 0x7f), (BW.c[2], messageC(2), 257),
      (BW.c[3], messageC(3), 0x7f),
    ] {
      t.bitwise[7, column] = KoalaBear(UInt32(v))
      m[bitwiseMessage(7)][message] = KoalaBear(UInt32(v))
    }
    t.bitwise[7, BW.tableResult[2]] = KoalaBear(257)
    t.bitwise[7, BW.tableResult[3]] = KoalaBear(0x7f)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.byte):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aSumThatWrapsModPIsRejectedByTheCarryBooleans() throws {
    // A padding row switched on as ADDU 0 + 0 = 0x7f000001 (= p): every limb is a byte
    // and the limb equations hold in the field with carries −1/256, −1/2^16, −1/2^24 and
    // 0, since −1/2^24 = 127 (127·2^24 = p − 1). Every bus balances; only the carry
    // booleans catch it.
    var t = honestTables()
    let inverse256 = KoalaBear(256).inverse()!
    t.addSub[12, AS.selectors.column(of: .addu)] = .one
    for (i, v) in limbs(0x7f00_0001).enumerated() { t.addSub[12, AS.c[i]] = v }
    t.addSub[12, AS.carry[0]] = -inverse256
    t.addSub[12, AS.carry[1]] = -inverse256 * inverse256
    t.addSub[12, AS.carry[2]] = -inverse256 * inverse256 * inverse256
    #expect(t.addSub[12, AS.carry[2]] == KoalaBear(127))
    t.setStatement(
      t.messages + [ALUSenderAIR.message(ALUTuple(opcode: .addu, a: 0, b: 0, c: 0x7f00_0001))])
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(
      t.violated(in: "add_sub") == [
        "carry 0 is boolean", "carry 1 is boolean", "carry 2 is boolean",
      ])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "add_sub"))
  }

  @Test func aCarryOfTwoIsRejected() throws {
    // 0xffffffff + 1 with carry 0 = 2: limb 0 becomes 256 − 512 = −256 and limb 1 takes
    // the extra carry (1), so both limb equations and the word value still hold.
    var t = honestTables()
    t.addSub[0, AS.carry[0]] = KoalaBear(2)
    t.addSub[0, AS.c[0]] = -KoalaBear(256)
    t.addSub[0, AS.c[1]] = .one
    var m = t.messages
    m[addSubMessage(0)][messageC(0)] = -KoalaBear(256)
    m[addSubMessage(0)][messageC(1)] = .one
    t.setStatement(m)
    t.rebalanceBytes()
    #expect(t.violated(in: "add_sub") == ["carry 0 is boolean"])
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.byte):"))
    #expect(try t.proveAndVerify() != nil)
  }
}
