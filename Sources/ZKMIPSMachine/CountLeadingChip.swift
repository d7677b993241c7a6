import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The count-leading chip: one row per CLZ or CLO, proving c = the number of leading zero
/// bits of a (CLZ) or of ~a (CLO), 0 ... 32.
///
/// It receives (opcode, a0..a3, b0..b3, c0..c3) on ``MachineBus/alu`` with multiplicity
/// is_real, the opcode formed as Σ rawValue · selector as in ``AddSubChip``. Tuple
/// convention: a = rs, the word counted; c = (count, 0, 0, 0). b does not enter the result
/// and is not constrained: the executor's `aluOperands` records rt's value (for these
/// SPECIAL2 encodings rt names the destination), and the CPU chip may send that or 0.
///
/// Method: x = a (CLZ) or ~a (CLO) limb by limb. A one-hot L marks x's most significant
/// non-zero limb m (none when x = 0); the limbs above it are 0; the marked limb's value
/// `top` times 2^n lies in 128 ... 255 (a byte-table range check of top·2^n − 128 and twice
/// it), which says top has exactly n leading zeros within its byte; then
/// c0 = 8·(3 − m) + n, or 32 when nothing is marked.
public struct CountLeadingChip: OperationChip {
  /// The count-leading chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.clz, .clo]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``CountLeadingChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(CountLeadingChip.opcodes, first: 0)
    /// The word counted (rs).
    public static let a = WordColumns(selectors.end)
    /// The tuple's second operand (unconstrained, see the type's note).
    public static let b = WordColumns(a.end)
    /// Result: (count, 0, 0, 0).
    public static let c = WordColumns(b.end)
    /// One-hot: x's most significant non-zero limb (all 0 when x = 0).
    public static let leading = WordColumns(c.end)
    /// The marked limb of x.
    public static let top = leading.end
    /// The bits of n, the leading zeros within the marked limb (columns bits ... bits + 2).
    public static let bits = top + 1
    /// 2^n − 1.
    public static let powMinusOne = bits + 3
    /// top · 2^n, in 128 ... 255.
    public static let scaled = powMinusOne + 1
    /// Number of columns.
    public static let width = scaled + 1
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "count_leading" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, the range checks of a, and the normalisation check of the marked
  /// limb (sent when a limb is marked).
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    let a = Columns.a.forms
    let marked = LinearForm((0..<4).map { LinearForm.Term(.main(Columns.leading[$0])) })
    func range(_ x: LinearForm, _ y: LinearForm, _ m: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: m)
    }
    // (scaled − 128, 2·scaled − 256): both bytes iff scaled − 128 ∈ 0 ... 127.
    let excess = LinearForm([LinearForm.Term(.main(Columns.scaled))], constant: -KoalaBear(128))
    let doubled = LinearForm(
      [LinearForm.Term(.main(Columns.scaled), KoalaBear(2))], constant: -KoalaBear(256))
    return [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [s.opcodeValue] + Columns.a.forms + Columns.b.forms + Columns.c.forms,
        multiplicity: isReal),
      range(a[0], a[1], isReal),
      range(a[2], a[3], isReal),
      range(excess, doubled, marked),
    ]
  }

  // MARK: - Constraints

  static let leadingNames: [StaticString] = [
    "leading 0 is boolean", "leading 1 is boolean", "leading 2 is boolean", "leading 3 is boolean",
  ]
  static let zeroNames: [StaticString] = [
    "limb 0 is 0 unless marked at or above", "limb 1 is 0 unless marked at or above",
    "limb 2 is 0 unless marked at or above", "limb 3 is 0 unless marked at or above",
  ]
  static let bitNames: [StaticString] = [
    "count bit 0 is boolean", "count bit 1 is boolean", "count bit 2 is boolean",
  ]

  /// States the selector, marker, normalisation and count constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``).
    s.assertWellFormed(
      &b, names: ["CLZ selector is boolean", "CLO selector is boolean"],
      sumName: "at most one opcode per row")
    let isReal = s.sum().evaluate(b)
    let isCLO = b.main(s.column(of: .clo))
    let one = b.constant(1)
    let a = Columns.a.limbs(b), c = Columns.c.limbs(b), L = Columns.leading.limbs(b)
    // x_i = a_i, or 255 − a_i on CLO rows: the limbs of a or ~a (a's limbs are
    // range-checked bytes, so these are bytes). Degree 2.
    let x = a.map { $0 + isCLO * (b.constant(255) - $0 - $0) }

    // Markers: boolean, at most one (their sum `marked` boolean).
    for i in 0..<4 { b.assertBoolean(L[i], Self.leadingNames[i]) }
    let marked = L[0] + L[1] + L[2] + L[3]
    b.assertBoolean(marked, "at most one leading limb")

    // Limbs above the mark (all limbs when none) are 0: x_i·(1 − Σ_(k≥i) L_k) = 0. Degree 3.
    for i in 0..<4 {
      var atOrAbove = b.constant(0)
      for k in i..<4 { atOrAbove = atOrAbove + L[k] }
      b.assertZero(x[i] * (one - atOrAbove), Self.zeroNames[i])
    }

    // top = x_m at the mark m (0 when none). Degree 3 (L·isCLO·a).
    var atMark = b.constant(0)
    for i in 0..<4 { atMark = atMark + L[i] * x[i] }
    b.assertEqual(b.main(Columns.top), atMark, "top is the marked limb")

    // n = n0 + 2·n1 + 4·n2 ∈ 0 ... 7 and q + 1 = 2^n (as in ``ShiftChip``), scaled = top·2^n.
    // When a limb is marked, scaled − 128 and 2·(scaled − 128) are range-checked bytes, so
    // scaled ∈ 128 ... 255 (top ≤ 255 and 2^n ≤ 128 keep top·2^n < 2^15: no wrap). That is
    // 2^(7−n) ≤ top < 2^(8−n): top is non-zero (the mark really is the leading non-zero
    // limb, the ones above being 0) and has exactly n leading zero bits in its byte.
    let n = (0..<3).map { b.main(Columns.bits + $0) }
    for i in 0..<3 { b.assertBoolean(n[i], Self.bitNames[i]) }
    let q = b.main(Columns.powMinusOne)
    b.assertEqual(
      q + one, (one + n[0]) * (one + b.constant(3) * n[1]) * (one + b.constant(15) * n[2]),
      "2^n from the count bits")
    b.assertEqual(b.main(Columns.scaled), b.main(Columns.top) * (q + one), "scaled is top·2^n")

    // The count: 8·(3 − m) zero bits above the marked limb plus n inside it; 32 when x = 0
    // (no mark on a real row), with n forced to 0 then. On padding rows everything is 0.
    let nValue = n[0] + b.constant(2) * n[1] + b.constant(4) * n[2]
    b.assertZero((one - marked) * nValue, "no partial count without a mark")
    let count =
      nValue + b.constant(24) * L[0] + b.constant(16) * L[1] + b.constant(8) * L[2]
      + b.constant(32) * (isReal - marked)
    b.assertEqual(c[0], count, "the count")
    b.assertZero(c[1], "result limb 1 is 0")
    b.assertZero(c[2], "result limb 2 is 0")
    b.assertZero(c[3], "result limb 3 is 0")
  }

  // MARK: - Trace generation

  /// The reference result of CLZ/CLO on rs's value.
  public static func result(_ opcode: Opcode, _ a: UInt32) -> UInt32 {
    switch opcode {
    case .clz: UInt32(a.leadingZeroBitCount)
    case .clo: UInt32((~a).leadingZeroBitCount)
    default: preconditionFailure("\(opcode) is not a count-leading instruction")
    }
  }

  /// Writes the row for `e` (see ``OperationChip``).
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    Columns.selectors.write(e.opcode, to: &trace, row: row)
    Columns.a.write(e.a, to: &trace, row: row)
    Columns.b.write(e.b, to: &trace, row: row)
    Columns.c.write(Self.result(e.opcode, e.a), to: &trace, row: row)
    let x = WordColumns.limbs(of: e.opcode == .clo ? ~e.a : e.a)
    if let m = (0..<4).reversed().first(where: { x[$0] != 0 }) {
      let n = UInt32(x[m].leadingZeroBitCount - 24)
      trace[row, Columns.leading[m]] = .one
      trace[row, Columns.top] = KoalaBear(x[m])
      for i in 0..<3 { trace[row, Columns.bits + i] = KoalaBear((n >> UInt32(i)) & 1) }
      trace[row, Columns.powMinusOne] = KoalaBear((1 << n) - 1)
      trace[row, Columns.scaled] = KoalaBear(x[m] << n)
    }
  }
}
