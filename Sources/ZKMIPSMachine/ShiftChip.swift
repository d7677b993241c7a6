import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The shift chip: one row per SLL, SRL, SRA, SLLV, SRLV, SRAV, ROTR or ROTRV, proving
/// c = a shifted (or rotated) by s = b mod 32 on byte limbs.
///
/// It receives (opcode, a0..a3, b0..b3, c0..c3) on ``MachineBus/alu`` with multiplicity
/// is_real, the opcode formed as Σ rawValue · selector as in ``AddSubChip``. Tuple
/// convention (the executor's `aluOperands`): a is the value shifted (rt), b the amount:
/// the 5-bit `sa` field for SLL/SRL/SRA/ROTR, the whole rs value for the variable forms
/// (only b0's low 5 bits count; b1..b3 do not enter the result).
///
/// Method: s = 8·j + k with k = s mod 8 (three bit columns) and j = s div 8 (one-hot over 4).
/// Each limb a_i times a power of two m (2^k for left shifts, 2^(8−k) for right shifts and
/// rotations) is split into a low and a high byte, a_i·m = lo_i + 256·hi_i; the five bytes
/// v = (lo0, hi0 + lo1, hi1 + lo2, hi2 + lo3, hi3) are then the limbs of a·m, and the result
/// is v moved by j limbs (plus the sign fill of SRA, or the wrapped bits of a rotation).
public struct ShiftChip: OperationChip {
  /// The shift chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.sll, .sllv, .srl, .srlv, .sra, .srav, .rotr, .rotrv]
  /// Left shifts: c = a << s.
  public static let leftOpcodes: [Opcode] = [.sll, .sllv]
  /// Right shifts, logical and arithmetic: c = a >> s.
  public static let rightOpcodes: [Opcode] = [.srl, .srlv, .sra, .srav]
  /// Arithmetic right shifts (the vacated bits take a's sign).
  public static let arithmeticOpcodes: [Opcode] = [.sra, .srav]
  /// Rotations right.
  public static let rotateOpcodes: [Opcode] = [.rotr, .rotrv]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``ShiftChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(ShiftChip.opcodes, first: 0)
    /// The value shifted (rt).
    public static let a = WordColumns(selectors.end)
    /// The shift amount (sa, or rs for the variable forms).
    public static let b = WordColumns(a.end)
    /// Result.
    public static let c = WordColumns(b.end)
    /// The bits of k = s mod 8, least significant first (columns bits, bits + 1, bits + 2).
    public static let bits = c.end
    /// One-hot j = s div 8: byteShift[j] is 1 on a real row shifting by 8·j + k.
    public static let byteShift = WordColumns(bits + 3)
    /// b0 div 32 (the bits of b0 above the shift amount), range-checked to 0...7.
    public static let amountHigh = byteShift.end
    /// 2^k − 1.
    public static let powMinusOne = amountHigh + 1
    /// The limb multiplier m: 2^k for left shifts, 2^(8−k) for right shifts and rotations.
    public static let multiplier = powMinusOne + 1
    /// Low bytes of a_i · m.
    public static let low = WordColumns(multiplier + 1)
    /// High bytes of a_i · m.
    public static let high = WordColumns(low.end)
    /// SRA/SRAV: a's sign bit (0 on every other row), the value of the vacated bits.
    public static let fill = high.end
    /// Number of columns.
    public static let width = fill + 1
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "shift" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, the range checks of a, b1..b3, the amount's high part and the
  /// lo/hi bytes, and on SRA/SRAV rows the sign-bit lookup of a3.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    func range(_ x: LinearForm, _ y: LinearForm, _ m: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: m)
    }
    var all = [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [s.opcodeValue] + Columns.a.forms + Columns.b.forms + Columns.c.forms,
        multiplicity: isReal)
    ]
    let a = Columns.a.forms, b = Columns.b.forms
    all.append(range(a[0], a[1], isReal))
    all.append(range(a[2], a[3], isReal))
    all.append(range(b[1], b[2], isReal))
    all.append(range(b[3], .constant(0), isReal))
    // (amountHigh, 32·amountHigh) are both bytes only when amountHigh ≤ 7.
    all.append(
      range(
        .main(Columns.amountHigh),
        LinearForm([LinearForm.Term(.main(Columns.amountHigh), KoalaBear(32))]), isReal))
    for i in 0..<4 { all.append(range(.main(Columns.low[i]), .main(Columns.high[i]), isReal)) }
    // (and, a3, 0x80, 0x80·fill) is a table row only when fill is a3's top bit.
    all.append(
      Interaction(
        bus: MachineBus.byte, direction: .send,
        values: [
          .constant(ByteOperation.and.rawValue), .main(Columns.a[3]), .constant(0x80),
          LinearForm([LinearForm.Term(.main(Columns.fill), KoalaBear(0x80))]),
        ],
        multiplicity: s.sum(Self.arithmeticOpcodes)))
    return all
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "SLL selector is boolean", "SLLV selector is boolean", "SRL selector is boolean",
    "SRLV selector is boolean",
    "SRA selector is boolean", "SRAV selector is boolean", "ROTR selector is boolean",
    "ROTRV selector is boolean",
  ]
  static let bitNames: [StaticString] = [
    "amount bit 0 is boolean", "amount bit 1 is boolean", "amount bit 2 is boolean",
  ]
  static let byteShiftNames: [StaticString] = [
    "byte shift 0 is boolean", "byte shift 1 is boolean", "byte shift 2 is boolean",
    "byte shift 3 is boolean",
  ]
  static let productNames: [StaticString] = [
    "a0·m splits into bytes", "a1·m splits into bytes", "a2·m splits into bytes",
    "a3·m splits into bytes",
  ]
  static let leftNames: [StaticString] = [
    "left shift: limb 0", "left shift: limb 1", "left shift: limb 2", "left shift: limb 3",
  ]
  static let rightNames: [StaticString] = [
    "right shift: limb 0", "right shift: limb 1", "right shift: limb 2", "right shift: limb 3",
  ]
  static let rotateNames: [StaticString] = [
    "rotation: limb 0", "rotation: limb 1", "rotation: limb 2", "rotation: limb 3",
  ]

  /// States the selector, amount, multiplier, limb-product and result constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``); isReal and the
    // group flags below are then boolean and 0 on padding rows.
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let isReal = s.sum().evaluate(b)
    let isLeft = s.sum(Self.leftOpcodes).evaluate(b)
    let isRight = s.sum(Self.rightOpcodes).evaluate(b)
    let isRotate = s.sum(Self.rotateOpcodes).evaluate(b)
    let isArithmetic = s.sum(Self.arithmeticOpcodes).evaluate(b)
    let one = b.constant(1)
    let x = (0..<3).map { b.main(Columns.bits + $0) }
    let J = Columns.byteShift.limbs(b)
    let a = Columns.a.limbs(b), c = Columns.c.limbs(b)
    let lo = Columns.low.limbs(b), hi = Columns.high.limbs(b)
    let m = b.main(Columns.multiplier), q = b.main(Columns.powMinusOne), fill = b.main(Columns.fill)

    // The amount. Bits boolean; J boolean with Σ J = is_real, so on a real row exactly one
    // J_j is 1 (j = Σ j·J_j ∈ 0...3) and on padding rows all are 0. Then
    // b0 = x0 + 2·x1 + 4·x2 + 8·j + 32·h with h ∈ 0...7 (range-checked with 32·h): the
    // right side is an integer in 0...255, so this is b0's integer value and
    // s = b0 mod 32 = k + 8·j with k = x0 + 2·x1 + 4·x2.
    for i in 0..<3 { b.assertBoolean(x[i], Self.bitNames[i]) }
    for j in 0..<4 { b.assertBoolean(J[j], Self.byteShiftNames[j]) }
    b.assertEqual(J[0] + J[1] + J[2] + J[3], isReal, "one byte shift on real rows")
    let j = J[1] + b.constant(2) * J[2] + b.constant(3) * J[3]
    b.assertEqual(
      b.main(Columns.b[0]),
      x[0] + b.constant(2) * x[1] + b.constant(4) * x[2] + b.constant(8) * j + b.constant(32)
        * b.main(Columns.amountHigh),
      "b0 decomposes into the shift amount")

    // The multiplier: q + 1 = (1 + x0)(1 + 3·x1)(1 + 15·x2) = 2^k (q, not q + 1, so an
    // all-zero padding row satisfies it). Left shifts take m = 2^k; right shifts and
    // rotations m·2^k = 256, i.e. m = 2^(8−k) ∈ {2, ..., 256} (2^k is invertible).
    b.assertEqual(
      q + one, (one + x[0]) * (one + b.constant(3) * x[1]) * (one + b.constant(15) * x[2]),
      "2^k from the amount bits")
    b.assertZero(isLeft * (m - q - one), "left shifts multiply by 2^k")
    b.assertZero(
      (isRight + isRotate) * (m * (q + one) - b.constant(256)), "right shifts multiply by 2^(8−k)")

    // a_i·m = lo_i + 256·hi_i. a_i, lo_i, hi_i are range-checked bytes and m ≤ 256, so both
    // sides are integers below 2^16 ≪ p: lo_i = a_i·m mod 256 and hi_i = a_i·m div 256,
    // uniquely. Since m divides 256, m | lo_i and hi_i < m, so v_i = hi_(i−1) + lo_i is a
    // byte and v = (lo0, hi0 + lo1, hi1 + lo2, hi2 + lo3, hi3) are the byte limbs of a·m.
    for i in 0..<4 {
      b.assertEqual(a[i] * m, lo[i] + b.constant(256) * hi[i], Self.productNames[i])
    }
    let v = (0..<5).map { i -> B.Value in
      i == 0 ? lo[0] : i == 4 ? hi[3] : hi[i - 1] + lo[i]
    }

    // SLL(V): v are the limbs of a·2^k, so a << s mod 2^32 = (v·256^j) mod 2^32 has limbs
    // c_i = v_(i−j) (0 below limb j; v4 falls off the top).
    for i in 0..<4 {
      var shifted = b.constant(0)
      for jj in 0...i { shifted = shifted + J[jj] * v[i - jj] }
      b.assertZero(isLeft * (c[i] - shifted), Self.leftNames[i])
    }

    // SRL(V)/SRA(V): v are the limbs of a·2^(8−k), so a >> s = a·2^(8−k) div 256^(j+1) has
    // limbs c_i = v_(i+1+j) (0 above v4). SRA adds the vacated top s bits when a is
    // negative: 255 in limbs i > 3 − j and 256 − m (the top k bits) in limb 3 − j. fill is
    // a3's top bit on SRA rows (the AND lookup) and 0 on every other row (next
    // constraint), so on SRL rows the fill term vanishes and on left/rotate/padding rows the
    // whole constraint does. Degree 3 (fill·J·m).
    b.assertZero((one - isArithmetic) * fill, "fill is 0 unless SRA/SRAV")
    for i in 0..<4 {
      var shifted = b.constant(0)
      for jj in 0..<4 where i + 1 + jj <= 4 { shifted = shifted + J[jj] * v[i + 1 + jj] }
      var filled = J[3 - i] * (b.constant(256) - m)
      for jj in 0..<4 where jj >= 4 - i { filled = filled + b.constant(255) * J[jj] }
      b.assertZero(isRight * (c[i] - shifted) - fill * filled, Self.rightNames[i])
    }

    // ROTR(V): with m = 2^(8−k), a rotated right by k bits is (v1, v2, v3, v4 + v0): a >> k
    // plus a's low k bits (v0 = (a0 mod 2^k)·2^(8−k)) at the top. Rotating that by j whole
    // bytes gives c_i = w_((i+j) mod 4).
    let w = [v[1], v[2], v[3], v[4] + v[0]]
    for i in 0..<4 {
      var rotated = b.constant(0)
      for jj in 0..<4 { rotated = rotated + J[jj] * w[(i + jj) % 4] }
      b.assertZero(isRotate * (c[i] - rotated), Self.rotateNames[i])
    }
  }

  // MARK: - Trace generation

  /// The reference result of a shift opcode on its effective operands (a shifted by b mod 32).
  public static func result(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
    let s = b & 31
    switch opcode {
    case .sll, .sllv: return a << s
    case .srl, .srlv: return a >> s
    case .sra, .srav: return UInt32(bitPattern: Int32(bitPattern: a) >> Int32(s))
    case .rotr, .rotrv: return s == 0 ? a : (a >> s) | (a << (32 - s))
    default: preconditionFailure("\(opcode) is not a shift instruction")
    }
  }

  /// Writes the row for `e` (see ``OperationChip``).
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    let s = e.b & 31, k = s & 7, j = Int(s >> 3)
    let m: UInt32 = Self.leftOpcodes.contains(e.opcode) ? 1 << k : 256 >> k
    Columns.selectors.write(e.opcode, to: &trace, row: row)
    Columns.a.write(e.a, to: &trace, row: row)
    Columns.b.write(e.b, to: &trace, row: row)
    Columns.c.write(Self.result(e.opcode, e.a, e.b), to: &trace, row: row)
    for i in 0..<3 { trace[row, Columns.bits + i] = KoalaBear((k >> UInt32(i)) & 1) }
    trace[row, Columns.byteShift[j]] = .one
    trace[row, Columns.amountHigh] = KoalaBear((e.b & 0xff) >> 5)
    trace[row, Columns.powMinusOne] = KoalaBear((1 << k) - 1)
    trace[row, Columns.multiplier] = KoalaBear(m)
    for (i, limb) in WordColumns.limbs(of: e.a).enumerated() {
      trace[row, Columns.low[i]] = KoalaBear((limb * m) & 0xff)
      trace[row, Columns.high[i]] = KoalaBear((limb * m) >> 8)
    }
    if Self.arithmeticOpcodes.contains(e.opcode) { trace[row, Columns.fill] = KoalaBear(e.a >> 31) }
  }
}
