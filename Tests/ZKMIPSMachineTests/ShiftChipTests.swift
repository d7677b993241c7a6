import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// A MIPS snippet exercising every shift opcode: amounts 0, 1, 31, variable amounts ≥ 32,
/// negative values for SRA, and a loop over amounts 40 ... 1.
let shiftProgram = """
    li    $t0, 0x80000001
    li    $t1, 0x12345678
    li    $t3, -1
    sll   $s0, $t1, 0
    sll   $s1, $t1, 1
    sll   $s2, $t1, 31
    srl   $s3, $t0, 1
    srl   $s4, $t0, 31
    sra   $s5, $t0, 1
    sra   $s6, $t0, 31
    sra   $s7, $t1, 4
    sra   $a0, $t3, 0
    rotr  $a1, $t1, 4
    rotr  $a2, $t0, 0
    rotr  $a3, $t0, 31
    li    $t4, 33
    li    $t5, -32
    li    $t6, 255
    sllv  $v0, $t1, $t4
    srlv  $v1, $t0, $t4
    srav  $t7, $t0, $t5
    srav  $t8, $t0, $t6
    rotrv $t9, $t1, $t4
    rotrv $t9, $t1, $t6
    sllv  $zero, $t1, $t4
    sll   $t2, $t3, 8
    li    $t2, 40
  1:
    sllv  $s0, $t1, $t2
    srlv  $s1, $t0, $t2
    srav  $s2, $t0, $t2
    rotrv $s3, $t1, $t2
    sllv  $s4, $t0, $t2
    srav  $s5, $t1, $t2
    addiu $t2, $t2, -1
    bnez  $t2, 1b
    nop
  """

/// Operations the adversarial shift tests start from; row r is operation r.
/// 0 SLL by 12, 1 SRL by 9, 2 SRA (negative) by 17, 3 SRAV by 31, 4 ROTR by 12,
/// 5 ROTRV by 35 (= 3), 6 SLLV of 0, 7 SRLV of 0.
let shiftOperations: [ALUOperation] = [
  ALUOperation(.sll, 0x1234_5678, 12), ALUOperation(.srl, 0x8765_4321, 9),
  ALUOperation(.sra, 0x8765_4321, 17), ALUOperation(.srav, 0xf000_0001, 0xffff_ff9f),
  ALUOperation(.rotr, 0x1234_5678, 12), ALUOperation(.rotrv, 0xdead_beef, 35),
  ALUOperation(.sllv, 0, 13), ALUOperation(.srlv, 0, 13),
]

typealias SH = ShiftChip.Columns

func honestShiftTables() -> SingleChipTables<ShiftChip> {
  SingleChipTables(ShiftChip(), shiftOperations, reference: shiftReference, minimumHeight: 16)
}

