import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSTestSupport

/// MIPS semantics of EXT, INS, SEB, SEH, WSBH, MOVN and MOVZ, written independently of the
/// chip (bit by bit and by the integers' values). d is lsb + 256·(msbd or msb) for EXT/INS.
func miscReference(_ op: Opcode, s: UInt32, t: UInt32, d: UInt32) -> UInt32 {
  func bit(_ x: UInt32, _ i: Int) -> UInt32 { (x >> UInt32(i)) & 1 }
  func word(_ digit: (Int) -> UInt32) -> UInt32 {
    (0..<32).reduce(0) { $0 + (digit($1) << UInt32($1)) }
  }
  let lsb = Int(d % 256), high = Int(d / 256)
  let t0 = t % 256, t1 = (t / 256) % 256, t2 = (t / 65536) % 256, t3 = t / 16_777_216
  switch op {
  case .ext:
    precondition(lsb + high <= 31, "EXT field past bit 31")
    return word { $0 <= high ? bit(s, $0 + lsb) : 0 }
  case .ins:
    precondition(lsb <= high && high <= 31, "INS with msb < lsb")
    return word { lsb <= $0 && $0 <= high ? bit(s, $0 - lsb) : bit(t, $0) }
  case .seb: return t0 >= 128 ? 0xffff_ff00 + t0 : t0
  case .seh: return t % 65536 >= 32768 ? 0xffff_0000 + t % 65536 : t % 65536
  case .wsbh: return t1 + t0 * 256 + t3 * 65536 + t2 * 16_777_216
  case .movn: return t != 0 ? s : d
  case .movz: return t == 0 ? s : d
  default: fatalError("not a misc instruction: \(op)")
  }
}

/// The ALU-bus message of `op` with the reference result (the statement).
func miscMessage(_ op: MiscOperation) -> [KoalaBear] {
  [KoalaBear(UInt32(op.opcode.rawValue))] + limbs(op.s) + limbs(op.t) + limbs(op.d)
    + limbs(miscReference(op.opcode, s: op.s, t: op.t, d: op.d))
}

/// EXT/INS's d: lsb and the field's top (msbd for EXT, msb for INS).
func miscField(_ lsb: UInt32, _ top: UInt32) -> UInt32 { lsb | top << 8 }

/// Honest misc tables (sender, chip, byte table) for `operations`.
func miscTables(_ operations: [MiscOperation], minimumHeight: Int = 8) -> WideTables<MiscChip> {
  var lookups = ByteLookups()
  let trace = MiscChip().generateTrace(
    operations, lookups: &lookups, minimumHeight: minimumHeight)
  return WideTables(chip: MiscChip(), trace: trace, messages: operations.map(miscMessage))
}

/// Rows the adversarial tests start from: 0 EXT 0x12345678 bits 4...11 (0x67), 1 INS 0xabcd
/// into 0xffffffff at bits 8...23 (0xffabcdff), 2 SEB 0x12345680, 3 SEH 0x12348001, 4 WSBH
/// 0x11223344, 5 MOVN (t = 0x100 ≠ 0: s), 6 MOVZ (t = 0x100 ≠ 0: d); row 7 is padding.
let miscOperations: [MiscOperation] = [
  MiscOperation(.ext, s: 0x1234_5678, t: 0xdead_beef, d: miscField(4, 7)),
  MiscOperation(.ins, s: 0xabcd, t: 0xffff_ffff, d: miscField(8, 23)),
  MiscOperation(.seb, s: 0, t: 0x1234_5680, d: 0),
  MiscOperation(.seh, s: 0, t: 0x1234_8001, d: 0),
  MiscOperation(.wsbh, s: 0, t: 0x1122_3344, d: 0),
  MiscOperation(.movn, s: 0xcafe_babe, t: 0x100, d: 9),
  MiscOperation(.movz, s: 7, t: 0x100, d: 0x0102_0304),
]

typealias MSC = MiscChip.Columns

/// Offsets inside a misc message: opcode, then s, t, d, c limbs.
func miscMessageD(_ i: Int) -> Int { 9 + i }
func miscMessageC(_ i: Int) -> Int { 13 + i }

