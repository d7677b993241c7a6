import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The multiply chip: one row per MUL, MULT, MULTU, MADD, MADDU, MSUB or MSUBU, proving the
/// 64-bit product of two words (signed or unsigned), optionally added to or subtracted from
/// the old HI:LO, on byte limbs.
///
/// ALU-bus tuples (the opcode is the instruction's `Opcode.rawValue`, Σ rawValue·selector
/// as in ``AddSubChip``; each word is 4 byte limbs, least significant first):
/// - MUL: (opcode, a, b, lo), 13 elements, where lo is the low word of the signed product
///   (the value MUL writes to rd; MUL leaves HI and LO alone);
/// - MULT, MULTU: (opcode, a, b, hi, lo), 17 elements: HI and LO after the instruction;
/// - MADD, MADDU, MSUB, MSUBU: (opcode, a, b, hiOld, loOld, hi, lo), 25 elements: HI and
///   LO before and after.
///
/// The opcode fixes the length, so tuples of different lengths never collide on the bus.
/// MFHI, MFLO, MTHI and MTLO compute nothing (they move a word between a register and
/// HI/LO) and are the CPU chip's register/HI-LO accesses, not rows of this chip.
///
/// Operand and old-HI/LO limbs are range-checked here for now, like ``AddSubChip``'s operands.
public struct MultiplyChip: AIR {
  /// The multiply chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.mul, .mult, .multu, .madd, .maddu, .msub, .msubu]
  /// Opcodes multiplying the operands as signed (two's complement) words.
  public static let signedOpcodes: [Opcode] = [.mul, .mult, .madd, .msub]
  /// Opcodes multiplying the operands as unsigned words.
  public static let unsignedOpcodes: [Opcode] = [.multu, .maddu, .msubu]
  /// Opcodes computing HI:LO + product.
  public static let addOpcodes: [Opcode] = [.madd, .maddu]
  /// Opcodes computing HI:LO − product.
  public static let subtractOpcodes: [Opcode] = [.msub, .msubu]

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``MultiplyChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(MultiplyChip.opcodes, first: 0)
    /// First operand (rs).
    public static let a = WordColumns(selectors.end)
    /// Second operand (rt).
    public static let b = WordColumns(a.end)
    /// Low word of the result (of the product, or of the new HI:LO).
    public static let lo = WordColumns(b.end)
    /// High word of the result.
    public static let hi = WordColumns(lo.end)
    /// LO before a MADD/MSUB-family instruction (0 on other rows).
    public static let accLo = WordColumns(hi.end)
    /// HI before a MADD/MSUB-family instruction (0 on other rows).
    public static let accHi = WordColumns(accLo.end)
    /// Sign bit of a on signed rows, 0 on unsigned rows.
    public static let signA = accHi.end
    /// Sign bit of b on signed rows, 0 on unsigned rows.
    public static let signB = signA + 1
    /// The carry out of result limb k (k = 0 ... 7) as two byte columns, low then high:
    /// carry_k = carryBytes(2k) + 256·carryBytes(2k + 1).
    public static let carryBytes = signB + 1
    /// Number of columns.
    public static let width = carryBytes + 16
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "multiply" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The three ALU-bus receives, the range checks and the sign-bit lookups.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    let op = [s.opcodeValue], a = Columns.a.forms, b = Columns.b.forms
    var all = [
      Interaction(
        bus: MachineBus.alu, direction: .receive, values: op + a + b + Columns.lo.forms,
        multiplicity: s.sum([.mul])),
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: op + a + b + Columns.hi.forms + Columns.lo.forms,
        multiplicity: s.sum([.mult, .multu])),
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: op + a + b + Columns.accHi.forms + Columns.accLo.forms + Columns.hi.forms
          + Columns.lo.forms,
        multiplicity: s.sum(Self.addOpcodes + Self.subtractOpcodes)),
    ]
    // Range checks: every limb of a, b, lo, hi, accLo, accHi and both bytes of every carry,
    // two bytes per message, on every real row.
    var bytes: [Int] = []
    for word in [Columns.a, Columns.b, Columns.lo, Columns.hi, Columns.accLo, Columns.accHi] {
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
    // Sign bits on signed rows: (and, x3, 0x80, 0x80·sign) is a byte-table row only when
    // sign is x3's top bit (so it is boolean).
    for (word, sign) in [(Columns.a, Columns.signA), (Columns.b, Columns.signB)] {
      all.append(
        Interaction(
          bus: MachineBus.byte, direction: .send,
          values: [
            .constant(ByteOperation.and.rawValue), .main(word[3]), .constant(0x80),
            LinearForm([LinearForm.Term(.main(sign), KoalaBear(0x80))]),
          ],
          multiplicity: s.sum(Self.signedOpcodes)))
    }
    return all
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "MUL selector is boolean", "MULT selector is boolean", "MULTU selector is boolean",
    "MADD selector is boolean", "MADDU selector is boolean", "MSUB selector is boolean",
    "MSUBU selector is boolean",
  ]
  static let limbNames: [StaticString] = [
    "product limb 0 sums", "product limb 1 sums", "product limb 2 sums", "product limb 3 sums",
    "product limb 4 sums", "product limb 5 sums", "product limb 6 sums", "product limb 7 sums",
  ]

  /// States the selector, unsigned-sign and product-limb constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``); so the receives'
    // multiplicities and isAdd, isSub below are boolean, and 0 on padding rows.
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let isUnsigned = s.sum(Self.unsignedOpcodes).evaluate(b)
    let isAdd = s.sum(Self.addOpcodes).evaluate(b)
    let isSub = s.sum(Self.subtractOpcodes).evaluate(b)
    let sa = b.main(Columns.signA), sb = b.main(Columns.signB)

    // Unsigned rows: no sign extension. (On signed rows the AND lookups make the sign
    // columns the operands' top bits; with these two constraints every real row's sign
    // columns are bits, and the right ones for its opcode.)
    b.assertZero(isUnsigned * sa, "unsigned rows: a is not sign-extended")
    b.assertZero(isUnsigned * sb, "unsigned rows: b is not sign-extended")

    // The operands as 8 byte limbs: a's 4 limbs, then 255·sign four times. On signed rows
    // that is a's two's-complement extension to 64 bits, on unsigned rows its zero
    // extension; call the 64-bit values A and B. A·B mod 2^64 is the 64-bit product MULT /
    // MULTU define (signed: sign-extended operands multiply to the signed product mod 2^64).
    let radix = b.constant(256), ff = b.constant(255)
    let x = Columns.a.limbs(b) + Array(repeating: ff * sa, count: 4)
    let y = Columns.b.limbs(b) + Array(repeating: ff * sb, count: 4)
    let result = Columns.lo.limbs(b) + Columns.hi.limbs(b)
    let acc = Columns.accLo.limbs(b) + Columns.accHi.limbs(b)
    let carry = (0..<8).map {
      b.main(Columns.carryBytes + 2 * $0) + radix * b.main(Columns.carryBytes + 2 * $0 + 1)
    }

    // Limb k (k = 0 ... 7), with P_k = Σ_{i+j=k} x_i·y_j and c_(−1) = 0:
    //   MUL/MULT/MULTU: P_k + c_(k−1)              = r_k   + 256·c_k   (r = A·B)
    //   MADD(U):        P_k + acc_k + c_(k−1)      = r_k   + 256·c_k   (r = acc + A·B)
    //   MSUB(U):        P_k + r_k + c_(k−1)        = acc_k + 256·c_k   (acc = r + A·B)
    // written as one equation with the row's selectors. No wrap mod p: every x_i, y_j,
    // r_k, acc_k is a byte (range-checked, signs boolean), every carry is two range-checked
    // bytes, so < 2^16; then the left side ≤ 8·255² + 255 + 2^16 < 2^20 and the right side
    // < 255 + 256·2^16 < 2^25, both far below p ≈ 2^31, so each field equation is an
    // integer equation. Weighting limb k by 256^k and summing: Σ 256^k P_k + X = Y + 2^64·c_7,
    // and Σ_{k<8} 256^k P_k ≡ A·B (mod 2^64) (the dropped terms i + j ≥ 8 are multiples of
    // 2^64), so Y ≡ A·B + X (mod 2^64); Y's limbs are bytes, so they are that residue's
    // unique decomposition. Honest carries stay below 2^11 (≤ (8·255² + 2·255 + 2^11)/256).
    // The carry bytes must be range-checked explicitly: a carry that is only implied by the
    // equation could absorb a multiple of p (see ``AddSubChip``). On padding rows every
    // column is 0 and every equation holds.
    for k in 0..<8 {
      var product = b.constant(0)
      for i in 0...k { product = product + x[i] * y[k - i] }
      let carryIn = k == 0 ? b.constant(0) : carry[k - 1]
      let left = product + isAdd * acc[k] + isSub * result[k] + carryIn
      let right = result[k] + isSub * (acc[k] - result[k]) + radix * carry[k]
      b.assertZero(left - right, Self.limbNames[k])
    }
  }

  // MARK: - Trace generation

  /// The reference (hi, lo) of a multiply opcode on operands a, b and old HI:LO.
  public static func result(
    _ opcode: Opcode, _ a: UInt32, _ b: UInt32, hi: UInt32 = 0, lo: UInt32 = 0
  ) -> (
    hi: UInt32, lo: UInt32
  ) {
    let signed = signedOpcodes.contains(opcode)
    let p: UInt64 =
      signed
      ? UInt64(bitPattern: Int64(Int32(bitPattern: a)) &* Int64(Int32(bitPattern: b)))
      : UInt64(a) &* UInt64(b)
    let acc = UInt64(hi) << 32 | UInt64(lo)
    let r = addOpcodes.contains(opcode) ? acc &+ p : subtractOpcodes.contains(opcode) ? acc &- p : p
    return (UInt32(truncatingIfNeeded: r >> 32), UInt32(truncatingIfNeeded: r))
  }

  /// The trace for `events` (MUL, MULT(U), MADD(U), MSUB(U) events of ``ChipKind/multiply``;
  /// MFHI/MFLO/MTHI/MTLO events are skipped), padded with zero rows to a power of two
  /// ≥ max(4, `minimumHeight`); the byte lookups it sends are added to `lookups`.
  ///
  /// An event records HI and LO *after* the step, so the old HI:LO of a MADD-family event
  /// is recovered by undoing the operation (acc = new ∓ product, exactly, mod 2^64).
  public func generateTrace(
    _ events: [ALUEvent], lookups: inout ByteLookups, minimumHeight: Int = 4
  ) -> RowMajorMatrix {
    let rows = events.filter { Self.opcodes.contains($0.opcode) }.map { e -> Row in
      var row = Row(opcode: e.opcode, a: e.a, b: e.b, accHi: 0, accLo: 0)
      if Self.addOpcodes.contains(e.opcode) || Self.subtractOpcodes.contains(e.opcode) {
        // Undo: MADD's old acc = new − p, MSUB's = new + p (the inverse opcode's result).
        let inverse: Opcode = [.madd: .msub, .maddu: .msubu, .msub: .madd, .msubu: .maddu][
          e.opcode]!
        let old = Self.result(inverse, e.a, e.b, hi: e.hi, lo: e.lo)
        row.accHi = old.hi
        row.accLo = old.lo
      }
      return row
    }
    return generateTrace(rows, lookups: &lookups, minimumHeight: minimumHeight)
  }

  /// One row's inputs: the opcode, its operands and the old HI:LO (0 unless MADD/MSUB family).
  public struct Row: Sendable, Hashable {
    /// The instruction.
    public var opcode: Opcode
    /// First operand (rs).
    public var a: UInt32
    /// Second operand (rt).
    public var b: UInt32
    /// HI before the instruction (MADD/MSUB family only).
    public var accHi: UInt32
    /// LO before the instruction (MADD/MSUB family only).
    public var accLo: UInt32

    /// A row of `opcode` on (a, b) with old HI:LO = (accHi, accLo).
    public init(opcode: Opcode, a: UInt32, b: UInt32, accHi: UInt32 = 0, accLo: UInt32 = 0) {
      self.opcode = opcode
      self.a = a
      self.b = b
      self.accHi = accHi
      self.accLo = accLo
    }
  }

  /// The trace for `rows`, as for events.
  public func generateTrace(_ rows: [Row], lookups: inout ByteLookups, minimumHeight: Int = 4)
    -> RowMajorMatrix
  {
    var trace = RowMajorMatrix(
      zerosHeight: paddedHeight(rows.count, minimum: minimumHeight), width: width)
    for (row, e) in rows.enumerated() {
      precondition(Self.opcodes.contains(e.opcode), "\(e.opcode) is not a multiply instruction")
      let signed = Self.signedOpcodes.contains(e.opcode)
      let isAcc = Self.addOpcodes.contains(e.opcode) || Self.subtractOpcodes.contains(e.opcode)
      let (accHi, accLo) = isAcc ? (e.accHi, e.accLo) : (0, 0)
      let r = Self.result(e.opcode, e.a, e.b, hi: accHi, lo: accLo)
      Columns.selectors.write(e.opcode, to: &trace, row: row)
      Columns.a.write(e.a, to: &trace, row: row)
      Columns.b.write(e.b, to: &trace, row: row)
      Columns.lo.write(r.lo, to: &trace, row: row)
      Columns.hi.write(r.hi, to: &trace, row: row)
      Columns.accLo.write(accLo, to: &trace, row: row)
      Columns.accHi.write(accHi, to: &trace, row: row)
      let sa: UInt32 = signed ? e.a >> 31 : 0, sb: UInt32 = signed ? e.b >> 31 : 0
      trace[row, Columns.signA] = KoalaBear(sa)
      trace[row, Columns.signB] = KoalaBear(sb)
      // The carries of the limb equations, computed as the constraints state them.
      let x = WordColumns.limbs(of: e.a) + Array(repeating: 255 * sa, count: 4)
      let y = WordColumns.limbs(of: e.b) + Array(repeating: 255 * sb, count: 4)
      let res = WordColumns.limbs(of: r.lo) + WordColumns.limbs(of: r.hi)
      let acc = WordColumns.limbs(of: accLo) + WordColumns.limbs(of: accHi)
      let isSub = Self.subtractOpcodes.contains(e.opcode),
        isAdd = Self.addOpcodes.contains(e.opcode)
      var carry: UInt64 = 0
      for k in 0..<8 {
        var left = carry
        for i in 0...k { left += UInt64(x[i]) * UInt64(y[k - i]) }
        if isAdd { left += UInt64(acc[k]) }
        if isSub { left += UInt64(res[k]) }
        let out = UInt64(isSub ? acc[k] : res[k])
        precondition(left >= out && (left - out) % 256 == 0, "limb \(k) does not divide")
        carry = (left - out) / 256
        precondition(carry < 1 << 16)
        trace[row, Columns.carryBytes + 2 * k] = KoalaBear(UInt32(carry & 0xff))
        trace[row, Columns.carryBytes + 2 * k + 1] = KoalaBear(UInt32(carry >> 8))
      }
    }
    lookups.record(self, trace: trace)
    return trace
  }
}
