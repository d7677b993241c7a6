import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSVerifier

typealias DV = DivideChip.Columns

/// MIPS DIV/DIVU on their operands with the executor's documented special cases (x / 0
/// and INT_MIN / −1 give LO = a, HI = 0), written with 64-bit integers independently of
/// the chip's own reference.
func referenceDivide(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> (hi: UInt32, lo: UInt32) {
  let signed = op == .div
  let x = signed ? Int64(Int32(bitPattern: a)) : Int64(a)
  let y = signed ? Int64(Int32(bitPattern: b)) : Int64(b)
  if y == 0 || (signed && x == -(1 << 31) && y == -1) { return (0, a) }
  return (UInt32(truncatingIfNeeded: x % y), UInt32(truncatingIfNeeded: x / y))
}

/// The ALU-bus message of a DIV/DIVU: (opcode, a, b, hi, lo).
func divideMessage(_ op: Opcode, _ a: UInt32, _ b: UInt32, hi: UInt32, lo: UInt32) -> [KoalaBear] {
  [KoalaBear(UInt32(op.rawValue))] + limbs(a) + limbs(b) + limbs(hi) + limbs(lo)
}

/// Rows: 0 7/2, 1 −7/2, 2 7/−2, 3 −7/−2, 4 INT_MIN/−1, 5 5/0, 6 divu 0xffffffff/0,
/// 7 divu 0xffffffff/3, 8 divu INT_MIN/0xffffffff, 9 INT_MIN/1, 10 −1/INT_MIN,
/// 11 divu 100/7, then padding to 16.
let divideOperations: [ALUOperation] = [
  ALUOperation(.div, 7, 2), ALUOperation(.div, UInt32(bitPattern: -7), 2),
  ALUOperation(.div, 7, UInt32(bitPattern: -2)),
  ALUOperation(.div, UInt32(bitPattern: -7), UInt32(bitPattern: -2)),
  ALUOperation(.div, 0x8000_0000, 0xffff_ffff), ALUOperation(.div, 5, 0),
  ALUOperation(.divu, 0xffff_ffff, 0), ALUOperation(.divu, 0xffff_ffff, 3),
  ALUOperation(.divu, 0x8000_0000, 0xffff_ffff), ALUOperation(.div, 0x8000_0000, 1),
  ALUOperation(.div, 0xffff_ffff, 0x8000_0000), ALUOperation(.divu, 100, 7),
]

/// Honest divide tables for `operations`, the statement from ``referenceDivide(_:_:_:)``.
func divideTables(_ operations: [ALUOperation], minimumHeight: Int = 16) -> WideTables<DivideChip> {
  var lookups = ByteLookups()
  let trace = DivideChip().generateTrace(
    operations, lookups: &lookups, minimumHeight: minimumHeight)
  let messages = operations.map { o in
    let (hi, lo) = referenceDivide(o.opcode, o.a, o.b)
    return divideMessage(o.opcode, o.a, o.b, hi: hi, lo: lo)
  }
  return WideTables(chip: DivideChip(), trace: trace, messages: messages)
}

/// A MIPS snippet with the division edge cases.
let divideProgram = """
    li    $t0, 7
    li    $t1, -7
    li    $t2, 2
    li    $t3, -2
    li    $t4, 0x80000000
    li    $t5, -1
    div   $zero, $t0, $t2
    mfhi  $s0
    mflo  $s1
    div   $zero, $t1, $t2       # -7 / 2 = -3 rem -1
    div   $zero, $t0, $t3       # 7 / -2 = -3 rem 1
    div   $zero, $t1, $t3       # -7 / -2 = 3 rem -1
    div   $zero, $t4, $t5       # INT_MIN / -1: LO = INT_MIN, HI = 0
    div   $zero, $t0, $zero     # x / 0: LO = x, HI = 0
    divu  $zero, $t5, $zero
    divu  $zero, $t5, $t2       # 0xffffffff / 2
    divu  $zero, $t4, $t5       # 0x80000000 / 0xffffffff = 0 rem 0x80000000
    div   $zero, $t5, $t4       # -1 / INT_MIN = 0 rem -1
    div   $zero, $t4, $t2       # INT_MIN / 2
    div   $zero, $t4, $t4
    divu  $zero, $t1, $t3
    mfhi  $s0
    mflo  $s1
  """

@Suite("Divide chip")
struct DivideChipTests {
  @Test func recordedEventsMatchTheReferenceSemantics() throws {
    let events = try recordedRun(divideProgram).alu[.divide, default: []]
    #expect(events.count == 13)
    for e in events {
      let r = referenceDivide(e.opcode, e.a, e.b)
      #expect(r.hi == e.hi && r.lo == e.lo, "\(e)")
    }
    #expect(
      events.contains {
        $0.a == 0x8000_0000 && $0.b == 0xffff_ffff && $0.lo == 0x8000_0000 && $0.hi == 0
      })
    #expect(
      events.contains {
        $0.a == UInt32(bitPattern: -7) && $0.b == 2 && $0.hi == UInt32(bitPattern: -1)
      })
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let events = try recordedRun(divideProgram).alu[.divide, default: []]
    var lookups = ByteLookups()
    let trace = DivideChip().generateTrace(events, lookups: &lookups)
    // The statement is the executor's own HI and LO.
    let messages = events.map { divideMessage($0.opcode, $0.a, $0.b, hi: $0.hi, lo: $0.lo) }
    let t = WideTables(chip: DivideChip(), trace: trace, messages: messages)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(5))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
    #expect(try t.proveAndVerify() == nil)
  }

  @Test func honestFixtureIsClean() throws {
    let t = divideTables(divideOperations)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(5))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: [0, 1, 2, 3])
  func aWrongHiOrLoLimbIsRejected(row: Int) throws {
    // Quotient limb 0 off by one in the chip only: a = q·d + r fails and the ALU bus
    // (whose statement has the true quotient) no longer balances.
    var t = divideTables(divideOperations)
    t.trace[row, DV.quotient[0]] += .one
    t.rebalanceBytes()
    #expect(t.violated.contains("a = q·d + r: limb 0"))
    #expect(t.busImbalances.contains { $0.hasPrefix("bus \(MachineBus.alu):") })
    #expect(try t.proveAndVerify() != nil)
    // And a remainder limb 0 off by one, in the statement too.
    var u = divideTables(divideOperations)
    u.trace[row, DV.remainder[0]] += .one
    var m = u.messages
    m[row][9] += .one
    u.setStatement(m)
    u.rebalanceBytes()
    #expect(u.violated.contains("a = q·d + r: limb 0"))
    #expect(try u.proveAndVerify() != nil)
  }

  @Test func aRemainderNotBelowTheDivisorIsRejected() throws {
    // 7 / 2 claimed as 2 rem 3: a = q·d + r holds, every auxiliary column is derived,
    // every bus balances; only |r| < |d| fails (the gap wraps, a carry out of limb 3).
    var t = divideTables(divideOperations)
    DivideChip.writeRow(
      &t.trace, row: 0, opcode: .div, a: 7, b: 2, quotient: 2, remainder: 3, zeroDivisor: false,
      overflow: false, divisor: 2)
    var m = t.messages
    m[0] = divideMessage(.div, 7, 2, hi: 3, lo: 2)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["|r| + gap + 1 = |d|: limb 3"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "divide"))
  }

  @Test func aRemainderOfTheWrongSignIsRejected() throws {
    // −7 / 2 claimed as −4 rem 1 (floor division): the remainder must have a's sign.
    var t = divideTables(divideOperations)
    let a = UInt32(bitPattern: -7), q = UInt32(bitPattern: -4)
    DivideChip.writeRow(
      &t.trace, row: 1, opcode: .div, a: a, b: 2, quotient: q, remainder: 1, zeroDivisor: false,
      overflow: false, divisor: 2)
    var m = t.messages
    m[1] = divideMessage(.div, a, 2, hi: 1, lo: q)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["|r| + gap + 1 = |d|: limb 3"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "divide"))
  }

  @Test func theSpecialCaseCannotBeClaimedForAnOrdinaryDivision() throws {
    // 7 / 2 claimed as "division by zero" (LO = 7, HI = 0).
    var t = divideTables(divideOperations)
    DivideChip.writeRow(
      &t.trace, row: 0, opcode: .div, a: 7, b: 2, quotient: 7, remainder: 0, zeroDivisor: true,
      overflow: false, divisor: 1)
    var m = t.messages
    m[0] = divideMessage(.div, 7, 2, hi: 0, lo: 7)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.violated == ["division by zero only when b = 0"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "divide"))
  }

  @Test func aDivuRowCannotDivideSigned() throws {
    // Row 7, divu 0xffffffff / 3 = 0x55555555, rewritten with DIV's sign-extended columns
    // (−1 / 3 = 0 rem −1) and relabelled DIVU: every constraint holds, but the sign lookup
    // (and, 0xff, 0, 0x80) is no byte-table row, so the byte bus rejects it.
    var t = divideTables(divideOperations)
    DivideChip.writeRow(
      &t.trace, row: 7, opcode: .div, a: 0xffff_ffff, b: 3, quotient: 0, remainder: 0xffff_ffff,
      zeroDivisor: false,
      overflow: false, divisor: 3)
    t.trace[7, DV.selectors.column(of: .div)] = .zero
    t.trace[7, DV.selectors.column(of: .divu)] = .one
    var m = t.messages
    m[7] = divideMessage(.divu, 0xffff_ffff, 3, hi: 0xffff_ffff, lo: 0)
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 2)
    #expect(t.violations.isEmpty)
    #expect(
      !t.busImbalances.isEmpty
        && t.busImbalances.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") })
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aSelectorOfTwoIsRejected() throws {
    var t = divideTables(divideOperations)
    t.trace[0, DV.selectors.column(of: .div)] = KoalaBear(2)
    t.rebalanceBytes()
    #expect(t.violated.contains("DIV selector is boolean"))
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func aCarryOutOfRangeIsRejected() throws {
    // Row 7 (0xffffffff / 3) product carry 0 rewritten as bytes (c + 256, −1).
    var t = divideTables(divideOperations)
    t.trace[7, DV.carryBytes] += KoalaBear(256)
    t.trace[7, DV.carryBytes + 1] -= .one
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  /// Tampers of the divide fixture, each breaking some constraint (for the deletion loop).
  static func tampers() -> [Tamper] {
    let s = DV.selectors
    let div = s.column(of: .div), divu = s.column(of: .divu)
    let inv256 = KoalaBear(256).inverse()!
    /// Row `row` rewritten from primary values, all auxiliary columns derived.
    func rewrite(
      _ row: Int, _ op: Opcode, _ a: UInt32, _ b: UInt32, q: UInt32, r: UInt32, zb: Bool = false,
      ov: Bool = false, d: UInt32
    ) -> (inout RowMajorMatrix) -> Void {
      { t in
        DivideChip.writeRow(
          &t, row: row, opcode: op, a: a, b: b, quotient: q, remainder: r, zeroDivisor: zb,
          overflow: ov, divisor: d)
      }
    }
    var all: [Tamper] = [
      (
        "DIV selector −1, DIVU 1 on padding",
        { t in
          t[12, div] = -KoalaBear.one; t[12, divu] = .one
        }
      ),
      (
        "DIVU selector −1, DIV 1 on padding",
        { t in
          t[12, divu] = -KoalaBear.one; t[12, div] = .one
        }
      ),
      ("both selectors on row 0", { t in t[0, divu] = .one }),
      (
        "special = 2 on padding",
        { t in
          t[12, DV.zeroDivisor] = KoalaBear(2); t[12, DV.divisor[0]] = KoalaBear(2);
          t[12, DV.absDivisor[0]] = KoalaBear(2)
        }
      ),
      ("7 / 2 as division by zero", rewrite(0, .div, 7, 2, q: 7, r: 0, zb: true, d: 1)),
      (
        "(INT_MIN + 5) / −1 as overflow",
        rewrite(4, .div, 0x8000_0005, 0xffff_ffff, q: 0x8000_0005, r: 0, ov: true, d: 1)
      ),
      (
        "0x7f000000 / −1 as overflow",
        rewrite(4, .div, 0x7f00_0000, 0xffff_ffff, q: 0x7f00_0000, r: 0, ov: true, d: 1)
      ),
      (
        "DIVU INT_MIN / 0xffffffff as overflow",
        rewrite(8, .divu, 0x8000_0000, 0xffff_ffff, q: 0x8000_0000, r: 0, ov: true, d: 1)
      ),
    ]
    for i in 0..<4 {
      // 7 / 2 computed with a divisor 2 + 256^i that is not b.
      let d = 2 + (UInt32(1) << (8 * UInt32(i)))
      all.append(("row 0 divides by \(d)", rewrite(0, .div, 7, 2, q: 7 / d, r: 7 % d, d: d)))
    }
    for k in 0..<8 {
      // Carry k of row 7 one higher, later carries absorbing it as field elements: only
      // limb k's equation breaks.
      all.append(
        (
          "row 7 product limb \(k) off",
          { t in
            var delta = KoalaBear.one
            for j in k..<8 {
              t[7, DV.carryBytes + 2 * j] += delta
              delta *= inv256
            }
          }
        ))
    }
    for i in 0..<4 {
      // Row 0 (a ≥ 0, d > 0) and rows 1, 2 (a < 0; d < 0): |r| or |d| limb i off, the gap
      // compensating so the comparison still holds.
      all.append(
        (
          "|r| ≠ r, limb \(i)",
          { t in
            t[0, DV.absRemainder[i]] += .one; t[0, DV.gap[i]] -= .one
          }
        ))
      all.append(
        (
          "|r| ≠ −r, limb \(i)",
          { t in
            t[1, DV.absRemainder[i]] += .one; t[1, DV.gap[i]] -= .one
          }
        ))
      all.append(
        ("|r| carry \(i) = 2 where unused", { t in t[0, DV.absRemainderCarry[i]] = KoalaBear(2) }))
      all.append(
        (
          "|d| ≠ d, limb \(i)",
          { t in
            t[0, DV.absDivisor[i]] += .one; t[0, DV.gap[i]] += .one
          }
        ))
      all.append(
        (
          "|d| ≠ −d, limb \(i)",
          { t in
            t[2, DV.absDivisor[i]] += .one; t[2, DV.gap[i]] += .one
          }
        ))
      all.append(
        ("|d| carry \(i) = 2 where unused", { t in t[0, DV.absDivisorCarry[i]] = KoalaBear(2) }))
      all.append(("gap limb \(i) + 1", { t in t[0, DV.gap[i]] += .one }))
    }
    for i in 0..<3 {
      all.append(
        (
          "gap carry \(i) + 2, compensated",
          { t in
            t[0, DV.gapCarry + i] += KoalaBear(2)
            t[0, DV.gap[i]] += KoalaBear(512)
            t[0, DV.gap[i + 1]] -= KoalaBear(2)
          }
        ))
    }
    return all
  }

  @Test func everyDivideConstraintIsNeeded() {
    ConstraintDeletionTests().checkEveryConstraintIsNeeded(
      DivideChip(), honest: divideTables(divideOperations).trace, tampers: Self.tampers())
  }
}
