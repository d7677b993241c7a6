import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The set-less-than chip: one row per SLT, SLTU, SLTI or SLTIU, proving c = 1 when a < b
/// (signed for SLT/SLTI, unsigned for SLTU/SLTIU) and c = 0 otherwise.
///
/// It receives (opcode, a0..a3, b0..b3, c0..c3) on ``MachineBus/alu`` with multiplicity
/// is_real, the opcode formed as Σ rawValue · selector as in ``AddSubChip``. Tuple
/// convention (the executor's `aluOperands`): a = rs, b = rt, or the sign-extended
/// immediate for SLTI and SLTIU (SLTIU compares unsigned against the sign-extended
/// immediate); c = 0 or 1 as a word.
///
/// Method: a signed comparison is the unsigned comparison of the words with their sign bits
/// flipped, so the top limbs are looked up as a3' = a3 ^ 0x80·is_signed (likewise b3'). A
/// one-hot D marks the most significant limb where a' and b' differ (none when they are
/// equal); the limbs above it are equal, and the difference at it has the sign the result
/// claims, shown by range-checking gap = b'_i − a'_i − 1 (result 1) or a'_i − b'_i − 1
/// (result 0) as a byte.
public struct SetLessThanChip: OperationChip {
  /// The set-less-than chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.slt, .sltu, .slti, .sltiu]
  /// Signed comparisons.
  public static let signedOpcodes: [Opcode] = [.slt, .slti]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``SetLessThanChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(SetLessThanChip.opcodes, first: 0)
    /// First operand (rs).
    public static let a = WordColumns(selectors.end)
    /// Second operand (rt, or the sign-extended immediate).
    public static let b = WordColumns(a.end)
    /// Result: (1, 0, 0, 0) when a < b, else 0.
    public static let c = WordColumns(b.end)
    /// The comparison gadget; a3 with its top bit flipped on signed rows (a3 on unsigned
    /// rows), and the rest.
    public static let comparison = ComparisonColumns(c.end)
    public static let flippedA3 = comparison.flippedA3
    /// b3 with its top bit flipped on signed rows.
    public static let flippedB3 = comparison.flippedB3
    /// One-hot: the most significant limb where a' and b' differ (all 0 when equal).
    public static let differs = comparison.differs
    /// The byte proving the sign of the difference at the marked limb.
    public static let gap = comparison.gap
    /// Number of columns.
    public static let width = comparison.end
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "set_less_than" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, range checks of a0..a2, b0..b2 and the gap, and the XOR lookups
  /// that flip the top limbs' sign bits.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    // 0x80 on signed rows, 0 on unsigned ones (a linear form in the selectors).
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
    "SLT selector is boolean", "SLTU selector is boolean", "SLTI selector is boolean",
    "SLTIU selector is boolean",
  ]
  /// States the selector, marker, equality, gap and result constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``).
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let one = b.constant(1)
    let c = Columns.c.limbs(b)
    // a < b (signed on signed rows) iff a' < b', which c0 claims (``ComparisonColumns``).
    let differ = Columns.comparison.evaluate(&b, a: Columns.a, b: Columns.b, less: c[0])

    // The result is the word c0 ∈ {0, 1}, and 0 when the words are equal.
    b.assertBoolean(c[0], "result is boolean")
    b.assertZero(c[0] * (one - differ), "equal words are not less")
    b.assertZero(c[1], "result limb 1 is 0")
    b.assertZero(c[2], "result limb 2 is 0")
    b.assertZero(c[3], "result limb 3 is 0")
  }

  // MARK: - Trace generation

  /// The reference result of a set-less-than opcode on its effective operands.
  public static func result(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
    switch opcode {
    case .slt, .slti: Int32(bitPattern: a) < Int32(bitPattern: b) ? 1 : 0
    case .sltu, .sltiu: a < b ? 1 : 0
    default: preconditionFailure("\(opcode) is not a set-less-than instruction")
    }
  }

  /// Writes the row for `e` (see ``OperationChip``).
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    let c = Self.result(e.opcode, e.a, e.b)
    Columns.selectors.write(e.opcode, to: &trace, row: row)
    Columns.a.write(e.a, to: &trace, row: row)
    Columns.b.write(e.b, to: &trace, row: row)
    Columns.c.write(c, to: &trace, row: row)
    let flip: UInt32 = Self.signedOpcodes.contains(e.opcode) ? 0x8000_0000 : 0
    Columns.comparison.write(a: e.a, b: e.b, flip: flip, to: &trace, row: row)
  }
}
