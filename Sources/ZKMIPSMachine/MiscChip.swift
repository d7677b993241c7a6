import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// One row of the misc chip: an instruction with the three words it reads.
public struct MiscOperation: Sendable, Hashable {
  /// The instruction.
  public var opcode: Opcode
  /// The value of rs (ignored by SEB, SEH and WSBH, whose rs field is 0).
  public var s: UInt32
  /// The value of rt (for EXT and INS, the destination's old value).
  public var t: UInt32
  /// The third operand: lsb | msbd << 8 for EXT, lsb | msb << 8 for INS (the program
  /// table's immediate), rd's old value for MOVN and MOVZ, 0 for SEB, SEH and WSBH.
  public var d: UInt32

  /// `opcode` on (s, t, d).
  public init(_ opcode: Opcode, s: UInt32, t: UInt32, d: UInt32) {
    self.opcode = opcode
    self.s = s
    self.t = t
    self.d = d
  }
}

/// The misc chip: one row per EXT, INS, SEB, SEH, WSBH, MOVN or MOVZ, proving the word c
/// each writes to its destination register.
///
/// It receives (opcode, s0..s3, t0..t3, d0..d3, c0..c3) on ``MachineBus/alu`` (17 elements)
/// with multiplicity is_real, the opcode formed as Σ rawValue · selector as in
/// ``AddSubChip``; s = rs's value, t = rt's value, d = a third operand word, c = the value
/// written:
/// - EXT: d = (lsb, msbd, 0, 0), the instruction's bits 10..6 and 15..11 (size − 1);
///   c = (s >> lsb) & (2^(msbd+1) − 1). The executor raises a reserved-instruction fault
///   when lsb + msbd > 31 (UNPREDICTABLE in MIPS32), so no row proves that case.
/// - INS: d = (lsb, msb, 0, 0); c = t with bits lsb...msb replaced by the low
///   msb − lsb + 1 bits of s. The executor faults when msb < lsb, so no row proves that.
/// - SEB, SEH: c = t's low byte or half, sign-extended; WSBH: c = t with the bytes of each
///   halfword swapped. d = 0 and s is ignored.
/// - MOVN: c = s when t ≠ 0, else d; MOVZ: c = s when t = 0, else d; d = rd's old value
///   (so c is rd's value after the instruction either way).
///
/// Method: s and t are decomposed into bits (which also range-checks their limbs). EXT and
/// INS use a one-hot `lsb` marker to shift s by lsb (right for EXT, left for INS) into the
/// bits `shifted`, and a one-hot `top` marker for the field's top bit in c (msbd for EXT,
/// msb for INS); the masks [j ≤ top] and [j < lsb] are then linear in the markers, so each
/// result limb is a degree-2 sum of bits. SEB/SEH/WSBH move limbs (the sign from t's bits);
/// MOVN/MOVZ select s or d with nonzero = [t ≠ 0], proved by an inverse witness.
public struct MiscChip: AIR {
  /// The misc chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.ext, .ins, .seb, .seh, .wsbh, .movn, .movz]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``MiscChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(MiscChip.opcodes, first: 0)
    /// rs's value.
    public static let s = WordColumns(selectors.end)
    /// rt's value.
    public static let t = WordColumns(s.end)
    /// The third operand (see ``MiscOperation/d``).
    public static let d = WordColumns(t.end)
    /// The result.
    public static let c = WordColumns(d.end)
    /// The bits of s, least significant first (32 columns).
    public static let sBits = c.end
    /// The bits of t (32 columns).
    public static let tBits = sBits + 32
    /// One-hot lsb on EXT/INS rows, all 0 on the others (32 columns).
    public static let lsb = tBits + 32
    /// One-hot position of the field's top bit in c on EXT/INS rows: msbd for EXT, msb for
    /// INS (32 columns).
    public static let top = lsb + 32
    /// s >> lsb on EXT rows, (s << lsb) mod 2^32 on INS rows, 0 on the others, as bits
    /// (32 columns).
    public static let shifted = top + 32
    /// [t ≠ 0].
    public static let nonZero = shifted + 32
    /// 1 / (t0 + t1 + t2 + t3) when t ≠ 0, else 0.
    public static let inverse = nonZero + 1
    /// Number of columns.
    public static let width = inverse + 1
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "misc" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, range checks of c and d, and the EXT/INS field-position checks.
  public var interactions: [Interaction] {
    let sel = Columns.selectors
    let isReal = sel.sum()
    let c = Columns.c.forms, d = Columns.d.forms
    func range(_ x: LinearForm, _ y: LinearForm, _ m: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: m)
    }
    // EXT: 31 − lsb − msbd; INS: msb − lsb (see the constraints).
    let extRoom = LinearForm(
      [
        LinearForm.Term(.main(Columns.d[0]), -KoalaBear.one),
        LinearForm.Term(.main(Columns.d[1]), -KoalaBear.one),
      ], constant: KoalaBear(31))
    let insWidth = LinearForm([
      LinearForm.Term(.main(Columns.d[1])), LinearForm.Term(.main(Columns.d[0]), -KoalaBear.one),
    ])
    return [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [sel.opcodeValue] + Columns.s.forms + Columns.t.forms + d + c,
        multiplicity: isReal),
      range(c[0], c[1], isReal),
      range(c[2], c[3], isReal),
      range(d[0], d[1], isReal),
      range(d[2], d[3], isReal),
      range(extRoom, .constant(0), sel.sum([.ext])),
      range(insWidth, .constant(0), sel.sum([.ins])),
    ]
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "EXT selector is boolean", "INS selector is boolean", "SEB selector is boolean",
    "SEH selector is boolean", "WSBH selector is boolean", "MOVN selector is boolean",
    "MOVZ selector is boolean",
  ]
  static let sLimbNames: [StaticString] = [
    "s limb 0 is its bits", "s limb 1 is its bits", "s limb 2 is its bits", "s limb 3 is its bits",
  ]
  static let tLimbNames: [StaticString] = [
    "t limb 0 is its bits", "t limb 1 is its bits", "t limb 2 is its bits", "t limb 3 is its bits",
  ]
  static let fieldNames: [StaticString] = [
    "EXT/INS result limb 0", "EXT/INS result limb 1", "EXT/INS result limb 2",
    "EXT/INS result limb 3",
  ]
  static let moveBytesNames: [StaticString] = [
    "SEB/SEH/WSBH result limb 0", "SEB/SEH/WSBH result limb 1", "SEB/SEH/WSBH result limb 2",
    "SEB/SEH/WSBH result limb 3",
  ]
  static let conditionalNames: [StaticString] = [
    "MOVN/MOVZ result limb 0", "MOVN/MOVZ result limb 1", "MOVN/MOVZ result limb 2",
    "MOVN/MOVZ result limb 3",
  ]
  static let sBitNames: [StaticString] = [
    "s bit 0 is boolean", "s bit 1 is boolean", "s bit 2 is boolean", "s bit 3 is boolean",
    "s bit 4 is boolean", "s bit 5 is boolean", "s bit 6 is boolean", "s bit 7 is boolean",
    "s bit 8 is boolean", "s bit 9 is boolean", "s bit 10 is boolean", "s bit 11 is boolean",
    "s bit 12 is boolean", "s bit 13 is boolean", "s bit 14 is boolean", "s bit 15 is boolean",
    "s bit 16 is boolean", "s bit 17 is boolean", "s bit 18 is boolean", "s bit 19 is boolean",
    "s bit 20 is boolean", "s bit 21 is boolean", "s bit 22 is boolean", "s bit 23 is boolean",
    "s bit 24 is boolean", "s bit 25 is boolean", "s bit 26 is boolean", "s bit 27 is boolean",
    "s bit 28 is boolean", "s bit 29 is boolean", "s bit 30 is boolean", "s bit 31 is boolean",
  ]
  static let tBitNames: [StaticString] = [
    "t bit 0 is boolean", "t bit 1 is boolean", "t bit 2 is boolean", "t bit 3 is boolean",
    "t bit 4 is boolean", "t bit 5 is boolean", "t bit 6 is boolean", "t bit 7 is boolean",
    "t bit 8 is boolean", "t bit 9 is boolean", "t bit 10 is boolean", "t bit 11 is boolean",
    "t bit 12 is boolean", "t bit 13 is boolean", "t bit 14 is boolean", "t bit 15 is boolean",
    "t bit 16 is boolean", "t bit 17 is boolean", "t bit 18 is boolean", "t bit 19 is boolean",
    "t bit 20 is boolean", "t bit 21 is boolean", "t bit 22 is boolean", "t bit 23 is boolean",
    "t bit 24 is boolean", "t bit 25 is boolean", "t bit 26 is boolean", "t bit 27 is boolean",
    "t bit 28 is boolean", "t bit 29 is boolean", "t bit 30 is boolean", "t bit 31 is boolean",
  ]
  static let lsbNames: [StaticString] = [
    "lsb marker 0 is boolean", "lsb marker 1 is boolean", "lsb marker 2 is boolean",
    "lsb marker 3 is boolean", "lsb marker 4 is boolean", "lsb marker 5 is boolean",
    "lsb marker 6 is boolean", "lsb marker 7 is boolean", "lsb marker 8 is boolean",
    "lsb marker 9 is boolean", "lsb marker 10 is boolean", "lsb marker 11 is boolean",
    "lsb marker 12 is boolean", "lsb marker 13 is boolean", "lsb marker 14 is boolean",
    "lsb marker 15 is boolean", "lsb marker 16 is boolean", "lsb marker 17 is boolean",
    "lsb marker 18 is boolean", "lsb marker 19 is boolean", "lsb marker 20 is boolean",
    "lsb marker 21 is boolean", "lsb marker 22 is boolean", "lsb marker 23 is boolean",
    "lsb marker 24 is boolean", "lsb marker 25 is boolean", "lsb marker 26 is boolean",
    "lsb marker 27 is boolean", "lsb marker 28 is boolean", "lsb marker 29 is boolean",
    "lsb marker 30 is boolean", "lsb marker 31 is boolean",
  ]
  static let topNames: [StaticString] = [
    "top marker 0 is boolean", "top marker 1 is boolean", "top marker 2 is boolean",
    "top marker 3 is boolean", "top marker 4 is boolean", "top marker 5 is boolean",
    "top marker 6 is boolean", "top marker 7 is boolean", "top marker 8 is boolean",
    "top marker 9 is boolean", "top marker 10 is boolean", "top marker 11 is boolean",
    "top marker 12 is boolean", "top marker 13 is boolean", "top marker 14 is boolean",
    "top marker 15 is boolean", "top marker 16 is boolean", "top marker 17 is boolean",
    "top marker 18 is boolean", "top marker 19 is boolean", "top marker 20 is boolean",
    "top marker 21 is boolean", "top marker 22 is boolean", "top marker 23 is boolean",
    "top marker 24 is boolean", "top marker 25 is boolean", "top marker 26 is boolean",
    "top marker 27 is boolean", "top marker 28 is boolean", "top marker 29 is boolean",
    "top marker 30 is boolean", "top marker 31 is boolean",
  ]
  static let shiftedNames: [StaticString] = [
    "shifted bit 0", "shifted bit 1", "shifted bit 2", "shifted bit 3", "shifted bit 4",
    "shifted bit 5", "shifted bit 6", "shifted bit 7", "shifted bit 8", "shifted bit 9",
    "shifted bit 10", "shifted bit 11", "shifted bit 12", "shifted bit 13", "shifted bit 14",
    "shifted bit 15", "shifted bit 16", "shifted bit 17", "shifted bit 18", "shifted bit 19",
    "shifted bit 20", "shifted bit 21", "shifted bit 22", "shifted bit 23", "shifted bit 24",
    "shifted bit 25", "shifted bit 26", "shifted bit 27", "shifted bit 28", "shifted bit 29",
    "shifted bit 30", "shifted bit 31",
  ]

  /// States the selector, bit, marker, operand, shift and result constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let sel = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``).
    sel.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let one = b.constant(1)
    func selector(_ op: Opcode) -> B.Value { b.main(sel.column(of: op)) }
    let isEXT = selector(.ext), isINS = selector(.ins)
    let isSEB = selector(.seb), isSEH = selector(.seh), isWSBH = selector(.wsbh)
    let isMOVN = selector(.movn), isMOVZ = selector(.movz)
    let s = Columns.s.limbs(b), t = Columns.t.limbs(b)
    let d = Columns.d.limbs(b), c = Columns.c.limbs(b)
    func bits(_ first: Int) -> [B.Value] { (0..<32).map { b.main(first + $0) } }
    let sBits = bits(Columns.sBits), tBits = bits(Columns.tBits)
    let L = bits(Columns.lsb), H = bits(Columns.top), u = bits(Columns.shifted)
    /// Σ 2^k·x_(8i+k), k < 8: limb i of a word given by its 32 bit terms.
    func limb(_ i: Int, _ x: (Int) -> B.Value) -> B.Value {
      var acc = b.constant(0)
      for k in (0..<8).reversed() { acc = acc + acc + x(8 * i + k) }
      return acc
    }

    // Bits of s and t: boolean, and each limb is the sum of its eight bits. So every s and
    // t limb is an integer in 0 ... 255 (this is their range check) and the bits are the
    // word's binary digits, on every row (padding rows are all 0).
    for j in 0..<32 { b.assertBoolean(sBits[j], Self.sBitNames[j]) }
    for i in 0..<4 { b.assertEqual(s[i], limb(i) { sBits[$0] }, Self.sLimbNames[i]) }
    for j in 0..<32 { b.assertBoolean(tBits[j], Self.tBitNames[j]) }
    for i in 0..<4 { b.assertEqual(t[i], limb(i) { tBits[$0] }, Self.tLimbNames[i]) }

    // nonzero = [t ≠ 0] on every row. The limbs of t are bytes, so tSum is an integer in
    // 0 ... 1020 < p and vanishes only when t = 0. When t ≠ 0, (1 − nonzero)·tSum = 0
    // forces nonzero = 1 (and inverse = 1/tSum makes the first constraint hold); when t = 0
    // the first forces nonzero = 0 whatever the inverse column holds. Degree 2.
    let tSum = t[0] + t[1] + t[2] + t[3]
    let nonZero = b.main(Columns.nonZero)
    b.assertEqual(nonZero, tSum * b.main(Columns.inverse), "nonzero is t's sum times its inverse")
    b.assertZero((one - nonZero) * tSum, "t is 0 unless nonzero")

    // Markers: each boolean, and each set's sum is 1 on EXT/INS rows and 0 elsewhere; a sum
    // of at most 32 bits is 1 only for exactly one set bit and 0 only for none. So on
    // EXT/INS rows one lsb and one top position (0 ... 31) are marked, and the thermometers
    // [j ≤ top] = Σ_(k≥j) H_k and [j < lsb] = Σ_(k>j) L_k are bits, linear in the markers,
    // with top = Σ_(j≥1) [j ≤ top] and lsb = Σ_j [j < lsb].
    let isField = isEXT + isINS
    for k in 0..<32 { b.assertBoolean(L[k], Self.lsbNames[k]) }
    for k in 0..<32 { b.assertBoolean(H[k], Self.topNames[k]) }
    var atOrBelowTop = [B.Value](repeating: b.constant(0), count: 32)
    var belowLsb = [B.Value](repeating: b.constant(0), count: 32)
    var sumH = b.constant(0), sumL = b.constant(0), lsb = b.constant(0), top = b.constant(0)
    for j in (0..<32).reversed() {
      sumH = sumH + H[j]
      atOrBelowTop[j] = sumH
      belowLsb[j] = sumL
      sumL = sumL + L[j]
      lsb = lsb + belowLsb[j]
      if j > 0 { top = top + sumH }
    }
    b.assertEqual(sumL, isField, "one lsb marker on EXT/INS rows")
    b.assertEqual(sumH, isField, "one top marker on EXT/INS rows")

    // The third operand. EXT/INS: d = (lsb, top, 0, 0), the markers' positions; then the
    // range lookups make 31 − lsb − msbd (EXT) and msb − lsb (INS) bytes: both lie in
    // −31 ... 31, and a negative one is p − 31 ... p − 1, no byte. So a row proves EXT only
    // for lsb + msbd ≤ 31 and INS only for lsb ≤ msb, the encodings the executor completes
    // (it raises a reserved-instruction fault on the others). SEB/SEH/WSBH: d = 0. The d
    // limbs are range-checked bytes, so a sum of them vanishes only when each limb does.
    // Degree 2.
    b.assertZero(isField * (d[0] - lsb), "d0 is the marked lsb")
    b.assertZero(isField * (d[1] - top), "d1 is the marked top")
    b.assertZero(isField * (d[2] + d[3]), "d2 and d3 are 0 on EXT/INS rows")
    b.assertZero(
      (isSEB + isSEH + isWSBH) * (d[0] + d[1] + d[2] + d[3]), "d is 0 on SEB/SEH/WSBH rows")

    // Shifted bits: with the one marked lsb ℓ, u_j = s_(j+ℓ) on EXT rows (0 past bit 31:
    // u = s >> ℓ) and u_j = s_(j−ℓ) on INS rows (0 below bit ℓ: u = s << ℓ mod 2^32); on
    // the other rows no marker is set and u = 0. Each u_j is thus one bit of s or 0.
    // Degree 3 (selector·marker·bit).
    for j in 0..<32 {
      var right = b.constant(0), left = b.constant(0)
      for k in 0..<(32 - j) { right = right + L[k] * sBits[j + k] }
      for k in 0...j { left = left + L[k] * sBits[j - k] }
      b.assertEqual(u[j], isEXT * right + isINS * left, Self.shiftedNames[j])
    }

    // EXT/INS results, bit j of c (j = 8i + k) summed into limb i:
    // - EXT: c_j = [j ≤ msbd]·u_j, the low msbd + 1 bits of s >> lsb (and j ≤ msbd implies
    //   j + lsb ≤ 31, so no bit of u there is a fill bit);
    // - INS: the window w_j = [j ≤ msb] − [j < lsb] is [lsb ≤ j ≤ msb] (lsb ≤ msb, so
    //   j < lsb implies j ≤ msb), and c_j = t_j + w_j·(u_j − t_j) is s_(j−lsb) inside the
    //   window and t_j outside it: t's limb plus the window's change.
    // Both sides of each limb equation are integers below 2^8 (sums of bits), so field
    // equality is integer equality. Degree 3.
    for i in 0..<4 {
      let extracted = limb(i) { atOrBelowTop[$0] * u[$0] }
      let inserted = t[i] + limb(i) { (atOrBelowTop[$0] - belowLsb[$0]) * (u[$0] - tBits[$0]) }
      b.assertZero(isEXT * (c[i] - extracted) + isINS * (c[i] - inserted), Self.fieldNames[i])
    }

    // SEB: (t0, 255·t_7, 255·t_7, 255·t_7); SEH: (t0, t1, 255·t_15, 255·t_15); WSBH:
    // (t1, t0, t3, t2). The sign bits are t's bits, so the fill limbs are 0 or 255. Degree 2.
    let byteSign = b.constant(255) * tBits[7], halfSign = b.constant(255) * tBits[15]
    let seb = [t[0], byteSign, byteSign, byteSign]
    let seh = [t[0], t[1], halfSign, halfSign]
    let wsbh = [t[1], t[0], t[3], t[2]]
    for i in 0..<4 {
      b.assertZero(
        isSEB * (c[i] - seb[i]) + isSEH * (c[i] - seh[i]) + isWSBH * (c[i] - wsbh[i]),
        Self.moveBytesNames[i])
    }

    // MOVN: c = d + nonzero·(s − d); MOVZ: c = s + nonzero·(d − s), limb by limb, with
    // nonzero = [t ≠ 0] exactly (above). Degree 3.
    for i in 0..<4 {
      b.assertZero(
        isMOVN * (c[i] - d[i] - nonZero * (s[i] - d[i]))
          + isMOVZ * (c[i] - s[i] - nonZero * (d[i] - s[i])),
        Self.conditionalNames[i])
    }
  }

  // MARK: - Trace generation

  /// The value `opcode` writes, given rs = s, rt = t and the third operand d (see
  /// ``MiscOperation``), as the executor computes it.
  ///
  /// - Precondition: for EXT, d = lsb | msbd << 8 with lsb + msbd ≤ 31; for INS,
  ///   d = lsb | msb << 8 with lsb ≤ msb ≤ 31 (the executor faults on the other encodings).
  public static func result(_ opcode: Opcode, s: UInt32, t: UInt32, d: UInt32) -> UInt32 {
    switch opcode {
    case .ext:
      let lsb = d & 0xff, msbd = d >> 8
      precondition(lsb + msbd <= 31, "EXT with lsb + msbd > 31 faults")
      let size = msbd + 1
      let mask: UInt32 = size == 32 ? .max : (1 << size) - 1
      return (s >> lsb) & mask
    case .ins:
      let lsb = d & 0xff, msb = d >> 8
      precondition(lsb <= msb && msb <= 31, "INS with msb < lsb faults")
      let size = msb - lsb + 1
      let mask: UInt32 = size == 32 ? .max : (1 << size) - 1
      return (t & ~(mask << lsb)) | ((s & mask) << lsb)
    case .seb: return UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: t)))
    case .seh: return UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: t)))
    case .wsbh: return ((t & 0x00ff_00ff) << 8) | ((t >> 8) & 0x00ff_00ff)
    case .movn: return t != 0 ? s : d
    case .movz: return t == 0 ? s : d
    default: preconditionFailure("\(opcode) is not a misc instruction")
    }
  }

  /// The ALU-bus message of `op`: (opcode, s, t, d, result) as 17 field elements.
  public static func tuple(_ op: MiscOperation) -> [KoalaBear] {
    let c = result(op.opcode, s: op.s, t: op.t, d: op.d)
    return [KoalaBear(UInt32(op.opcode.rawValue))]
      + [op.s, op.t, op.d, c].flatMap { WordColumns.limbs(of: $0).map { KoalaBear($0) } }
  }

  /// The trace for `operations`, padded with zero rows to a power of two ≥ max(4,
  /// `minimumHeight`); the byte lookups it sends are added to `lookups`.
  ///
  /// - Precondition: every opcode is one of ``opcodes``; d is as ``result(_:s:t:d:)``
  ///   requires for EXT/INS and 0 for SEB, SEH and WSBH.
  public func generateTrace(
    _ operations: [MiscOperation], lookups: inout ByteLookups, minimumHeight: Int = 4
  ) -> RowMajorMatrix {
    var trace = RowMajorMatrix(
      zerosHeight: paddedHeight(operations.count, minimum: minimumHeight), width: width)
    for (row, op) in operations.enumerated() {
      precondition(Self.opcodes.contains(op.opcode), "\(op.opcode) is not a misc instruction")
      precondition(
        op.d == 0 || ![.seb, .seh, .wsbh].contains(op.opcode), "\(op.opcode) takes d = 0")
      fill(op, row: row, in: &trace)
    }
    lookups.record(self, trace: trace)
    return trace
  }

  /// Writes row `row` for `op` (the row starts as zeros).
  func fill(_ op: MiscOperation, row: Int, in trace: inout RowMajorMatrix) {
    let c = Self.result(op.opcode, s: op.s, t: op.t, d: op.d)
    Columns.selectors.write(op.opcode, to: &trace, row: row)
    Columns.s.write(op.s, to: &trace, row: row)
    Columns.t.write(op.t, to: &trace, row: row)
    Columns.d.write(op.d, to: &trace, row: row)
    Columns.c.write(c, to: &trace, row: row)
    for j in 0..<32 {
      trace[row, Columns.sBits + j] = KoalaBear((op.s >> UInt32(j)) & 1)
      trace[row, Columns.tBits + j] = KoalaBear((op.t >> UInt32(j)) & 1)
    }
    let tSum = WordColumns.limbs(of: op.t).reduce(0, +)
    if tSum != 0 {
      trace[row, Columns.nonZero] = .one
      trace[row, Columns.inverse] = KoalaBear(tSum).inverse()!
    }
    if op.opcode == .ext || op.opcode == .ins {
      let lsb = op.d & 0xff, top = op.d >> 8
      trace[row, Columns.lsb + Int(lsb)] = .one
      trace[row, Columns.top + Int(top)] = .one
      let u = op.opcode == .ext ? op.s >> lsb : op.s << lsb
      for j in 0..<32 { trace[row, Columns.shifted + j] = KoalaBear((u >> UInt32(j)) & 1) }
    }
  }
}