/// EXT/INS edge cases, SEB/SEH on both signs, WSBH, MOVN/MOVZ both ways and into $zero.
let miscProgram = """
    li    $t0, 0x12345678
    li    $t1, 0xdeadbeef
    li    $t2, 0x80
    li    $t3, 0xffff807f
    li    $t4, -1
    ext   $s0, $t0, 0, 32
    ext   $s1, $t1, 4, 8
    ext   $s2, $t1, 31, 1
    ext   $s3, $t1, 0, 1
    ext   $s4, $t0, 16, 16
    ext   $s5, $t4, 5, 27
    move  $s6, $t1
    ins   $s6, $t0, 0, 32
    li    $a0, -1
    ins   $a0, $zero, 8, 16
    li    $a1, 0x0f0f0f0f
    ins   $a1, $t1, 31, 1
    ins   $a1, $t1, 0, 1
    ins   $a1, $t0, 12, 8
    seb   $a2, $t2
    seb   $a3, $t3
    seb   $a3, $t0
    seh   $v0, $t3
    seh   $v1, $t0
    wsbh  $t5, $t0
    wsbh  $t6, $t3
    li    $t7, 0x55
    li    $t8, 0x100
    movn  $t7, $t0, $t1
    movn  $t7, $t1, $zero
    movz  $t7, $t2, $zero
    movz  $t7, $t0, $t1
    movn  $t7, $t3, $t8
    movz  $zero, $t0, $zero
    movn  $zero, $t0, $t1
    li    $t9, 6
  1:
    ext   $s0, $t1, 3, 9
    ins   $t1, $t0, 5, 7
    seh   $s1, $t1
    wsbh  $s2, $t1
    movz  $s3, $t1, $s0
    movn  $s3, $t0, $s0
    addu  $t0, $t0, $t1
    addiu $t9, $t9, -1
    bnez  $t9, 1b
    nop
  """

/// Tampers of the misc trace, each breaking some constraint.
func miscTampers() -> [Tamper] {
  let s = MSC.selectors
  let pad = 7
  var all: [Tamper] = []
  for k in 0..<7 {
    // Selector k = −1 beside two set ones on the all-zero padding row, chosen so that
    // EXT + INS stays 0 (the marker sums are 0 there).
    let others = k < 2 ? [1 - k, 2] : [2 + (k - 1) % 5, 2 + k % 5]
    all.append(
      (
        "selector \(k) = −1 beside two set ones",
        { t in
          t[pad, s.first + k] = -KoalaBear.one
          for j in others { t[pad, s.first + j] = .one }
        }
      ))
  }
  all.append(
    (
      "two selectors on one row",
      { t in
        t[pad, s.column(of: .seb)] = .one
        t[pad, s.column(of: .seh)] = .one
      }
    ))
  for j in 0..<32 {
    let limb = j / 8, weight = KoalaBear(UInt32(1) << UInt32(j % 8))
    all.append(
      (
        "s bit \(j) = 2",
        { t in
          t[pad, MSC.sBits + j] = KoalaBear(2)
          t[pad, MSC.s[limb]] = KoalaBear(2) * weight
        }
      ))
    all.append(
      (
        "t bit \(j) = 2",
        { t in
          t[pad, MSC.tBits + j] = KoalaBear(2)
          t[pad, MSC.t[limb]] = KoalaBear(2) * weight
          t[pad, MSC.nonZero] = .one
          t[pad, MSC.inverse] = (KoalaBear(2) * weight).inverse()!
        }
      ))
    all.append(
      (
        "lsb marker \(j) = −1",
        { t in
          t[pad, MSC.lsb + j] = -KoalaBear.one
          t[pad, MSC.lsb + (j + 1) % 32] = .one
        }
      ))
    all.append(
      (
        "top marker \(j) = −1",
        { t in
          t[pad, MSC.top + j] = -KoalaBear.one
          t[pad, MSC.top + (j + 1) % 32] = .one
        }
      ))
    all.append(("shifted bit \(j) set on padding", { t in t[pad, MSC.shifted + j] = .one }))
  }
  for i in 0..<4 {
    all.append(("s limb \(i) without bits", { t in t[pad, MSC.s[i]] = .one }))
    all.append(
      (
        "t limb \(i) without bits",
        { t in
          t[pad, MSC.t[i]] = .one
          t[pad, MSC.nonZero] = .one
          t[pad, MSC.inverse] = .one
        }
      ))
    all.append(("EXT result limb \(i) ^ 1", { t in t[0, MSC.c[i]] = flipLowBit(t[0, MSC.c[i]]) }))
    all.append(("SEH result limb \(i) ^ 1", { t in t[3, MSC.c[i]] = flipLowBit(t[3, MSC.c[i]]) }))
    all.append(("MOVN result limb \(i) ^ 1", { t in t[5, MSC.c[i]] = flipLowBit(t[5, MSC.c[i]]) }))
  }
  all.append(("nonzero set for t = 0", { t in t[pad, MSC.nonZero] = .one }))
  all.append(
    (
      "nonzero clear for t = 1",
      { t in
        t[pad, MSC.t[0]] = .one
        t[pad, MSC.tBits] = .one
      }
    ))
  all.append(("lsb marked on padding", { t in t[pad, MSC.lsb] = .one }))
  all.append(("top marked on padding", { t in t[pad, MSC.top] = .one }))
  all.append(("EXT d0 ≠ lsb", { t in t[0, MSC.d[0]] = flipLowBit(t[0, MSC.d[0]]) }))
  all.append(("EXT d1 ≠ top", { t in t[0, MSC.d[1]] = flipLowBit(t[0, MSC.d[1]]) }))
  all.append(("EXT d2 = 1", { t in t[0, MSC.d[2]] = .one }))
  all.append(("SEB d0 = 1", { t in t[2, MSC.d[0]] = .one }))
  return all
}