/// Tampers of the shift trace of ``honestShiftTables()``, each breaking some constraint.
func shiftTampers() -> [Tamper] {
  let s = SH.selectors
  let pad = 12
  var all: [Tamper] = []
  for k in 0..<8 {
    // Selector k = −1 on a padding row with two others set (sum 1, one byte shift), the
    // partners chosen so the left-shift flag is 0 or 1 and one multiplier fits.
    let isLeft = k < 2
    let partners = isLeft ? [1 - k, 2] : Array((2..<8).filter { $0 != k }.prefix(2))
    all.append(
      (
        "selector \(k) = −1 beside two set ones",
        { t in
          t[pad, s.first + k] = -KoalaBear.one
          for p in partners { t[pad, s.first + p] = .one }
          t[pad, SH.byteShift[0]] = .one
          t[pad, SH.multiplier] = KoalaBear(256)
        }
      ))
  }
  all.append(
    (
      "two selectors on one row",
      { t in
        // SLL and SLLV with two byte shifts (J sum 2 = is_real), m = 2^0.
        t[pad, s.first] = .one
        t[pad, s.first + 1] = .one
        t[pad, SH.byteShift[0]] = .one
        t[pad, SH.byteShift[1]] = .one
        t[pad, SH.b[0]] = KoalaBear(8)
        t[pad, SH.multiplier] = .one
      }
    ))
  for i in 0..<3 {
    // Bit i = 2 on a padding row, b0 and 2^k − 1 following (m and a are free/zero there).
    all.append(
      (
        "amount bit \(i) = 2",
        { t in
          t[pad, SH.bits + i] = KoalaBear(2)
          t[pad, SH.b[0]] = KoalaBear(UInt32(2 << i))
          t[pad, SH.powMinusOne] = KoalaBear(UInt32([3, 7, 31][i] - 1))
        }
      ))
  }
  for j in 0..<4 {
    all.append(
      (
        "byte shift \(j) = −1",
        { t in
          t[pad, SH.byteShift[j]] = -KoalaBear.one
          t[pad, SH.byteShift[(j + 1) % 4]] = .one
          t[pad, SH.b[0]] = KoalaBear(8) * (KoalaBear(UInt32((j + 1) % 4)) - KoalaBear(UInt32(j)))
        }
      ))
  }
  all.append(("a byte shift on a padding row", { t in t[pad, SH.byteShift[0]] = .one }))
  all.append(("b0 off by one", { t in t[pad, SH.b[0]] = .one }))
  all.append(("2^k − 1 off by one", { t in t[pad, SH.powMinusOne] = .one }))
  all.append(("SLLV of 0 with m + 1", { t in t[6, SH.multiplier] += .one }))
  all.append(("SRLV of 0 with m + 1", { t in t[7, SH.multiplier] += .one }))
  for i in 0..<4 {
    all.append(("low byte \(i) + 1 on a padding row", { t in t[pad, SH.low[i]] = .one }))
    all.append(("SLL result limb \(i) + 1", { t in t[0, SH.c[i]] += .one }))
    all.append(("SRA result limb \(i) + 1", { t in t[2, SH.c[i]] += .one }))
    all.append(("ROTR result limb \(i) + 1", { t in t[4, SH.c[i]] += .one }))
  }
  all.append(("fill on a padding row", { t in t[pad, SH.fill] = .one }))
  return all
}

