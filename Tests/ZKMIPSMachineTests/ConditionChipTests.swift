import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSTestSupport

/// MIPS semantics of the conditional branches (taken) and traps (fires), written
/// independently of the chip (by the integers' values); the compare-with-zero branches
/// ignore b.
func conditionReference(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
  func signed(_ x: UInt32) -> Int64 { x >= 0x8000_0000 ? Int64(x) - (1 << 32) : Int64(x) }
  let sa = signed(a), sb = signed(b), ua = Int64(a), ub = Int64(b)
  let holds: Bool
  switch op {
  case .beq, .beql, .teq, .teqi: holds = ua == ub
  case .bne, .bnel, .tne, .tnei: holds = ua != ub
  case .blez, .blezl: holds = sa <= 0
  case .bgtz, .bgtzl: holds = sa > 0
  case .bltz, .bltzl, .bltzal, .bltzall: holds = sa < 0
  case .bgez, .bgezl, .bgezal, .bgezall: holds = sa >= 0
  case .tge, .tgei: holds = sa >= sb
  case .tlt, .tlti: holds = sa < sb
  case .tgeu, .tgeiu: holds = ua >= ub
  case .tltu, .tltiu: holds = ua < ub
  default: fatalError("not a conditional branch or trap: \(op)")
  }
  return holds ? 1 : 0
}

/// The branches whose tuple has b = 0 (their rt field is a sub-opcode, or must be 0).
let testZeroOperandBranches: Set<Opcode> = [
  .blez, .bgtz, .blezl, .bgtzl, .bltz, .bgez, .bltzal, .bgezal, .bltzl, .bgezl, .bltzall,
  .bgezall,
]
/// The traps comparing with the sign-extended immediate.
let testImmediateTraps: Set<Opcode> = [.teqi, .tnei, .tgei, .tgeiu, .tlti, .tltiu]

/// The chip operation of an executed step, built from the step itself: a = rs's value;
/// b = 0, the decoded immediate, or rt's value by form. Nil for other instructions.
func conditionOperation(_ s: StepRecord) -> ALUOperation? {
  let op = s.opcode
  guard ConditionChip.opcodes.contains(op) else { return nil }
  let b =
    testZeroOperandBranches.contains(op)
    ? 0
    : testImmediateTraps.contains(op)
      ? ProgramTableChip.immediate(s.instruction, op, pc: s.pc) : s.rtValue
  return ALUOperation(op, s.rsValue, b)
}

/// Every conditional branch taken and not taken (on −1, 0, 1, INT_MIN, INT_MAX and words
/// differing in one limb), the likely forms with their nullified delay slots, every trap
/// not firing, then a TLTIU that fires and ends the run. `$at` holds 77 so that the REGIMM
/// branches whose rt field names it (BGEZ) read a non-zero rt.
let conditionProgram = """
    .macro br2 op, r1, r2
      \\op \\r1, \\r2, 1f
      addiu $v0, $v0, 1
      addiu $v1, $v1, 1
    1:
    .endm
    .macro br1 op, r1
      \\op \\r1, 1f
      addiu $v0, $v0, 1
      addiu $v1, $v1, 1
    1:
    .endm
    .set noat
    li    $1, 77
    .set at
    li    $t0, -1
    li    $t1, 0
    li    $t2, 1
    li    $t3, 0x80000000
    li    $t4, 0x7fffffff
    li    $t5, 0x12345678
    li    $t6, 0x12345679
    li    $t7, 0x12355678
    br2   beq, $t5, $t5
    br2   beq, $t5, $t6
    br2   beq, $t5, $t7
    br2   bne, $t5, $t6
    br2   bne, $t0, $t0
    br2   beql, $t3, $t3
    br2   beql, $t3, $t4
    br2   bnel, $t1, $t2
    br2   bnel, $zero, $t1
    br1   blez, $t0
    br1   blez, $t1
    br1   blez, $t2
    br1   blez, $t3
    br1   blez, $t4
    br1   bgtz, $t0
    br1   bgtz, $t1
    br1   bgtz, $t2
    br1   bgtz, $t4
    br1   bltz, $t3
    br1   bltz, $t1
    br1   bltz, $t4
    br1   bgez, $t1
    br1   bgez, $t0
    br1   bgez, $t4
    br1   bltzal, $t0
    br1   bltzal, $t2
    br1   bgezal, $t2
    br1   bgezal, $t3
    br1   blezl, $t1
    br1   blezl, $t2
    br1   bgtzl, $t4
    br1   bgtzl, $t3
    br1   bltzl, $t3
    br1   bltzl, $t1
    br1   bgezl, $t1
    br1   bgezl, $t0
    br1   bltzall, $t0
    br1   bltzall, $t4
    br1   bgezall, $t4
    br1   bgezall, $t3
    teq   $t5, $t6
    tne   $t5, $t5
    tge   $t0, $t2
    tgeu  $t2, $t0
    tlt   $t2, $t0
    tltu  $t0, $t2
    teqi  $t0, 5
    tnei  $t0, -1
    tgei  $t3, 0
    tgeiu $t2, -1
    tgeiu $t4, -32768
    tlti  $t4, 5
    tltiu $t0, -2
    tltiu $t2, 0
    tltiu $t2, -1
  """

