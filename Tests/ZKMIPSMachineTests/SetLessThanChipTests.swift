import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// MIPS semantics of SLT/SLTU/SLTI/SLTIU, written independently of the chip (by the
/// integers' values).
func setLessThanReference(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
  func signed(_ x: UInt32) -> Int64 { x >= 0x8000_0000 ? Int64(x) - (1 << 32) : Int64(x) }
  switch op {
  case .slt, .slti: return signed(a) < signed(b) ? 1 : 0
  case .sltu, .sltiu: return Int64(a) < Int64(b) ? 1 : 0
  default: fatalError("not a set-less-than: \(op)")
  }
}

/// SLT/SLTU with INT_MIN, INT_MAX, −1 and 0 in both orders, SLTI/SLTIU with negative
/// immediates, words differing only in one limb, and a loop.
let setLessThanProgram = """
    li    $t0, 0x80000000
    li    $t1, 0x7fffffff
    li    $t2, -1
    slt   $s0, $t0, $t1
    slt   $s1, $t1, $t0
    sltu  $s2, $t0, $t1
    sltu  $s3, $t1, $t0
    slt   $s4, $t2, $zero
    slt   $s5, $zero, $t2
    sltu  $s6, $t2, $zero
    sltu  $s7, $zero, $t2
    slt   $a0, $t2, $t2
    sltu  $a1, $t0, $t0
    slt   $a2, $t0, $t2
    sltu  $a3, $t2, $t0
    slti  $v0, $t2, 0
    slti  $v1, $t0, -32768
    slti  $t3, $t1, 32767
    sltiu $t4, $t2, -1
    sltiu $t5, $t1, -1
    sltiu $t6, $zero, -32768
    sltiu $t7, $t0, 1
    slt   $zero, $t0, $t1
    li    $t8, 0x12345678
    li    $t9, 0x12345679
    sltu  $s0, $t8, $t9
    slt   $s1, $t9, $t8
    li    $t9, 0x12355678
    sltu  $s2, $t9, $t8
    slt   $s3, $t8, $t9
    li    $t3, 0x9e3779b9
    li    $t4, 12
  1:
    slt   $s0, $t3, $t8
    sltu  $s1, $t3, $t8
    slti  $s2, $t3, -100
    sltiu $s3, $t3, 0x7fff
    addu  $t3, $t3, $t3
    xor   $t8, $t8, $t3
    addiu $t4, $t4, -1
    bnez  $t4, 1b
    nop
  """

/// Operations the adversarial tests start from: 0 SLT INT_MIN < INT_MAX (1), 1 SLTU
/// INT_MIN vs INT_MAX (0), 2 SLTI −1 < 0 (1), 3 SLTIU 0x12345678 vs 0x12345679 (1),
/// 4 SLT equal words (0).
let setLessThanOperations: [ALUOperation] = [
  ALUOperation(.slt, 0x8000_0000, 0x7fff_ffff), ALUOperation(.sltu, 0x8000_0000, 0x7fff_ffff),
  ALUOperation(.slti, 0xffff_ffff, 0), ALUOperation(.sltiu, 0x1234_5678, 0x1234_5679),
  ALUOperation(.slt, 0x55aa_55aa, 0x55aa_55aa),
]

typealias SLTC = SetLessThanChip.Columns

func honestSetLessThanTables() -> SingleChipTables<SetLessThanChip> {
  SingleChipTables(
    SetLessThanChip(), setLessThanOperations, reference: setLessThanReference, minimumHeight: 16)
}

/// Tampers of the set-less-than trace, each breaking some constraint.
func setLessThanTampers() -> [Tamper] {
  let s = SLTC.selectors
  let pad = 12
  var all: [Tamper] = []
  for k in 0..<4 {
    all.append(
      (
        "selector \(k) = −1 beside two set ones",
        { t in
          t[pad, s.first + k] = -KoalaBear.one
          t[pad, s.first + (k + 1) % 4] = .one
          t[pad, s.first + (k + 2) % 4] = .one
        }
      ))
    all.append(
      (
        "differs \(k) = −1",
        { t in
          t[pad, SLTC.differs[k]] = -KoalaBear.one
          t[pad, SLTC.differs[(k + 1) % 4]] = .one
        }
      ))
    // A limb of a' set on a padding row (a3' for limb 3), nothing marked.
    all.append(
      ("limb \(k) differs unmarked", { t in t[pad, k == 3 ? SLTC.flippedA3 : SLTC.a[k]] = .one }))
  }
  all.append(
    (
      "two selectors on one row",
      { t in
        t[pad, s.first] = .one
        t[pad, s.first + 1] = .one
      }
    ))
  all.append(
    (
      "two marked limbs",
      { t in
        t[pad, SLTC.differs[0]] = .one
        t[pad, SLTC.differs[1]] = .one
        t[pad, SLTC.gap] = -KoalaBear(2)
      }
    ))
  all.append(("gap off by one", { t in t[pad, SLTC.gap] = .one }))
  all.append(
    (
      "result 2 with a mark",
      { t in
        t[pad, SLTC.differs[0]] = .one
        t[pad, SLTC.c[0]] = KoalaBear(2)
        t[pad, SLTC.gap] = -KoalaBear.one
      }
    ))
  all.append(("equal words claimed less", { t in t[pad, SLTC.c[0]] = .one }))
  for i in 1..<4 { all.append(("result limb \(i) set", { t in t[pad, SLTC.c[i]] = .one })) }
  return all
}