/// ``expectEveryConstraintIsNeeded(_:honest:tampers:)`` with the same checks and verdicts
/// in linear rather than quadratic time, for chips with many constraints (the misc chip's
/// 196 would make the plain loop run 196² checker passes).
///
/// For constraint k it first tries the tampers whose only violation on the full chip is
/// constraint k's (names are unique), and only if none passes the weakened chip falls back
/// to trying every tamper, so "some tamper passes once k is deleted" is decided exactly.
func expectEveryConstraintIsNeededQuickly<A: AIR>(
  _ air: A, honest: RowMajorMatrix, tampers: [Tamper]
) {
  #expect(ConstraintChecker.violations(of: air, trace: honest).isEmpty)
  let tampered = tampers.map { tamper -> (String, RowMajorMatrix) in
    var t = honest
    tamper.change(&t)
    return (tamper.name, t)
  }
  var soleViolators: [String: [Int]] = [:]
  for (i, (name, t)) in tampered.enumerated() {
    let violated = Set(ConstraintChecker.violations(of: air, trace: t).map(\.constraint))
    #expect(!violated.isEmpty, "tamper '\(name)' breaks nothing")
    if violated.count == 1 { soleViolators[violated.first!, default: []].append(i) }
  }
  let names = AIRAnalysis(air).constraintNames
  #expect(Set(names).count == names.count)
  for k in names.indices {
    let weakened = WithoutConstraint(base: air, skip: k)
    let passes = { (i: Int) in
      ConstraintChecker.violations(of: weakened, trace: tampered[i].1).isEmpty
    }
    let needed =
      (soleViolators[names[k]] ?? []).contains(where: passes)
      || tampered.indices.contains(where: passes)
    #expect(needed, "no test needs constraint \(k) '\(names[k])' of \(air.name)")
  }
}

/// x with its least significant bit flipped (x a byte): stays a byte.
func flipLowBit(_ x: KoalaBear) -> KoalaBear { KoalaBear(x.value ^ 1) }

@Suite("Misc chip")
struct MiscChipTests {
  @Test func shapeDegreeAndPadding() {
    let analysis = AIRAnalysis(MiscChip())
    #expect(analysis.maxDegree <= 3)
    #expect(Set(analysis.constraintNames).count == analysis.constraintCount)
    #expect(analysis.constraintCount == 196)
    #expect(MSC.width == 185)
    for i in MiscChip().interactions {
      #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty)
    }
    let zeros = RowMajorMatrix(zerosHeight: 4, width: MSC.width)
    #expect(ConstraintChecker.violations(of: MiscChip(), trace: zeros).isEmpty)
  }

  static let edgeWords: [UInt32] = [
    0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0x7fff_ffff, 0x8000_0000,
    0xffff_ffff, 0x1234_5678, 0xdead_beef, 0x0080_8000,
  ]

  /// Every EXT and INS field position (lsb, msbd or msb) with one (s, t) pair each.
  static func everyFieldPosition(_ rng: inout SplitMix64) -> [MiscOperation] {
    var ops: [MiscOperation] = []
    for lsb in UInt32(0)...31 {
      for top in UInt32(0)...31 {
        let s = UInt32(truncatingIfNeeded: rng.next()), t = UInt32(truncatingIfNeeded: rng.next())
        if lsb + top <= 31 { ops.append(MiscOperation(.ext, s: s, t: t, d: miscField(lsb, top))) }
        if lsb <= top { ops.append(MiscOperation(.ins, s: s, t: t, d: miscField(lsb, top))) }
      }
    }
    return ops
  }