/// Operations the adversarial tests start from (the condition in brackets): 0 BEQ 5 = 5 (1),
/// 1 BNE 0x12345678 vs 0x12345679 (1), 2 BLTZ −1 (1), 3 BGEZ INT_MAX (1), 4 BLEZ 0 (1),
/// 5 BGTZ INT_MIN (0), 6 TGEU 0xffffffff ≥ 1 (1), 7 TLTI INT_MIN < −32768 (1), 8 TLTIU
/// 5 < 0xffffffff (1), 9 TEQ 1 = 2 (0); rows 10...15 are padding.
let conditionOperations: [ALUOperation] = [
  ALUOperation(.beq, 5, 5), ALUOperation(.bne, 0x1234_5678, 0x1234_5679),
  ALUOperation(.bltz, 0xffff_ffff, 0), ALUOperation(.bgez, 0x7fff_ffff, 0),
  ALUOperation(.blez, 0, 0), ALUOperation(.bgtz, 0x8000_0000, 0),
  ALUOperation(.tgeu, 0xffff_ffff, 1), ALUOperation(.tlti, 0x8000_0000, 0xffff_8000),
  ALUOperation(.tltiu, 5, 0xffff_ffff), ALUOperation(.teq, 1, 2),
]

typealias CDC = ConditionChip.Columns

func honestConditionTables() -> SingleChipTables<ConditionChip> {
  SingleChipTables(
    ConditionChip(), conditionOperations, reference: conditionReference, minimumHeight: 16)
}

/// Tampers of the condition trace, each breaking some constraint.
func conditionTampers() -> [Tamper] {
  let s = CDC.selectors
  let n = ConditionChip.opcodes.count
  let pad = 12
  var all: [Tamper] = []
  for k in 0..<n {
    // Selector k = −1 beside two set ones on a padding row (a = b = 0): the sum is 1, and
    // c0 is set to what the selectors then call for (Σ selector · condition on 0, 0).
    all.append(
      (
        "selector \(k) = −1 beside two set ones",
        { t in
          let weights: [(Int, KoalaBear)] = [(k, -.one), ((k + 1) % n, .one), ((k + 2) % n, .one)]
          var c0 = KoalaBear.zero
          for (j, w) in weights {
            t[pad, s.first + j] = w
            c0 += w * KoalaBear(conditionReference(ConditionChip.opcodes[j], 0, 0))
          }
          t[pad, CDC.c[0]] = c0
        }
      ))
  }
  all.append(
    (
      "two selectors on one row (BNE and TNE on 0, 0)",
      { t in
        t[pad, s.column(of: .bne)] = .one
        t[pad, s.column(of: .tne)] = .one
      }
    ))
  // Row 2 is BLTZ −1: b0 = 1 leaves a' (0x7fffffff) below b' (0x80000001) at the same mark.
  all.append(("compare-with-zero row with b0 = 1", { t in t[2, CDC.b[0]] = .one }))
  for k in 0..<4 {
    all.append(
      (
        "differs \(k) = −1",
        { t in
          t[pad, CDC.differs[k]] = -KoalaBear.one
          t[pad, CDC.differs[(k + 1) % 4]] = .one
        }
      ))
    // A limb of a' set on a padding row (a3' for limb 3), nothing marked.
    all.append(
      ("limb \(k) differs unmarked", { t in t[pad, k == 3 ? CDC.flippedA3 : CDC.a[k]] = .one }))
  }
  all.append(
    (
      "two marked limbs",
      { t in
        t[pad, CDC.differs[0]] = .one
        t[pad, CDC.differs[1]] = .one
        t[pad, CDC.gap] = -KoalaBear(2)
      }
    ))
  all.append(("gap off by one", { t in t[pad, CDC.gap] = .one }))
  all.append(
    (
      "less = 2 with a mark",
      { t in
        t[pad, CDC.differs[0]] = .one
        t[pad, CDC.less] = KoalaBear(2)
        t[pad, CDC.gap] = -KoalaBear.one
      }
    ))
  all.append(("equal words claimed less", { t in t[pad, CDC.less] = .one }))
  all.append(("condition set on padding", { t in t[pad, CDC.c[0]] = .one }))
  for i in 1..<4 { all.append(("result limb \(i) set", { t in t[pad, CDC.c[i]] = .one })) }
  return all
}

