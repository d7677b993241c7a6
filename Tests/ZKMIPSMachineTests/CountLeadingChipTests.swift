import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// MIPS semantics of CLZ/CLO, written independently of the chip (bit by bit from the top).
func countLeadingReference(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
  precondition(op == .clz || op == .clo, "not CLZ/CLO: \(op)")
  let wanted: UInt32 = op == .clz ? 0 : 1
  var n: UInt32 = 0
  while n < 32 && (a >> (31 - n)) & 1 == wanted { n += 1 }
  return n
}

/// CLZ/CLO of 0, −1, 1, 0x80000000 and more, and a loop.
let countLeadingProgram = """
    li    $t0, 0x80000000
    li    $t1, -1
    li    $t2, 1
    clz   $s0, $zero
    clo   $s1, $zero
    clz   $s2, $t1
    clo   $s3, $t1
    clz   $s4, $t2
    clo   $s5, $t2
    clz   $s6, $t0
    clo   $s7, $t0
    li    $t3, 0x00012345
    clz   $a0, $t3
    li    $t4, 0xfffe0000
    clo   $a1, $t4
    clz   $zero, $t3
    li    $t5, 0x7fffffff
    li    $t6, 33
  1:
    clz   $a2, $t5
    clo   $a3, $t5
    clz   $v0, $t1
    clo   $v1, $t1
    srl   $t5, $t5, 1
    sll   $t1, $t1, 1
    addiu $t6, $t6, -1
    bnez  $t6, 1b
    nop
  """

/// Operations the adversarial tests start from: 0 CLZ 1 (31), 1 CLO −1 (32), 2 CLZ 0 (32),
/// 3 CLO 0xfffe0000 (15), 4 CLZ 0x00012345 (15).
let countLeadingOperations: [ALUOperation] = [
  ALUOperation(.clz, 1, 0), ALUOperation(.clo, 0xffff_ffff, 0), ALUOperation(.clz, 0, 0),
  ALUOperation(.clo, 0xfffe_0000, 0), ALUOperation(.clz, 0x0001_2345, 0),
]

typealias CLC = CountLeadingChip.Columns

func honestCountLeadingTables() -> SingleChipTables<CountLeadingChip> {
  SingleChipTables(
    CountLeadingChip(), countLeadingOperations, reference: countLeadingReference, minimumHeight: 16)
}

/// Tampers of the count-leading trace, each breaking some constraint.
func countLeadingTampers() -> [Tamper] {
  let s = CLC.selectors
  let pad = 12
  var all: [Tamper] = []
  // Selector −1 beside the other set: sum 0; a chosen so x = 0 (CLO weight −1 or 1).
  all.append(
    (
      "CLZ selector −1",
      { t in
        t[pad, s.column(of: .clz)] = -KoalaBear.one
        t[pad, s.column(of: .clo)] = .one
        for i in 0..<4 { t[pad, CLC.a[i]] = KoalaBear(255) }
      }
    ))
  all.append(
    (
      "CLO selector −1",
      { t in
        t[pad, s.column(of: .clz)] = .one
        t[pad, s.column(of: .clo)] = -KoalaBear.one
        for i in 0..<4 { t[pad, CLC.a[i]] = KoalaBear(85) }
      }
    ))
  all.append(
    (
      "two selectors on one row",
      { t in
        t[pad, s.column(of: .clz)] = .one
        t[pad, s.column(of: .clo)] = .one
        for i in 0..<4 { t[pad, CLC.a[i]] = KoalaBear(255) }
        t[pad, CLC.c[0]] = KoalaBear(64)
      }
    ))
  for k in 0..<4 {
    let other = (k + 1) % 4
    all.append(
      (
        "leading \(k) = −1",
        { t in
          t[pad, CLC.leading[k]] = -KoalaBear.one
          t[pad, CLC.leading[other]] = .one
          t[pad, CLC.c[0]] = KoalaBear(8) * (KoalaBear(UInt32(k)) - KoalaBear(UInt32(other)))
        }
      ))
    all.append(("limb \(k) non-zero unmarked", { t in t[pad, CLC.a[k]] = .one }))
  }
  all.append(
    (
      "two marked limbs",
      { t in
        t[pad, CLC.leading[0]] = .one
        t[pad, CLC.leading[1]] = .one
        t[pad, CLC.c[0]] = -KoalaBear(24)
      }
    ))
  all.append(
    (
      "top off by one",
      { t in
        t[pad, CLC.top] = .one
        t[pad, CLC.scaled] = .one
      }
    ))
  for i in 0..<3 {
    // Count bit i = 2 with limb 0 marked (count 2·2^i + 24 − 32, 2^n following).
    all.append(
      (
        "count bit \(i) = 2",
        { t in
          t[pad, CLC.bits + i] = KoalaBear(2)
          t[pad, CLC.leading[0]] = .one
          t[pad, CLC.powMinusOne] = KoalaBear(UInt32([3, 7, 31][i] - 1))
          t[pad, CLC.c[0]] = KoalaBear(UInt32(2 << i) + 24) - KoalaBear(32)
        }
      ))
  }
  all.append(("2^n − 1 off by one", { t in t[pad, CLC.powMinusOne] = .one }))
  all.append(("scaled off by one", { t in t[pad, CLC.scaled] = .one }))
  all.append(
    (
      "a partial count without a mark",
      { t in
        t[pad, CLC.bits] = .one
        t[pad, CLC.powMinusOne] = .one
        t[pad, CLC.c[0]] = .one
      }
    ))
  all.append(("count off by one", { t in t[pad, CLC.c[0]] = .one }))
  for i in 1..<4 { all.append(("result limb \(i) set", { t in t[pad, CLC.c[i]] = .one })) }
  return all
}