  @Test func theChipsResultMatchesTheReference() {
    var rng = SplitMix64(seed: 0x3150)
    var ops = Self.everyFieldPosition(&rng)
    for op in [Opcode.seb, .seh, .wsbh, .movn, .movz] {
      for s in Self.edgeWords {
        for t in Self.edgeWords {
          ops.append(MiscOperation(op, s: s, t: t, d: [.movn, .movz].contains(op) ? ~s : 0))
        }
      }
      for _ in 0..<200 {
        let r = rng.next()
        let t = UInt32(truncatingIfNeeded: r >> 32)
        ops.append(MiscOperation(op, s: UInt32(truncatingIfNeeded: r), t: t, d: 0))
      }
    }
    for (s, t) in [(UInt32(0xffff_ffff), UInt32(0)), (0, 0xffff_ffff), (0x8000_0001, 0x7fff_fffe)] {
      for (lsb, top) in [(0, 31), (31, 0), (0, 0), (16, 15)] as [(UInt32, UInt32)] {
        ops.append(MiscOperation(.ext, s: s, t: t, d: miscField(lsb, top)))
      }
      for (lsb, top) in [(0, 31), (31, 31), (0, 0), (16, 31), (7, 8)] as [(UInt32, UInt32)] {
        ops.append(MiscOperation(.ins, s: s, t: t, d: miscField(lsb, top)))
      }
    }
    let mismatches = ops.filter {
      MiscChip.result($0.opcode, s: $0.s, t: $0.t, d: $0.d)
        != miscReference($0.opcode, s: $0.s, t: $0.t, d: $0.d)
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    #expect(ops.allSatisfy { MiscChip.tuple($0) == miscMessage($0) })
    // Spot checks of the reference itself.
    #expect(miscReference(.ext, s: 0x1234_5678, t: 0, d: miscField(4, 7)) == 0x67)
    #expect(miscReference(.ins, s: 0xabcd, t: 0xffff_ffff, d: miscField(8, 23)) == 0xffab_cdff)
    #expect(miscReference(.seb, s: 0, t: 0x1234_5680, d: 0) == 0xffff_ff80)
    #expect(miscReference(.seh, s: 0, t: 0x1234_7fff, d: 0) == 0x7fff)
    #expect(miscReference(.wsbh, s: 0, t: 0x1122_3344, d: 0) == 0x2211_4433)
  }

  @Test func everyFieldPositionSatisfiesTheChip() {
    var rng = SplitMix64(seed: 0x1f1e)
    var ops = Self.everyFieldPosition(&rng)
    for op in [Opcode.seb, .seh, .wsbh] {
      for t in Self.edgeWords { ops.append(MiscOperation(op, s: 0, t: t, d: 0)) }
    }
    for op in [Opcode.movn, .movz] {
      for t in Self.edgeWords { ops.append(MiscOperation(op, s: ~t, t: t, d: t &* 3)) }
    }
    let t = miscTables(ops)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let path = try TestSupport.assembleFile(TestSupport.program(miscProgram))
    let machine = Machine(program: try TestSupport.loadELF(path))
    var registers = machine.registers
    var recorder = TraceRecorder()
    let status = machine.run(maxCycles: 100_000, recorder: &recorder)
    guard case .exited(0) = status else {
      Issue.record("run ended with \(status)")
      return
    }
    // The operations from the steps: rs, rt, the decoded field positions (EXT/INS) or rd's
    // old value (MOVN/MOVZ, tracked through the destinations of the steps before).
    var ops: [MiscOperation] = []
    for s in recorder.steps {
      #expect(s.rsValue == registers[s.rs] && s.rtValue == registers[s.rt])
      let op = s.opcode, rd = Int((s.instruction >> 11) & 31)
      if MiscChip.opcodes.contains(op) {
        let d: UInt32
        switch op {
        case .ext, .ins: d = ProgramTableChip.immediate(s.instruction, op, pc: s.pc)
        case .movn, .movz: d = registers[rd]
        default: d = 0
        }
        let o = MiscOperation(op, s: s.rsValue, t: s.rtValue, d: d)
        if s.destination != 0 {
          #expect(miscReference(op, s: o.s, t: o.t, d: o.d) == s.destinationValue, "\(o)")
        }
        ops.append(o)
      }
      if s.destination != 0 { registers[Int(s.destination)] = s.destinationValue }
    }
    #expect(Set(ops.map(\.opcode)) == Set(MiscChip.opcodes))
    let events = recorder.alu[.misc, default: []].filter { $0.opcode != .rdhwr }
    #expect(events.map(\.opcode) == ops.map(\.opcode))
    let extFields = Set(ops.filter { $0.opcode == .ext }.map(\.d))
    #expect(extFields.isSuperset(of: [miscField(0, 31), miscField(5, 26), miscField(31, 0)]))
    let statements = Set(ops.map(miscMessage))
    for expected in [
      MiscOperation(.ext, s: 0xdead_beef, t: 0, d: miscField(31, 0)),
      MiscOperation(.ins, s: 0, t: 0xffff_ffff, d: miscField(8, 23)),
      MiscOperation(.seb, s: 0, t: 0xffff_807f, d: 0),
      MiscOperation(.movz, s: 0x80, t: 0, d: 0x1234_5678),
      MiscOperation(.movn, s: 0x1234_5678, t: 0xdead_beef, d: 0),
    ] {
      #expect(statements.contains(miscMessage(expected)), "\(expected)")
    }

    var lookups = ByteLookups()
    let t = WideTables(
      chip: MiscChip(), trace: MiscChip().generateTrace(ops, lookups: &lookups),
      messages: ops.map(miscMessage))
    #expect(t.violations.isEmpty, "\(t.violations.prefix(5))")
    #expect(t.busImbalances.isEmpty, "\(t.busImbalances)")
    #expect(try t.proveAndVerify() == nil)
  }

  @Test func honestFixtureIsClean() throws {
    let t = miscTables(miscOperations)
    #expect(t.violations.isEmpty && t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == nil)
  }

  @Test(arguments: [
    (1, 2, "EXT/INS result limb 2"), (2, 3, "SEB/SEH/WSBH result limb 3"),
    (6, 0, "MOVN/MOVZ result limb 0"),
  ])
  func aWrongResultLimbIsNamedAndRejected(row: Int, limb: Int, name: String) throws {
    // Result limb off by one bit in the chip only: the constraint fails and the ALU bus no
    // longer balances.
    var t = miscTables(miscOperations)
    t.trace[row, MSC.c[limb]] = flipLowBit(t.trace[row, MSC.c[limb]])
    #expect(t.rebalanceBytes() == 0)
    #expect(t.violated == [name])
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.alu):"))
    #expect(try t.proveAndVerify() != nil)
    // The statement claims the wrong value too: every bus balances, the constraint stands.
    var m = t.messages
    m[row][miscMessageC(limb)] = t.trace[row, MSC.c[limb]]
    t.setStatement(m)
    #expect(t.busImbalances.isEmpty)
    #expect(try t.proveAndVerify() == .constraintsNotSatisfied(table: "misc"))
  }