@Suite("Shift chip")
struct ShiftChipTests {
  @Test func shapeDegreeAndPadding() {
    let analysis = AIRAnalysis(ShiftChip())
    #expect(analysis.maxDegree <= 3)
    #expect(Set(analysis.constraintNames).count == analysis.constraintCount)
    #expect(analysis.constraintCount == 38)
    for i in ShiftChip().interactions {
      #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty)
    }
    #expect(
      ConstraintChecker.violations(
        of: ShiftChip(), trace: RowMajorMatrix(zerosHeight: 4, width: SH.width)
      ).isEmpty)
  }

  @Test func everyAmountAndOpcodeMatchesTheReference() {
    // All 8 opcodes × amounts 0...40 (and one with high bits set) on a few words.
    var ops: [ALUOperation] = []
    for op in ShiftChip.opcodes {
      for a: UInt32 in [0x8000_0001, 0x1234_5678, 0xffff_ffff, 0x7fff_ffff] {
        for amount: UInt32 in Array(0...40) + [0xffff_ffe3] {
          ops.append(ALUOperation(op, a, amount))
        }
      }
    }
    let t = SingleChipTables(ShiftChip(), ops, reference: shiftReference)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let recorder = try recordedRun(shiftProgram)
    let events = recorder.alu[.shift, default: []]
    #expect(Set(events.map(\.opcode)) == Set(ShiftChip.opcodes))
    for e in events where recorder.steps[Int(e.cycle)].destination != 0 {
      #expect(e.result == shiftReference(e.opcode, e.a, e.b), "\(e)")
    }
    let ops = events.map(ALUOperation.init)
    let t = SingleChipTables(ShiftChip(), ops, reference: shiftReference)
    let tuples = Set(t.tuples)
    for expected in [
      ALUTuple(opcode: .sra, a: 0x8000_0001, b: 31, c: 0xffff_ffff),
      ALUTuple(opcode: .sra, a: 0x8000_0001, b: 1, c: 0xc000_0000),
      ALUTuple(opcode: .srlv, a: 0x8000_0001, b: 33, c: 0x4000_0000),
      ALUTuple(opcode: .srav, a: 0x8000_0001, b: 0xffff_ffe0, c: 0x8000_0001),
      ALUTuple(opcode: .rotr, a: 0x8000_0001, b: 31, c: 0x0000_0003),
      ALUTuple(opcode: .rotrv, a: 0x1234_5678, b: 255, c: 0x2468_acf0),
      ALUTuple(opcode: .sll, a: 0x1234_5678, b: 31, c: 0),
      ALUTuple(opcode: .sllv, a: 0x1234_5678, b: 33, c: 0x2468_acf0),
    ] {
      #expect(tuples.contains(expected), "\(expected)")
    }
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: [0, 2, 4], 0..<4)
  func aWrongResultLimbIsNamedAndRejected(row: Int, limb: Int) throws {
    var t = honestShiftTables()
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    t.main[row, SH.c[limb]] += .one
    t.rebalanceBytes()
    let group = row == 0 ? "left shift" : row == 2 ? "right shift" : "rotation"
    #expect(t.violated == ["\(group): limb \(limb)"])
    #expect(t.busImbalances.contains { $0.hasPrefix("bus \(MachineBus.alu):") })
    // The statement claims the same wrong result: only the constraint stands in the way.
    var m = t.messages
    m[row][messageC(limb)] += .one
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    if limb == 0 && row == 0 {
      #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "shift"))
    }
  }

  @Test func sraClaimingTheLogicalShiftIsRejected() throws {
    // SRA 0x87654321 >> 17 claimed as the SRL result, with fill 0: the constraints hold,
    // but (and, 0x87, 0x80, 0) is no row of the byte table.
    var t = honestShiftTables()
    let logical = UInt32(0x8765_4321) >> 17
    for (i, v) in limbs(logical).enumerated() {
      t.claimResultLimb(row: 2, message: 2, limb: i, column: SH.c[i], v)
    }
    t.main[2, SH.fill] = .zero
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aShiftAmountAbove31IsRejected() throws {
    // SLL by 12 claimed with amountHigh = 8 and b0 = 12 + 256 (so the decomposition holds
    // in the field): (range, 8, 256) is no table row, and b0 is no byte.
    var t = honestShiftTables()
    var m = t.messages
    m[0][messageB(0)] = KoalaBear(12 + 256)
    t.setStatement(m)
    t.main[0, SH.b[0]] = KoalaBear(12 + 256)
    t.main[0, SH.amountHigh] = KoalaBear(8)
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aSelectorOfTwoIsRejected() throws {
    var t = honestShiftTables()
    t.main[1, SH.selectors.column(of: .srl)] = KoalaBear(2)
    t.rebalanceBytes()
    #expect(t.violated.isSuperset(of: ["SRL selector is boolean", "at most one opcode per row"]))
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func aPaddingRowThatReceivesIsRejected() throws {
    // A padding row made a valid SLL 0 << 0 = 0: every constraint holds, but it receives
    // a message nobody sent.
    var t = honestShiftTables()
    t.main[12, SH.selectors.column(of: .sll)] = .one
    t.main[12, SH.byteShift[0]] = .one
    t.main[12, SH.multiplier] = .one
    t.rebalanceBytes()
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.alu):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func everyShiftConstraintIsNeeded() {
    expectEveryConstraintIsNeeded(
      ShiftChip(), honest: honestShiftTables().main, tampers: shiftTampers())
  }
}
