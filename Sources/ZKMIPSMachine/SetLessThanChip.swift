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
    /// a3 with its top bit flipped on signed rows (a3 on unsigned rows).
    public static let flippedA3 = c.end
    /// b3 with its top bit flipped on signed rows.
    public static let flippedB3 = flippedA3 + 1
    /// One-hot: the most significant limb where a' and b' differ (all 0 when equal).
    public static let differs = WordColumns(flippedB3 + 1)
    /// The byte proving the sign of the difference at the marked limb.
    public static let gap = differs.end
    /// Number of columns.
    public static let width = gap + 1
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
    let a = Columns.a.forms, b = Columns.b.forms
    func byte(_ op: ByteOperation, _ x: LinearForm, _ y: LinearForm, _ z: LinearForm) -> Interaction
    {
      Interaction(
        bus: MachineBus.byte, direction: .send, values: [.constant(op.rawValue), x, y, z],
        multiplicity: isReal)
    }
    // 0x80 on signed rows, 0 on unsigned ones (a linear form in the selectors).
    let flip = LinearForm(
      Self.signedOpcodes.map { LinearForm.Term(.main(s.column(of: $0)), KoalaBear(0x80)) })
    return [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [s.opcodeValue] + Columns.a.forms + Columns.b.forms + Columns.c.forms,
        multiplicity: isReal),
      byte(.range, a[0], a[1], .constant(0)),
      byte(.range, a[2], b[0], .constant(0)),
      byte(.range, b[1], b[2], .constant(0)),
      byte(.range, .main(Columns.gap), .constant(0), .constant(0)),
      byte(.xor, a[3], flip, .main(Columns.flippedA3)),
      byte(.xor, b[3], flip, .main(Columns.flippedB3)),
    ]
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "SLT selector is boolean", "SLTU selector is boolean", "SLTI selector is boolean",
    "SLTIU selector is boolean",
  ]
  static let differsNames: [StaticString] = [
    "differs 0 is boolean", "differs 1 is boolean", "differs 2 is boolean", "differs 3 is boolean",
  ]
  static let equalNames: [StaticString] = [
    "limb 0 equal unless marked at or above", "limb 1 equal unless marked at or above",
    "limb 2 equal unless marked at or above", "limb 3 equal unless marked at or above",
  ]

  /// States the selector, marker, equality, gap and result constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``).
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let one = b.constant(1)
    let a = Columns.a.limbs(b), second = Columns.b.limbs(b), c = Columns.c.limbs(b)
    // a' and b': limbs 0...2 as they are, limb 3 with the sign bit flipped on signed rows
    // (the XOR lookups). Flipping the sign bit maps signed order onto unsigned order
    // (−2^31 ↦ 0, ..., 2^31 − 1 ↦ 2^32 − 1), so a < b (signed) iff a' < b' (unsigned).
    // All eight limbs are range-checked bytes (a3', b3' as XOR results).
    let x = [a[0], a[1], a[2], b.main(Columns.flippedA3)]
    let y = [second[0], second[1], second[2], b.main(Columns.flippedB3)]
    let D = Columns.differs.limbs(b)

    // Markers: each boolean and their sum (differ) boolean, so at most one limb is marked.
    for i in 0..<4 { b.assertBoolean(D[i], Self.differsNames[i]) }
    let differ = D[0] + D[1] + D[2] + D[3]
    b.assertBoolean(differ, "at most one differing limb")

    // Limb i is equal unless the mark is at i or above: every limb above the marked one
    // (every limb, when none is marked) has a'_i = b'_i.
    for i in 0..<4 {
      var atOrAbove = b.constant(0)
      for k in i..<4 { atOrAbove = atOrAbove + D[k] }
      b.assertZero((x[i] - y[i]) * (one - atOrAbove), Self.equalNames[i])
    }

    // The sign of the difference d = b'_m − a'_m at the marked limb m (d = 0 with no mark):
    // gap = (2·c0 − 1)·d − differ. With a mark, gap = d − 1 when c0 = 1 and −d − 1 when
    // c0 = 0, and d ∈ [−255, 255], so gap ∈ [−256, 254]; gap is a range-checked byte, and a
    // negative value is p − (1...256), no byte. So c0 = 1 forces d ≥ 1 (a'_m < b'_m) and
    // c0 = 0 forces d ≤ −1 (a'_m > b'_m); a mark where the limbs are equal (d = 0, gap = −1)
    // is impossible. Equal limbs above m and a'_m vs b'_m decide a' vs b', so c0 is the
    // comparison. Without a mark, a' = b' (above) and c0 = 0 (below). Degree 3 (c0·D·x).
    var d = b.constant(0)
    for i in 0..<4 { d = d + D[i] * (y[i] - x[i]) }
    b.assertEqual(
      b.main(Columns.gap), (b.constant(2) * c[0] - one) * d - differ,
      "gap is the difference at the mark, less 1")

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
    let x = WordColumns.limbs(of: e.a ^ flip), y = WordColumns.limbs(of: e.b ^ flip)
    trace[row, Columns.flippedA3] = KoalaBear(x[3])
    trace[row, Columns.flippedB3] = KoalaBear(y[3])
    if let m = (0..<4).reversed().first(where: { x[$0] != y[$0] }) {
      trace[row, Columns.differs[m]] = .one
      let gap = c == 1 ? y[m] - x[m] - 1 : x[m] - y[m] - 1
      trace[row, Columns.gap] = KoalaBear(gap)
    }
  }
}