@Suite("Set-less-than chip")
struct SetLessThanChipTests {
  @Test func shapeDegreeAndPadding() {
    let analysis = AIRAnalysis(SetLessThanChip())
    #expect(analysis.maxDegree <= 3)
    #expect(Set(analysis.constraintNames).count == analysis.constraintCount)
    #expect(analysis.constraintCount == 20)
    for i in SetLessThanChip().interactions {
      #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty)
    }
    let zeros = RowMajorMatrix(zerosHeight: 4, width: SLTC.width)
    #expect(ConstraintChecker.violations(of: SetLessThanChip(), trace: zeros).isEmpty)
  }

  @Test func edgeOperandsMatchTheReference() {
    let words: [UInt32] = [
      0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_ffff,
      0x1234_5678, 0x1234_5778,
    ]
    var ops: [ALUOperation] = []
    for op in SetLessThanChip.opcodes {
      for a in words { for b in words { ops.append(ALUOperation(op, a, b)) } }
    }
    let t = SingleChipTables(SetLessThanChip(), ops, reference: setLessThanReference)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let recorder = try recordedRun(setLessThanProgram)
    let events = recorder.alu[.setLessThan, default: []]
    #expect(Set(events.map(\.opcode)) == Set(SetLessThanChip.opcodes))
    for e in events where recorder.steps[Int(e.cycle)].destination != 0 {
      #expect(e.result == setLessThanReference(e.opcode, e.a, e.b), "\(e)")
    }
    let t = SingleChipTables(
      SetLessThanChip(), events.map(ALUOperation.init), reference: setLessThanReference)
    let tuples = Set(t.tuples)
    for expected in [
      ALUTuple(opcode: .slt, a: 0x8000_0000, b: 0x7fff_ffff, c: 1),
      ALUTuple(opcode: .slt, a: 0x7fff_ffff, b: 0x8000_0000, c: 0),
      ALUTuple(opcode: .sltu, a: 0x8000_0000, b: 0x7fff_ffff, c: 0),
      ALUTuple(opcode: .slt, a: 0xffff_ffff, b: 0, c: 1),
      ALUTuple(opcode: .sltu, a: 0, b: 0xffff_ffff, c: 1),
      ALUTuple(opcode: .slti, a: 0x8000_0000, b: 0xffff_8000, c: 1),
      ALUTuple(opcode: .sltiu, a: 0x7fff_ffff, b: 0xffff_ffff, c: 1),
      ALUTuple(opcode: .sltiu, a: 0xffff_ffff, b: 0xffff_ffff, c: 0),
    ] {
      #expect(tuples.contains(expected), "\(expected)")
    }
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: 0..<5)
  func aFlippedResultIsNamedAndRejected(row: Int) throws {
    // The row and the statement claim the opposite result.
    var t = honestSetLessThanTables()
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    t.claimResultLimb(
      row: row, message: row, limb: 0, column: SLTC.c[0],
      KoalaBear(1 - t.main[row, SLTC.c[0]].value))
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(
      t.violated == [
        row == 4 ? "equal words are not less" : "gap is the difference at the mark, less 1"
      ])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "set_less_than"))
    if row == 4 { return }
    // The gap recomputed for the false claim is negative: no byte.
    let d = t.main[row, SLTC.gap] + .one  // |difference| at the mark
    t.main[row, SLTC.gap] = -d - .one
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func unsignedOrderOnASignedRowIsRejected() throws {
    // SLT INT_MIN < INT_MAX claimed 0 by comparing unflipped top limbs (a3' = 0x80, b3' =
    // 0x7f): every constraint holds, but (xor, 0x80, 0x80, 0x80) is no table row.
    var t = honestSetLessThanTables()
    t.claimResultLimb(row: 0, message: 0, limb: 0, column: SLTC.c[0], .zero)
    t.main[0, SLTC.flippedA3] = KoalaBear(0x80)
    t.main[0, SLTC.flippedB3] = KoalaBear(0x7f)
    t.main[0, SLTC.gap] = .zero
    #expect(t.rebalanceBytes() == 2)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func markingALowerLimbIsRejected() throws {
    // SLTU 0x80000000 vs 0x7fffffff (0) claimed 1 by marking limb 0 (0x00 < 0xff).
    var t = honestSetLessThanTables()
    t.claimResultLimb(row: 1, message: 1, limb: 0, column: SLTC.c[0], .one)
    t.main[1, SLTC.differs[3]] = .zero
    t.main[1, SLTC.differs[0]] = .one
    t.main[1, SLTC.gap] = KoalaBear(0xff - 0 - 1)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(
      t.violated == [
        "limb 3 equal unless marked at or above", "limb 2 equal unless marked at or above",
        "limb 1 equal unless marked at or above",
      ])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "set_less_than"))
  }

  @Test func aSelectorOfTwoIsRejected() throws {
    var t = honestSetLessThanTables()
    t.main[3, SLTC.selectors.column(of: .sltiu)] = KoalaBear(2)
    t.rebalanceBytes()
    #expect(t.violated == ["SLTIU selector is boolean", "at most one opcode per row"])
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func everySetLessThanConstraintIsNeeded() {
    expectEveryConstraintIsNeeded(
      SetLessThanChip(), honest: honestSetLessThanTables().main, tampers: setLessThanTampers())
  }
}