  @Test func aWrongStatementIsRejected() throws {
    // The chip is honest, the sender claims SEB 0x80 = 0x00000080: the ALU bus does not
    // balance.
    var t = miscTables(miscOperations)
    var m = t.messages
    for i in 1..<4 { m[2][miscMessageC(i)] = .zero }
    t.setStatement(m)
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.alu):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test(arguments: [KoalaBear(2), -KoalaBear.one])
  func aSelectorOfTwoOrMinusOneIsRejected(value: KoalaBear) throws {
    // Row 4 (WSBH) with its selector doubled or negated.
    var t = miscTables(miscOperations)
    t.trace[4, MSC.selectors.column(of: .wsbh)] = value
    t.rebalanceBytes()
    #expect(t.violated.contains("WSBH selector is boolean"))
    #expect(try t.proveAndVerify() != nil)
  }

  @Test func aPaddingRowThatReceivesIsRejected() throws {
    // The all-zero row is a valid SEB 0 = 0: switched on, it satisfies every constraint
    // but receives a message nobody sent.
    var t = miscTables(miscOperations)
    t.trace[7, MSC.selectors.column(of: .seb)] = .one
    #expect(t.rebalanceBytes() == 0)
    #expect(t.violations.isEmpty)
    #expect(t.busImbalances.count == 1 && t.busImbalances[0].hasPrefix("bus \(MachineBus.alu):"))
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func aResultLimbOver255IsRejected() throws {
    // MOVZ with t ≠ 0 copies d = 0x01020304: written (and stated) with limbs
    // (0x104, 0x02, 0x02, 0x01), the same packed word, c = d limb by limb holds, but
    // (range, 0x104, 0x02) is no row of the byte table (for d and for c).
    var t = miscTables(miscOperations)
    var m = t.messages
    for (limb, v) in [(0, KoalaBear(0x104)), (1, KoalaBear(0x02))] {
      t.trace[6, MSC.d[limb]] = v
      t.trace[6, MSC.c[limb]] = v
      m[6][miscMessageD(limb)] = v
      m[6][miscMessageC(limb)] = v
    }
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 2)
    #expect(t.violations.isEmpty)
    #expect(
      !t.busImbalances.isEmpty
        && t.busImbalances.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") })
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func anOperandLimbOver255HasNoBits() throws {
    // MOVN's s = 0xcafebabe written (and stated) as limbs (0x1be, 0xb9, 0xfe, 0xca), with
    // c copying it: the bits of s cannot sum to 0x1be.
    var t = miscTables(miscOperations)
    var m = t.messages
    for (limb, v) in [(0, KoalaBear(0x1be)), (1, KoalaBear(0xb9))] {
      t.trace[5, MSC.s[limb]] = v
      t.trace[5, MSC.c[limb]] = v
      m[5][1 + limb] = v
      m[5][miscMessageC(limb)] = v
    }
    t.setStatement(m)
    #expect(t.rebalanceBytes() == 1)
    #expect(t.violated == ["s limb 0 is its bits", "s limb 1 is its bits"])
    #expect(try t.proveAndVerify() != nil)
  }

  /// The misc tables with row `row` replaced by `op` (d and c given) written by hand as the
  /// constraints read it: for an encoding the executor faults on.
  func handWritten(_ op: Opcode, s: UInt32, t: UInt32, lsb: Int, top: Int, c: UInt32)
    -> WideTables<MiscChip>
  {
    var tables = miscTables(miscOperations)
    let row = op == .ext ? 0 : 1
    for col in 0..<MSC.width { tables.trace[row, col] = .zero }
    tables.trace[row, MSC.selectors.column(of: op)] = .one
    let d = UInt32(lsb) | UInt32(top) << 8
    for (w, word) in [(MSC.s, s), (MSC.t, t), (MSC.d, d), (MSC.c, c)] {
      for (i, v) in limbs(word).enumerated() { tables.trace[row, w[i]] = v }
    }
    for j in 0..<32 {
      tables.trace[row, MSC.sBits + j] = KoalaBear((s >> UInt32(j)) & 1)
      tables.trace[row, MSC.tBits + j] = KoalaBear((t >> UInt32(j)) & 1)
    }
    let u = op == .ext ? s >> UInt32(lsb) : s << UInt32(lsb)
    for j in 0..<32 { tables.trace[row, MSC.shifted + j] = KoalaBear((u >> UInt32(j)) & 1) }
    tables.trace[row, MSC.lsb + lsb] = .one
    tables.trace[row, MSC.top + top] = .one
    let tSum = limbs(t).reduce(KoalaBear.zero, +)
    if tSum != .zero {
      tables.trace[row, MSC.nonZero] = .one
      tables.trace[row, MSC.inverse] = tSum.inverse()!
    }
    var m = tables.messages
    m[row] =
      [KoalaBear(UInt32(op.rawValue))] + limbs(s) + limbs(t) + limbs(d) + limbs(c)
    tables.setStatement(m)
    return tables
  }

  @Test func anEXTFieldPastBit31IsRejected() throws {
    // EXT lsb 16, msbd 20 faults in the executor (lsb + msbd > 31). Written as the
    // zero-filled s >> 16, the row satisfies every constraint; only (range, 31 − 36, 0)
    // fails, no byte.
    let s: UInt32 = 0xdead_beef
    var t = handWritten(.ext, s: s, t: 0, lsb: 16, top: 20, c: s >> 16)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.rebalanceBytes() == 1)
    #expect(t.busImbalances.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") })
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func anINSWithMsbBelowLsbIsRejected() throws {
    // INS lsb 8, msb 3 faults in the executor. With s = t = 0 the window arithmetic gives
    // c = 0 and every constraint holds; only (range, 3 − 8, 0) fails, no byte.
    var t = handWritten(.ins, s: 0, t: 0, lsb: 8, top: 3, c: 0)
    #expect(t.violations.isEmpty, "\(t.violations.prefix(3))")
    #expect(t.rebalanceBytes() == 1)
    #expect(t.busImbalances.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") })
    #expect(try t.proveAndVerify() == .busImbalance)
  }

  @Test func everyMiscConstraintIsNeeded() {
    expectEveryConstraintIsNeededQuickly(
      MiscChip(), honest: miscTables(miscOperations).trace, tampers: miscTampers())
  }
}
