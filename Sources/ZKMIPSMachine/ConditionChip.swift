import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The condition chip: one row per conditional branch or conditional trap, proving c = 1
/// when the branch is taken (the trap fires) and c = 0 otherwise.
///
/// It receives (opcode, a0..a3, b0..b3, c0..c3) on ``MachineBus/alu`` with multiplicity
/// is_real, the opcode formed as Σ rawValue · selector as in ``AddSubChip``. Tuple
/// convention:
/// - BEQ, BNE, BEQL, BNEL: a = rs, b = rt; taken when a = b (a ≠ b).
/// - BLEZ, BGTZ, BLTZ, BGEZ and their AL, L and ALL forms: a = rs, b = 0 (the sender sends
///   zero limbs, and the chip holds it to that); taken when a ≤ 0, > 0, < 0, ≥ 0 (signed).
///   The AL forms' link write and the L forms' nullified delay slot are the CPU chip's.
/// - TEQ, TNE, TGE, TGEU, TLT, TLTU: a = rs, b = rt; TEQI, TNEI, TGEI, TGEIU, TLTI, TLTIU:
///   a = rs, b = the sign-extended immediate (TGEIU and TLTIU compare unsigned against it);
///   c = 1 when the trap fires. The executor faults there, so a completed run only ever
///   shows c = 0 for a trap; c = 1 is what a proof of a trapping run would need.
/// - c = (cond, 0, 0, 0).
///
/// Method (as in ``SetLessThanChip``): signed comparisons compare the words with their sign
/// bits flipped (XOR lookups on the top limbs), unsigned and equality ones compare them as
/// they are. A one-hot D marks the most significant limb where a' and b' differ (none when
/// they are equal), so `differ` = Σ D is [a ≠ b]; the limbs above the mark are equal and
/// the sign of the difference at it is the witness bit lt = [a' < b'], shown by
/// range-checking gap = b'_m − a'_m − 1 (lt = 1) or a'_m − b'_m − 1 (lt = 0) as a byte.
/// Every condition is then a linear form in lt and differ, picked by the selectors.
public struct ConditionChip: OperationChip {
  /// The condition chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [
    .beq, .bne, .beql, .bnel, .blez, .bgtz, .blezl, .bgtzl, .bltz, .bgez, .bltzal, .bgezal,
    .bltzl, .bgezl, .bltzall, .bgezall, .teq, .tne, .tge, .tgeu, .tlt, .tltu, .teqi, .tnei,
    .tgei, .tgeiu, .tlti, .tltiu,
  ]
  /// Branches comparing rs with zero: b is 0 on their rows.
  public static let zeroOperandOpcodes: [Opcode] = [
    .blez, .bgtz, .blezl, .bgtzl, .bltz, .bgez, .bltzal, .bgezal, .bltzl, .bgezl, .bltzall,
    .bgezall,
  ]
  /// Signed comparisons (the rest compare unsigned or test equality).
  public static let signedOpcodes: [Opcode] = zeroOperandOpcodes + [.tge, .tlt, .tgei, .tlti]
  /// cond = [a = b].
  public static let equalOpcodes: [Opcode] = [.beq, .beql, .teq, .teqi]
  /// cond = [a ≠ b].
  public static let notEqualOpcodes: [Opcode] = [.bne, .bnel, .tne, .tnei]
  /// cond = [a < b].
  public static let lessOpcodes: [Opcode] = [
    .bltz, .bltzal, .bltzl, .bltzall, .tlt, .tltu, .tlti, .tltiu,
  ]
  /// cond = [a ≥ b].
  public static let greaterOrEqualOpcodes: [Opcode] = [
    .bgez, .bgezal, .bgezl, .bgezall, .tge, .tgeu, .tgei, .tgeiu,
  ]
  /// cond = [a ≤ b].
  public static let lessOrEqualOpcodes: [Opcode] = [.blez, .blezl]
  /// cond = [a > b].
  public static let greaterOpcodes: [Opcode] = [.bgtz, .bgtzl]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``ConditionChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(ConditionChip.opcodes, first: 0)
    /// First operand (rs).
    public static let a = WordColumns(selectors.end)
    /// Second operand (rt, the sign-extended immediate, or 0).
    public static let b = WordColumns(a.end)
    /// Result: (cond, 0, 0, 0).
    public static let c = WordColumns(b.end)
    /// The comparison gadget; a3 with its top bit flipped on signed rows (a3 on the others),
    /// and the rest.
    public static let comparison = ComparisonColumns(c.end)
    public static let flippedA3 = comparison.flippedA3
    /// b3 with its top bit flipped on signed rows.
    public static let flippedB3 = comparison.flippedB3
    /// One-hot: the most significant limb where a' and b' differ (all 0 when equal).
    public static let differs = comparison.differs
    /// The byte proving the sign of the difference at the marked limb.
    public static let gap = comparison.gap
    /// [a' < b'] (unsigned order of the flipped words).
    public static let less = comparison.end
    /// Number of columns.
    public static let width = less + 1
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "condition" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, range checks of a0..a2, b0..b2 and the gap, and the XOR lookups
  /// that flip the top limbs' sign bits (which range-check a3 and b3 too).
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    // 0x80 on signed rows, 0 on the others (a linear form in the selectors).
    let flip = LinearForm(
      Self.signedOpcodes.map { LinearForm.Term(.main(s.column(of: $0)), KoalaBear(0x80)) })
    return [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [s.opcodeValue] + Columns.a.forms + Columns.b.forms + Columns.c.forms,
        multiplicity: isReal)
    ]
      + Columns.comparison.interactions(
        a: Columns.a, b: Columns.b, flip: flip, multiplicity: isReal)
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "BEQ selector is boolean", "BNE selector is boolean", "BEQL selector is boolean",
    "BNEL selector is boolean", "BLEZ selector is boolean", "BGTZ selector is boolean",
    "BLEZL selector is boolean", "BGTZL selector is boolean", "BLTZ selector is boolean",
    "BGEZ selector is boolean", "BLTZAL selector is boolean", "BGEZAL selector is boolean",
    "BLTZL selector is boolean", "BGEZL selector is boolean", "BLTZALL selector is boolean",
    "BGEZALL selector is boolean", "TEQ selector is boolean", "TNE selector is boolean",
    "TGE selector is boolean", "TGEU selector is boolean", "TLT selector is boolean",
    "TLTU selector is boolean", "TEQI selector is boolean", "TNEI selector is boolean",
    "TGEI selector is boolean", "TGEIU selector is boolean", "TLTI selector is boolean",
    "TLTIU selector is boolean",
  ]
  /// States the selector, zero-operand, marker, equality, gap, order and condition
  /// constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``).
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let one = b.constant(1)
    let second = Columns.b.limbs(b), c = Columns.c.limbs(b)

    // Branches against zero: b = 0. The four limbs are range-checked bytes (b0..b2 by
    // `range`, b3 as the XOR lookup's input), so their sum is an integer in 0 ... 1020 and
    // vanishes only when every limb is 0. Degree 2.
    let zeroOperand = s.sum(Self.zeroOperandOpcodes).evaluate(b)
    b.assertZero(
      zeroOperand * (second[0] + second[1] + second[2] + second[3]),
      "b is 0 on compare-with-zero rows")

    // Order and equality of the sign-flipped words (``ComparisonColumns``): differ =
    // [a ≠ b], and lt = [a' < b'] (signed order on signed rows) when they differ.
    let lt = b.main(Columns.less)
    let differ = Columns.comparison.evaluate(&b, a: Columns.a, b: Columns.b, less: lt)

    // lt is a bit, and 0 for equal words (with no mark the gap says nothing about it).
    b.assertBoolean(lt, "less is boolean")
    b.assertZero(lt * (one - differ), "equal words are not less")

    // The condition, by class, from the two bits eq = 1 − differ and lt (lt ≤ differ, so
    // lt + eq and differ − lt are bits too): = eq, ≠ differ, < lt, ≥ 1 − lt, ≤ lt + eq,
    // > differ − lt. At most one class sum is 1 (the selectors), so c0 is that class's bit;
    // on padding rows every class sum is 0 and so is c0. Degree 2.
    let E = s.sum(Self.equalOpcodes).evaluate(b)
    let N = s.sum(Self.notEqualOpcodes).evaluate(b)
    let L = s.sum(Self.lessOpcodes).evaluate(b)
    let G = s.sum(Self.greaterOrEqualOpcodes).evaluate(b)
    let LE = s.sum(Self.lessOrEqualOpcodes).evaluate(b)
    let GT = s.sum(Self.greaterOpcodes).evaluate(b)
    let eq = one - differ
    let cond = E * eq + N * differ + L * lt + G * (one - lt) + LE * (lt + eq) + GT * (differ - lt)
    b.assertEqual(c[0], cond, "the condition")
    b.assertZero(c[1], "result limb 1 is 0")
    b.assertZero(c[2], "result limb 2 is 0")
    b.assertZero(c[3], "result limb 3 is 0")
  }

  // MARK: - Trace generation

  /// The reference condition of `opcode` on its effective operands (branch taken, trap
  /// fires), as the executor decides it; compare-with-zero branches ignore b.
  public static func condition(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) -> Bool {
    let sa = Int32(bitPattern: a), sb = Int32(bitPattern: b)
    switch opcode {
    case .beq, .beql, .teq, .teqi: return a == b
    case .bne, .bnel, .tne, .tnei: return a != b
    case .blez, .blezl: return sa <= 0
    case .bgtz, .bgtzl: return sa > 0
    case .bltz, .bltzal, .bltzl, .bltzall: return sa < 0
    case .bgez, .bgezal, .bgezl, .bgezall: return sa >= 0
    case .tge, .tgei: return sa >= sb
    case .tlt, .tlti: return sa < sb
    case .tgeu, .tgeiu: return a >= b
    case .tltu, .tltiu: return a < b
    default: preconditionFailure("\(opcode) is not a conditional branch or trap")
    }
  }

  /// The operation a branch event stands for: (opcode, rs, rt), or (opcode, rs, 0) for the
  /// compare-with-zero branches (whose event's b is whatever register the rt field names).
  public static func operation(_ e: BranchEvent) -> ALUOperation {
    ALUOperation(e.opcode, e.a, zeroOperandOpcodes.contains(e.opcode) ? 0 : e.b)
  }

  /// Writes the row for `e` (see ``OperationChip``).
  ///
  /// - Precondition: b = 0 for the compare-with-zero branches.
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    precondition(
      e.b == 0 || !Self.zeroOperandOpcodes.contains(e.opcode),
      "\(e.opcode) compares with zero: b must be 0")
    Columns.selectors.write(e.opcode, to: &trace, row: row)
    Columns.a.write(e.a, to: &trace, row: row)
    Columns.b.write(e.b, to: &trace, row: row)
    Columns.c.write(Self.condition(e.opcode, e.a, e.b) ? 1 : 0, to: &trace, row: row)
    let flip: UInt32 = Self.signedOpcodes.contains(e.opcode) ? 0x8000_0000 : 0
    let less = Columns.comparison.write(a: e.a, b: e.b, flip: flip, to: &trace, row: row)
    trace[row, Columns.less] = less ? .one : .zero
  }
}