@Suite("Count-leading chip")
struct CountLeadingChipTests {
  @Test func shapeDegreeAndPadding() {
    let analysis = AIRAnalysis(CountLeadingChip())
    #expect(analysis.maxDegree <= 3)
    #expect(Set(analysis.constraintNames).count == analysis.constraintCount)
    #expect(analysis.constraintCount == 23)
    for i in CountLeadingChip().interactions {
      #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty)
    }
    let zeros = RowMajorMatrix(zerosHeight: 4, width: CLC.width)
    #expect(ConstraintChecker.violations(of: CountLeadingChip(), trace: zeros).isEmpty)
  }

  @Test func everyCountMatchesTheReference() {
    // Every count 0 ... 32 for both opcodes, with varied low bits.
    var ops: [ALUOperation] = []
    for n in 0...32 {
      for low: UInt32 in [0, 1, 0x5a5a_5a5a, 0xffff_ffff] {
        let word: UInt32 =
          n == 32
          ? 0 : (UInt32(1) << (31 - UInt32(n))) | (low & ((UInt32(1) << (31 - UInt32(n))) - 1))
        ops.append(ALUOperation(.clz, word, low))
        ops.append(ALUOperation(.clo, ~word, 0))
      }
    }
    let t = SingleChipTables(CountLeadingChip(), ops, reference: countLeadingReference)
    #expect(Set(t.tuples.map(\.c)) == Set(0...32))
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let recorder = try recordedRun(countLeadingProgram)
    let events = recorder.alu[.countLeading, default: []]
    #expect(Set(events.map(\.opcode)) == Set(CountLeadingChip.opcodes))
    for e in events where recorder.steps[Int(e.cycle)].destination != 0 {
      #expect(e.result == countLeadingReference(e.opcode, e.a, e.b), "\(e)")
    }
    let t = SingleChipTables(
      CountLeadingChip(), events.map(ALUOperation.init), reference: countLeadingReference)
    let claims = Set(t.tuples.map { [$0.opcode == .clz ? 0 : 1, $0.a, $0.c] })
    for expected: [UInt32] in [
      [0, 0, 32], [1, 0, 0], [0, 0xffff_ffff, 0], [1, 0xffff_ffff, 32], [0, 1, 31], [1, 1, 0],
      [0, 0x8000_0000, 0], [1, 0x8000_0000, 1], [0, 0x0001_2345, 15], [1, 0xfffe_0000, 15],
    ] {
      #expect(claims.contains(expected), "\(expected)")
    }
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: 0..<5)
  func aWrongCountIsNamedAndRejected(row: Int) throws {
    var t = honestCountLeadingTables()
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    t.claimResultLimb(
      row: row, message: row, limb: 0, column: CLC.c[0], t.main[row, CLC.c[0]] + .one)
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["the count"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "count_leading"))
  }

  @Test func aLowerNormalisationIsRejected() throws {
    // CLZ 1 (31) claimed 30: n = 6 instead of 7, so scaled = 64, and (range, −64, −128) is
    // no table row, while every constraint holds.
    var t = honestCountLeadingTables()
    t.claimResultLimb(row: 0, message: 0, limb: 0, column: CLC.c[0], KoalaBear(30))
    for (i, v) in [0, 1, 1].enumerated() { t.main[0, CLC.bits + i] = KoalaBear(UInt32(v)) }
    t.main[0, CLC.powMinusOne] = KoalaBear(63)
    t.main[0, CLC.scaled] = KoalaBear(64)
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func markingAZeroLimbIsRejected() throws {
    // CLZ 0 (32) claimed 0 by marking limb 3 with top 0 and n = 0: scaled = 0 is below 128.
    var t = honestCountLeadingTables()
    t.claimResultLimb(row: 2, message: 2, limb: 0, column: CLC.c[0], .zero)
    t.main[2, CLC.leading[3]] = .one
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aSelectorOfTwoIsRejected() throws {
    var t = honestCountLeadingTables()
    t.main[0, CLC.selectors.column(of: .clz)] = KoalaBear(2)
    t.rebalanceBytes()
    #expect(t.violated.isSuperset(of: ["CLZ selector is boolean", "at most one opcode per row"]))
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func everyCountLeadingConstraintIsNeeded() {
    expectEveryConstraintIsNeeded(
      CountLeadingChip(), honest: honestCountLeadingTables().main, tampers: countLeadingTampers())
  }
}
