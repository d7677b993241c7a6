import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The divide chip: one row per DIV or DIVU, proving LO = quotient and HI = remainder
/// exactly as the executor defines them, including its choice for the UNPREDICTABLE cases
/// (division by zero, and DIV of INT_MIN by −1: LO = a, HI = 0).
///
/// It receives (opcode, a0..a3, b0..b3, hi0..hi3, lo0..lo3) on ``MachineBus/alu`` (17
/// elements, like MULT/MULTU in ``MultiplyChip``) with multiplicity is_real: a = rs is the
/// dividend, b = rt the divisor, hi the remainder and lo the quotient written to HI and LO.
///
/// The row proves a = q·d + r over the integers (with the multiplication of
/// ``MultiplyChip`` on 64-bit sign- or zero-extended limbs) and |r| < |d| with r of a's sign
/// (or 0), where d = b, except d = 1 on the two special cases, flagged by columns whose
/// constraints allow them only on exactly those rows.
public struct DivideChip: OperationChip {
  /// The divide chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.div, .divu]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (DIV, DIVU).
    public static let selectors = OpcodeSelectors(DivideChip.opcodes, first: 0)
    /// Dividend (rs).
    public static let a = WordColumns(selectors.end)
    /// Divisor (rt).
    public static let b = WordColumns(a.end)
    /// Quotient, written to LO.
    public static let quotient = WordColumns(b.end)
    /// Remainder, written to HI.
    public static let remainder = WordColumns(quotient.end)
    /// The divisor the row divides by: b, or 1 on the special rows.
    public static let divisor = WordColumns(remainder.end)
    /// 1 when b = 0.
    public static let zeroDivisor = divisor.end
    /// 1 for DIV of INT_MIN by −1.
    public static let overflow = zeroDivisor + 1
    /// Top bits of a, divisor, quotient, remainder on DIV rows (0 on DIVU rows).
    public static let signA = overflow + 1
    /// Sign of the divisor column.
    public static let signD = signA + 1
    /// Sign of the quotient.
    public static let signQ = signA + 2
    /// Sign of the remainder.
    public static let signR = signA + 3
    /// The carry out of product limb k as two bytes: carryBytes(2k) + 256·carryBytes(2k + 1).
    public static let carryBytes = signR + 1
    /// |r|: the remainder, negated (mod 2^32) when a is negative.
    public static let absRemainder = WordColumns(carryBytes + 16)
    /// Carries of the negation r + |r| = 0 (mod 2^32).
    public static let absRemainderCarry = WordColumns(absRemainder.end)
    /// |d|: the divisor, negated (mod 2^32) when its top bit is set.
    public static let absDivisor = WordColumns(absRemainderCarry.end)
    /// Carries of the negation d + |d| = 0 (mod 2^32).
    public static let absDivisorCarry = WordColumns(absDivisor.end)
    /// The gap |d| − |r| − 1 ≥ 0.
    public static let gap = WordColumns(absDivisorCarry.end)
    /// Carries out of limbs 0 ... 2 of |r| + gap + 1 (the carry out of limb 3 is 0).
    public static let gapCarry = gap.end
    /// Number of columns.
    public static let width = gapCarry + 3
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "divide" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, the range checks and the sign-bit lookups.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    var all = [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [s.opcodeValue] + Columns.a.forms + Columns.b.forms + Columns.remainder.forms
          + Columns.quotient.forms,
        multiplicity: isReal)
    ]
    // Range checks, two bytes per message, on every real row: a, b, q, r, |r|, |d|, the
    // gap, and both bytes of every product carry.
    var bytes: [Int] = []
    for word in [
      Columns.a, Columns.b, Columns.quotient, Columns.remainder, Columns.absRemainder,
      Columns.absDivisor,
      Columns.gap,
    ] {
      bytes += (0..<4).map { word[$0] }
    }
    bytes += (0..<16).map { Columns.carryBytes + $0 }
    for pair in stride(from: 0, to: bytes.count, by: 2) {
      all.append(
        Interaction(
          bus: MachineBus.byte, direction: .send,
          values: [
            .constant(ByteOperation.range.rawValue), .main(bytes[pair]), .main(bytes[pair + 1]),
            .constant(0),
          ],
          multiplicity: isReal))
    }
    // Signs: (and, x3, 0x80·is_div, 0x80·sign) on every real row. On DIV rows it is the
    // lookup x3 & 0x80 = 0x80·sign (sign is x3's top bit, hence boolean); on DIVU rows it
    // is x3 & 0 = 0x80·sign, so sign = 0: no sign extension.
    let isDiv = LinearForm([LinearForm.Term(.main(s.column(of: .div)), KoalaBear(0x80))])
    for (word, sign) in [
      (Columns.a, Columns.signA), (Columns.divisor, Columns.signD),
      (Columns.quotient, Columns.signQ),
      (Columns.remainder, Columns.signR),
    ] {
      all.append(
        Interaction(
          bus: MachineBus.byte, direction: .send,
          values: [
            .constant(ByteOperation.and.rawValue), .main(word[3]), isDiv,
            LinearForm([LinearForm.Term(.main(sign), KoalaBear(0x80))]),
          ],
          multiplicity: isReal))
    }
    return all
  }

  // MARK: - Constraints

  static let productNames: [StaticString] = [
    "a = q·d + r: limb 0", "a = q·d + r: limb 1", "a = q·d + r: limb 2", "a = q·d + r: limb 3",
    "a = q·d + r: limb 4", "a = q·d + r: limb 5", "a = q·d + r: limb 6", "a = q·d + r: limb 7",
  ]
  static let divisorNames: [StaticString] = [
    "divisor limb 0 is b's or 1's", "divisor limb 1 is b's or 1's", "divisor limb 2 is b's or 1's",
    "divisor limb 3 is b's or 1's",
  ]
  static let absRemainderNames: [[StaticString]] = [
    ["|r| = r: limb 0", "|r| = r: limb 1", "|r| = r: limb 2", "|r| = r: limb 3"],
    ["|r| = −r: limb 0", "|r| = −r: limb 1", "|r| = −r: limb 2", "|r| = −r: limb 3"],
    [
      "|r| carry 0 is boolean", "|r| carry 1 is boolean", "|r| carry 2 is boolean",
      "|r| carry 3 is boolean",
    ],
  ]
  static let absDivisorNames: [[StaticString]] = [
    ["|d| = d: limb 0", "|d| = d: limb 1", "|d| = d: limb 2", "|d| = d: limb 3"],
    ["|d| = −d: limb 0", "|d| = −d: limb 1", "|d| = −d: limb 2", "|d| = −d: limb 3"],
    [
      "|d| carry 0 is boolean", "|d| carry 1 is boolean", "|d| carry 2 is boolean",
      "|d| carry 3 is boolean",
    ],
  ]
  static let gapNames: [StaticString] = [
    "|r| + gap + 1 = |d|: limb 0", "|r| + gap + 1 = |d|: limb 1", "|r| + gap + 1 = |d|: limb 2",
    "|r| + gap + 1 = |d|: limb 3",
  ]
  static let gapCarryNames: [StaticString] = [
    "gap carry 0 is boolean", "gap carry 1 is boolean", "gap carry 2 is boolean",
  ]

  /// States the constraints (see the soundness comment over each group).
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: boolean, at most one set (``OpcodeSelectors``): is_real is boolean.
    s.assertWellFormed(
      &b, names: ["DIV selector is boolean", "DIVU selector is boolean"],
      sumName: "at most one opcode per row")
    let isReal = s.sum().evaluate(b)
    let isDivu = b.main(s.column(of: .divu))
    let zb = b.main(Columns.zeroDivisor), ov = b.main(Columns.overflow)
    let special = zb + ov
    let a = Columns.a.limbs(b), divisorIn = Columns.b.limbs(b), d = Columns.divisor.limbs(b)
    let q = Columns.quotient.limbs(b), r = Columns.remainder.limbs(b)
    let radix = b.constant(256), ff = b.constant(255), zero = b.constant(0)

    // Special cases. zb ≠ 0 forces b = 0 (Σ b_i of bytes is 0 only for b = 0, no wrap:
    // ≤ 1020). ov ≠ 0 forces DIV with b = 0xffffffff and a = 0x80000000 (Σ (255 − b_i) +
    // a0 + a1 + a2 is a sum of non-negative terms < 2^11, zero only if each is). Both
    // nonzero would need b = 0 and b = −1, so one of them is 0 and the other equals
    // special, which is boolean: both flags are boolean. Conversely a special row cannot
    // go unflagged: with b = 0 and special = 0 the divisor is 0 and |r| + gap + 1 = 0
    // fails; INT_MIN / −1 unflagged needs q·(−1) = −2^31 with q ≥ −2^31 sign-extended,
    // i.e. q = 2^31, which no word is (as a signed extension).
    b.assertBoolean(special, "special flags sum is boolean")
    b.assertZero(
      zb * (divisorIn[0] + divisorIn[1] + divisorIn[2] + divisorIn[3]),
      "division by zero only when b = 0")
    b.assertZero(
      ov
        * (ff * b.constant(4) - divisorIn[0] - divisorIn[1] - divisorIn[2] - divisorIn[3] + a[0]
          + a[1] + a[2]),
      "overflow only when b = −1 and a's low limbs are 0")
    b.assertZero(ov * (a[3] - b.constant(0x80)), "overflow only when a's top limb is 0x80")
    b.assertZero(ov * isDivu, "overflow only on DIV")
    // The divisor used: d = b, or 1 on special rows (so q = a, r = 0 there, the executor's
    // choice). Linear in the flags; on padding rows all is 0.
    for i in 0..<4 {
      let one = i == 0 ? b.constant(1) : zero
      b.assertEqual(
        d[i], (b.constant(1) - special) * divisorIn[i] + special * one, Self.divisorNames[i])
    }

    // a = q·d + r over 64-bit extensions (sign bits from the byte-table lookups: top bits
    // on DIV rows, 0 on DIVU rows): Σ_{i+j=k} q_i·d_j + r_k + c_(k−1) = a_k + 256·c_k. As in
    // ``MultiplyChip`` all terms are bytes and carries are two range-checked bytes, so
    // every side is < 2^25 ≪ p: integer equations, giving Q·D + R ≡ A (mod 2^64). Then
    // it is an integer equation: signed, |Q·D + R| ≤ 2^62 + 2^31 and |A| ≤ 2^31;
    // unsigned, Q·D + R ≤ (2^32 − 1)² + 2^32 − 1 < 2^64. Honest carries are ≥ 0 (the left
    // side's partial sums are ≥ 0 and a's are < 256^(k+1)) and < 2^11.
    let sa = b.main(Columns.signA), sd = b.main(Columns.signD), sq = b.main(Columns.signQ),
      sr = b.main(Columns.signR)
    let xq = q + Array(repeating: ff * sq, count: 4), xd = d + Array(repeating: ff * sd, count: 4)
    let xr = r + Array(repeating: ff * sr, count: 4), xa = a + Array(repeating: ff * sa, count: 4)
    let carry = (0..<8).map {
      b.main(Columns.carryBytes + 2 * $0) + radix * b.main(Columns.carryBytes + 2 * $0 + 1)
    }
    for k in 0..<8 {
      var product = zero
      for i in 0...k { product = product + xq[i] * xd[k - i] }
      let carryIn = k == 0 ? zero : carry[k - 1]
      b.assertZero(product + xr[k] + carryIn - xa[k] - radix * carry[k], Self.productNames[k])
    }

    // Conditional negations: y = x when s = 0, y = −x mod 2^32 when s = 1 (x_i + y_i +
    // k_(i−1) = 256·k_i with boolean carries and byte limbs: x + y = 2^32·k_3, all sides
    // < 512). |r| uses a's sign, |d| the divisor's. With s boolean (lookups) exactly one
    // branch applies.
    func negation(
      _ x: [B.Value], _ y: WordColumns, _ k: WordColumns, _ sign: B.Value, _ names: [[StaticString]]
    ) {
      let yv = y.limbs(b), kv = k.limbs(b)
      for i in 0..<4 { b.assertZero((b.constant(1) - sign) * (yv[i] - x[i]), names[0][i]) }
      for i in 0..<4 {
        let carryIn = i == 0 ? zero : kv[i - 1]
        b.assertZero(sign * (x[i] + yv[i] + carryIn - radix * kv[i]), names[1][i])
      }
      for i in 0..<4 { b.assertBoolean(kv[i], names[2][i]) }
    }
    negation(r, Columns.absRemainder, Columns.absRemainderCarry, sa, Self.absRemainderNames)
    negation(d, Columns.absDivisor, Columns.absDivisorCarry, sd, Self.absDivisorNames)

    // |r| < |d|: |r| + gap + 1 = |d| limb by limb with boolean carries and no carry out of
    // limb 3 (all bytes, sides < 512), so |r| + gap + 1 = |d| over the integers with gap
    // ≥ 0. Gated by is_real (padding rows would need 1 = 0). Unsigned (DIVU: both signs 0),
    // r < d: the unsigned remainder. Signed: |d| ≤ 2^31 as an unsigned word; a ≥ 0 gives
    // 0 ≤ r < |d|, a < 0 gives r ≡ −|r| with 0 ≤ |r| < |d| ≤ 2^31, so r ∈ (−|d|, 0] (its
    // sign bit agrees, as the lookup makes sr r's top bit): r has a's sign or is 0 and
    // |r| < |d|, which with a = q·d + r over the integers is truncating division, unique.
    let absR = Columns.absRemainder.limbs(b), absD = Columns.absDivisor.limbs(b),
      gap = Columns.gap.limbs(b)
    let g = (0..<3).map { b.main(Columns.gapCarry + $0) }
    for i in 0..<4 {
      let carryIn = i == 0 ? b.constant(1) : g[i - 1]
      let carryOut = i == 3 ? zero : g[i]
      b.assertZero(
        isReal * (absR[i] + gap[i] + carryIn - absD[i] - radix * carryOut), Self.gapNames[i])
    }
    for i in 0..<3 { b.assertBoolean(g[i], Self.gapCarryNames[i]) }
  }

  // MARK: - Trace generation

  /// The executor's (quotient, remainder) for DIV/DIVU of a by b, special cases included.
  public static func result(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) -> (
    quotient: UInt32, remainder: UInt32
  ) {
    if opcode == .divu { return b == 0 ? (a, 0) : (a / b, a % b) }
    let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
    if y == 0 || (x == .min && y == -1) { return (a, 0) }
    return (UInt32(bitPattern: x / y), UInt32(bitPattern: x % y))
  }

  /// Writes the row for `e` (see ``OperationChip``).
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    let zb = e.b == 0
    let ov = e.opcode == .div && e.a == 0x8000_0000 && e.b == 0xffff_ffff
    let (q, r) = Self.result(e.opcode, e.a, e.b)
    Self.writeRow(
      &trace, row: row, opcode: e.opcode, a: e.a, b: e.b, quotient: q, remainder: r,
      zeroDivisor: zb,
      overflow: ov, divisor: zb || ov ? 1 : e.b)
  }

  /// Fills `row` from its primary values, deriving every auxiliary column (signs, carries,
  /// |r|, |d|, gap) from them; for honest rows and for tests that state forged ones.
  public static func writeRow(
    _ trace: inout RowMajorMatrix, row: Int, opcode: Opcode, a: UInt32, b: UInt32,
    quotient q: UInt32,
    remainder r: UInt32, zeroDivisor zb: Bool, overflow ov: Bool, divisor d: UInt32
  ) {
    Columns.selectors.write(opcode, to: &trace, row: row)
    Columns.a.write(a, to: &trace, row: row)
    Columns.b.write(b, to: &trace, row: row)
    Columns.quotient.write(q, to: &trace, row: row)
    Columns.remainder.write(r, to: &trace, row: row)
    Columns.divisor.write(d, to: &trace, row: row)
    trace[row, Columns.zeroDivisor] = zb ? .one : .zero
    trace[row, Columns.overflow] = ov ? .one : .zero
    let signed = opcode == .div
    let sign = { (x: UInt32) -> UInt32 in signed ? x >> 31 : 0 }
    let (sa, sd, sq, sr) = (sign(a), sign(d), sign(q), sign(r))
    for (c, v) in [
      (Columns.signA, sa), (Columns.signD, sd), (Columns.signQ, sq), (Columns.signR, sr),
    ] {
      trace[row, c] = KoalaBear(v)
    }
    // Product carries, as the limb equations state them (field values if out of range).
    let ext = { (x: UInt32, s: UInt32) in
      WordColumns.limbs(of: x).map(Int64.init) + Array(repeating: Int64(255 * s), count: 4)
    }
    let xq = ext(q, sq), xd = ext(d, sd), xr = ext(r, sr), xa = ext(a, sa)
    var carry: Int64 = 0
    for k in 0..<8 {
      var left = carry + xr[k] - xa[k]
      for i in 0...k { left += xq[i] * xd[k - i] }
      carry = left >> 8
      if (0..<65536).contains(carry) {
        trace[row, Columns.carryBytes + 2 * k] = KoalaBear(UInt32(carry & 0xff))
        trace[row, Columns.carryBytes + 2 * k + 1] = KoalaBear(UInt32(carry >> 8))
      } else {
        let magnitude = KoalaBear(UInt32(truncatingIfNeeded: abs(carry) % 0x7f00_0001))
        trace[row, Columns.carryBytes + 2 * k] = carry < 0 ? -magnitude : magnitude
        trace[row, Columns.carryBytes + 2 * k + 1] = .zero
      }
    }
    // |r|, |d| and their negation carries (x + y limb sums, when negated).
    func absolute(_ x: UInt32, _ s: UInt32, _ y: WordColumns, _ k: WordColumns) -> UInt32 {
      let v = s == 1 ? 0 &- x : x
      y.write(v, to: &trace, row: row)
      var c: UInt32 = 0
      for (i, (xi, yi)) in zip(WordColumns.limbs(of: x), WordColumns.limbs(of: v)).enumerated() {
        c = s == 1 ? (xi + yi + c) >> 8 : 0
        trace[row, k[i]] = KoalaBear(c)
      }
      return v
    }
    let absR = absolute(r, sa, Columns.absRemainder, Columns.absRemainderCarry)
    let absD = absolute(d, sd, Columns.absDivisor, Columns.absDivisorCarry)
    let gap = absD &- absR &- 1
    Columns.gap.write(gap, to: &trace, row: row)
    var c: UInt32 = 1
    for (i, (xi, yi)) in zip(WordColumns.limbs(of: absR), WordColumns.limbs(of: gap)).enumerated()
      .prefix(3)
    {
      c = (xi + yi + c) >> 8
      trace[row, Columns.gapCarry + i] = KoalaBear(c)
    }
  }
}