@Suite("Condition chip")
struct ConditionChipTests {
  @Test func shapeDegreeAndPadding() {
    let analysis = AIRAnalysis(ConditionChip())
    #expect(analysis.maxDegree <= 3)
    #expect(Set(analysis.constraintNames).count == analysis.constraintCount)
    #expect(analysis.constraintCount == 46)
    #expect(CDC.width == 48)
    for i in ConditionChip().interactions {
      #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty)
    }
    let zeros = RowMajorMatrix(zerosHeight: 4, width: CDC.width)
    #expect(ConstraintChecker.violations(of: ConditionChip(), trace: zeros).isEmpty)
  }

  static let edgeWords: [UInt32] = [
    0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff_8000, 0x7fff_ffff, 0x8000_0000,
    0x8000_0001, 0xffff_fffe, 0xffff_ffff, 0x1234_5678, 0x1234_5778, 0x1334_5678,
  ]

  @Test func theChipsConditionMatchesTheReference() {
    var rng = SplitMix64(seed: 0xc0d1)
    var pairs: [(UInt32, UInt32)] = []
    for a in Self.edgeWords { for b in Self.edgeWords { pairs.append((a, b)) } }
    for _ in 0..<2000 {
      let a = UInt32(truncatingIfNeeded: rng.next()), b = UInt32(truncatingIfNeeded: rng.next())
      // Often equal in the upper limbs, so lower limbs decide.
      pairs.append((a, b))
      pairs.append((a, (a & 0xffff_ff00) | (b & 0xff)))
    }
    var mismatches: [String] = []
    for op in ConditionChip.opcodes {
      for (a, b) in pairs
      where ConditionChip.condition(op, a, b) != (conditionReference(op, a, b) == 1) {
        mismatches.append("\(op)(\(hexString(a)), \(hexString(b)))")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }

  @Test func edgeOperandsSatisfyTheChip() {
    var ops: [ALUOperation] = []
    for op in ConditionChip.opcodes {
      for a in Self.edgeWords {
        if testZeroOperandBranches.contains(op) {
          ops.append(ALUOperation(op, a, 0))
        } else {
          for b in Self.edgeWords { ops.append(ALUOperation(op, a, b)) }
        }
      }
    }
    let t = SingleChipTables(ConditionChip(), ops, reference: conditionReference)
    #expect(Set(t.tuples.map(\.c)) == [0, 1])
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
  }

  @Test func aRealRunProvesAndVerifies() throws {
    // The run ends in the final TLTIU's trap: that step is not recorded, so its operation
    // is rebuilt from the fault and the registers it read.
    let path = try TestSupport.assembleFile(TestSupport.program(conditionProgram))
    let machine = Machine(program: try TestSupport.loadELF(path))
    var recorder = TraceRecorder()
    let status = machine.run(maxCycles: 100_000, recorder: &recorder)
    guard case .fault(let fault) = status, fault.kind == .trap else {
      Issue.record("run ended with \(status)")
      return
    }
    let w = fault.instruction
    #expect(Opcode.decode(w) == .tltiu)
    let fired = ALUOperation(
      .tltiu, machine.register(Int((w >> 21) & 31)),
      ProgramTableChip.immediate(w, .tltiu, pc: fault.pc))
    #expect(conditionReference(fired.opcode, fired.a, fired.b) == 1)

    // Operations from the steps, checked against the executor's own decisions: a branch
    // was taken iff control went to its target (never pc + 8 here, so the two differ), and
    // no recorded trap fired.
    var ops: [ALUOperation] = []
    for s in recorder.steps {
      guard let op = conditionOperation(s) else { continue }
      ops.append(op)
      let cond = conditionReference(op.opcode, op.a, op.b)
      if op.opcode.chip == .branch {
        // The program table holds a branch's absolute target.
        let target = ProgramTableChip.immediate(s.instruction, op.opcode, pc: s.pc)
        #expect(target != s.pc &+ 8)
        let taken = s.newPC == s.nextPC && s.newNextPC == target
        #expect((cond == 1) == taken, "\(op.opcode) at \(hexString(s.pc))")
      } else {
        #expect(cond == 0, "\(op.opcode) at \(hexString(s.pc))")
      }
    }
    #expect(Set(ops.map(\.opcode)) == Set(ConditionChip.opcodes))
    // The events agree: branch events carry rt's value even for REGIMM branches (BGEZ reads
    // $at = 77 here), which the chip's `operation` replaces by 0.
    let branchOps = ops.filter { $0.opcode.chip == .branch }
    #expect(recorder.branches.map(ConditionChip.operation) == branchOps)
    #expect(recorder.branches.contains { $0.opcode == .bgez && $0.b == 77 })
    #expect(
      recorder.branches.map(\.taken)
        == branchOps.map { conditionReference($0.opcode, $0.a, $0.b) == 1 }
    )
    let trapEvents = recorder.alu[.trap, default: []].map(ALUOperation.init)
    #expect(trapEvents == ops.filter { $0.opcode.chip == .trap })

    let t = SingleChipTables(ConditionChip(), ops + [fired], reference: conditionReference)
    let tuples = Set(t.tuples)
    for expected in [
      ALUTuple(opcode: .beq, a: 0x1234_5678, b: 0x1234_5678, c: 1),
      ALUTuple(opcode: .beq, a: 0x1234_5678, b: 0x1235_5678, c: 0),
      ALUTuple(opcode: .blez, a: 0x8000_0000, b: 0, c: 1),
      ALUTuple(opcode: .bgtz, a: 0x7fff_ffff, b: 0, c: 1),
      ALUTuple(opcode: .bgezall, a: 0x8000_0000, b: 0, c: 0),
      ALUTuple(opcode: .tgeiu, a: 0x7fff_ffff, b: 0xffff_8000, c: 0),
      ALUTuple(opcode: .tltiu, a: 1, b: 0xffff_ffff, c: 1),
    ] {
      #expect(tuples.contains(expected), "\(expected)")
    }
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: [0, 2, 5, 7, 9])
  func aFlippedConditionIsNamedAndRejected(row: Int) throws {
    // The row and the statement both claim the opposite condition.
    var t = honestConditionTables()
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    t.claimResultLimb(
      row: row, message: row, limb: 0, column: CDC.c[0],
      KoalaBear(1 - t.main[row, CDC.c[0]].value))
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["the condition"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "condition"))
  }

