import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The bitwise chip: one row per AND, OR, XOR, NOR, ANDI, ORI, XORI or LUI, proving the
/// result limb by limb against the byte table (LUI directly: c = b << 16).
///
/// It receives (opcode, a0..a3, b0..b3, c0..c3) on ``MachineBus/alu`` with multiplicity
/// is_real, `opcode` being the instruction's `Opcode.rawValue`, formed as Σ rawValue ·
/// selector exactly as in ``AddSubChip``. Operands are the executor's effective ones: the
/// zero-extended immediate for ANDI/ORI/XORI, and (0, immediate) for LUI.
///
/// The byte-table lookups also range-check every limb of a, b and c on the logic rows; on
/// LUI rows only b0 and b1 (which become c2 and c3) are checked, the rest of the operands
/// not entering the result.
public struct BitwiseChip: OperationChip {
  /// The bitwise chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.and, .or, .xor, .nor, .andi, .ori, .xori, .lui]
  /// Opcodes looked up as a byte-table AND, OR or XOR of each limb pair (all but LUI).
  public static let tableOpcodes: [Opcode] = [.and, .or, .xor, .nor, .andi, .ori, .xori]

  /// The byte-table operation of each table opcode (NOR is the complement of an OR).
  static let tableOperation: [Opcode: ByteOperation] = [
    .and: .and, .andi: .and, .or: .or, .ori: .or, .nor: .or, .xor: .xor, .xori: .xor,
  ]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``BitwiseChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(BitwiseChip.opcodes, first: 0)
    /// First operand (rs; 0 for LUI).
    public static let a = WordColumns(selectors.end)
    /// Second operand (rt, the zero-extended immediate, or LUI's immediate).
    public static let b = WordColumns(a.end)
    /// Result.
    public static let c = WordColumns(b.end)
    /// The byte table's answer for each limb pair: c_i, or 255 − c_i for NOR.
    public static let tableResult = WordColumns(c.end)
    /// Number of columns.
    public static let width = tableResult.end
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "bitwise" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, one byte-table lookup per limb pair, and LUI's range check.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    var all = [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [s.opcodeValue] + Columns.a.forms + Columns.b.forms + Columns.c.forms,
        multiplicity: s.sum())
    ]
    // One lookup per limb pair on every row but LUI's: (op, a_i, b_i, tableResult_i),
    // with op the row's byte operation, Σ op · selector (a linear form, like the opcode).
    let operation = LinearForm(
      Self.tableOpcodes.map {
        LinearForm.Term(.main(s.column(of: $0)), Self.tableOperation[$0]!.field)
      })
    for i in 0..<4 {
      all.append(
        Interaction(
          bus: MachineBus.byte, direction: .send,
          values: [
            operation, .main(Columns.a[i]), .main(Columns.b[i]), .main(Columns.tableResult[i]),
          ],
          multiplicity: s.sum(Self.tableOpcodes)))
    }
    // LUI copies b0, b1 into c2, c3: range-check them so c's limbs are bytes.
    all.append(
      Interaction(
        bus: MachineBus.byte, direction: .send,
        values: [
          .constant(ByteOperation.range.rawValue), .main(Columns.b[0]), .main(Columns.b[1]),
          .constant(0),
        ],
        multiplicity: s.sum([.lui])))
    return all
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "AND selector is boolean", "OR selector is boolean", "XOR selector is boolean",
    "NOR selector is boolean",
    "ANDI selector is boolean", "ORI selector is boolean", "XORI selector is boolean",
    "LUI selector is boolean",
  ]
  static let tableResultNames: [StaticString] = [
    "limb 0 is the table's result (complemented for NOR)",
    "limb 1 is the table's result (complemented for NOR)",
    "limb 2 is the table's result (complemented for NOR)",
    "limb 3 is the table's result (complemented for NOR)",
  ]

  /// States the selector, table-result and LUI constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``): the lookups'
    // multiplicity Σ table selectors and the operation Σ op · selector are then those of
    // the row's one opcode, and everything is 0 on padding rows.
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let second = Columns.b.limbs(b), result = Columns.c.limbs(b),
      table = Columns.tableResult.limbs(b)

    // Table rows (all but LUI): the lookup (op, a_i, b_i, r_i) is a byte-table row, so
    // a_i, b_i, r_i are bytes and r_i = a_i op b_i. For AND/OR/XOR(I) r_i = c_i, hence
    // c_i = a_i op b_i; for NOR r_i = 255 − c_i, hence c_i = 255 − (a_i | b_i), the
    // complement of the OR within the byte (a byte too). Bitwise operations act limb by
    // limb, so the word c is a op b (or NOR). On LUI and padding rows r_i = c_i is
    // harmless: nothing is looked up there.
    let isNor = b.main(s.column(of: .nor))
    for i in 0..<4 {
      b.assertEqual(
        table[i], result[i] + isNor * (b.constant(255) - result[i] - result[i]),
        Self.tableResultNames[i])
    }

    // LUI: c = b << 16 mod 2^32, i.e. (c0, c1, c2, c3) = (0, 0, b0, b1). b0 and b1 are
    // range-checked on LUI rows (so c's limbs are bytes); b2, b3 and a do not enter the
    // result and are whatever the sender put in the tuple (the executor sends a = 0 and
    // b = the 16-bit immediate).
    let isLUI = b.main(s.column(of: .lui))
    b.assertZero(isLUI * result[0], "LUI: limb 0 is 0")
    b.assertZero(isLUI * result[1], "LUI: limb 1 is 0")
    b.assertZero(isLUI * (result[2] - second[0]), "LUI: limb 2 is b0")
    b.assertZero(isLUI * (result[3] - second[1]), "LUI: limb 3 is b1")
  }

  // MARK: - Trace generation

  /// The reference result of a bitwise opcode on its effective operands.
  static func result(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
    switch opcode {
    case .and, .andi: a & b
    case .or, .ori: a | b
    case .xor, .xori: a ^ b
    case .nor: ~(a | b)
    case .lui: b << 16
    default: preconditionFailure("\(opcode) is not a bitwise instruction")
    }
  }

  /// Writes the row for `e` (see ``OperationChip``).
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    let c = Self.result(e.opcode, e.a, e.b)
    Columns.selectors.write(e.opcode, to: &trace, row: row)
    Columns.a.write(e.a, to: &trace, row: row)
    Columns.b.write(e.b, to: &trace, row: row)
    Columns.c.write(c, to: &trace, row: row)
    Columns.tableResult.write(e.opcode == .nor ? ~c : c, to: &trace, row: row)
  }
}