  @Test func aWrongStatementIsRejected() throws {
    // The chip is honest, the sender claims TEQ 1 = 2 traps: the ALU bus does not balance.
    var t = honestConditionTables()
    var m = t.messages
    m[9][messageC(0)] = .one
    t.setStatement(m)
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.alu):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aReversedOrderIsRejected() throws {
    // TLTI INT_MIN < −32768 (fires) claimed not to, consistently: less = 0 and the gap
    // recomputed for it, −(0x7f − 0x00) − 1, which is no byte.
    var t = honestConditionTables()
    t.claimResultLimb(row: 7, message: 7, limb: 0, column: CDC.c[0], .zero)
    t.main[7, CDC.less] = .zero
    t.main[7, CDC.gap] = -KoalaBear(0x7f) - .one
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func equalWordsCannotBeMarkedDifferent() throws {
    // BEQ 5 = 5 claimed not taken by marking limb 0, where the limbs agree: the gap would
    // have to be −1, which is no byte.
    var t = honestConditionTables()
    t.claimResultLimb(row: 0, message: 0, limb: 0, column: CDC.c[0], .zero)
    t.main[0, CDC.differs[0]] = .one
    t.main[0, CDC.gap] = -KoalaBear.one
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func differentWordsCannotBeLeftUnmarked() throws {
    // TEQ 1 = 2 claimed to fire by clearing the mark: limb 0 then has to be equal.
    var t = honestConditionTables()
    t.claimResultLimb(row: 9, message: 9, limb: 0, column: CDC.c[0], .one)
    t.main[9, CDC.differs[0]] = .zero
    t.main[9, CDC.less] = .zero
    t.main[9, CDC.gap] = .zero
    t.rebalanceBytes()
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["limb 0 equal unless marked at or above"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "condition"))
  }

  @Test func aCompareWithZeroRowCannotTakeAnotherB() throws {
    // BGEZ INT_MAX proven as "INT_MAX ≥ 0xff000000" instead (still taken): b must be 0.
    var t = honestConditionTables()
    var m = t.messages
    m[3][messageB(3)] = KoalaBear(0xff)
    t.setStatement(m)
    t.main[3, CDC.b[3]] = KoalaBear(0xff)
    t.main[3, CDC.flippedB3] = KoalaBear(0x7f)
    t.main[3, CDC.gap] = KoalaBear(0xff - 0x7f - 1)
    #expect(t.rebalanceBytes() == 0)
    #expect(t.busImbalances.isEmpty)
    #expect(t.violated == ["b is 0 on compare-with-zero rows"])
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "condition"))
  }

  @Test(arguments: [KoalaBear(2), -KoalaBear.one])
  func aSelectorOfTwoOrMinusOneIsRejected(value: KoalaBear) throws {
    // Row 8 (TLTIU) with its selector doubled or negated: the receive counts 2 or −1 times.
    var t = honestConditionTables()
    t.main[8, CDC.selectors.column(of: .tltiu)] = value
    t.rebalanceBytes()
    #expect(t.violated.contains("TLTIU selector is boolean"))
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func aPaddingRowThatReceivesIsRejected() throws {
    // An all-zero row is a valid BNE 0 ≠ 0 (not taken): switched on, it satisfies every
    // constraint but receives a message nobody sent.
    var t = honestConditionTables()
    t.main[12, CDC.selectors.column(of: .bne)] = .one
    #expect(t.rebalanceBytes() == 0)
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.alu):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func anOperandLimbOutOfRangeIsRejected() throws {
    // TLTU 256 < 255 (false) claimed true with b = 255 written as limbs (−257, 2, 0, 0),
    // the same packed word: limb 1 then decides (1 < 2) and every constraint holds, but
    // (range, 0, −257) is no row of the byte table.
    var ops = conditionOperations
    ops[9] = ALUOperation(.tltu, 0x100, 0xff)
    var t = SingleChipTables(
      ConditionChip(), ops, reference: conditionReference, minimumHeight: 16)
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    var m = t.messages
    for (limb, v) in [(0, -KoalaBear(257)), (1, KoalaBear(2))] {
      t.main[9, CDC.b[limb]] = v
      m[9][messageB(limb)] = v
    }
    m[9][messageC(0)] = .one
    t.setStatement(m)
    t.main[9, CDC.c[0]] = .one
    t.main[9, CDC.differs[0]] = .zero
    t.main[9, CDC.differs[1]] = .one
    t.main[9, CDC.less] = .one
    t.main[9, CDC.gap] = .zero
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violations.isEmpty)
    #expect(t.onlyByteBusImbalanced)
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func everyConditionConstraintIsNeeded() {
    expectEveryConstraintIsNeeded(
      ConditionChip(), honest: honestConditionTables().main, tampers: conditionTampers())
  }
}
