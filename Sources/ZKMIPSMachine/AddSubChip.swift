import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The add/sub chip: one row per ADD, ADDU, ADDI, ADDIU, SUB or SUBU, proving
/// c = a + b or c = a − b (mod 2^32) on byte limbs, and that ADD, ADDI and SUB did not
/// overflow.
///
/// It receives (opcode, a0..a3, b0..b3, c0..c3) on ``MachineBus/alu`` with multiplicity
/// is_real, where `opcode` is the instruction's own `Opcode.rawValue` (immediate forms
/// included: the sender passes the extended immediate as b). The row's opcode is not a
/// free column: it is Σ rawValue·selector over one boolean selector per opcode, so it can
/// only be one of the six opcodes above, and the arithmetic a row proves is chosen by the
/// same selectors.
///
/// ADD, ADDI and SUB trap on signed overflow: the executor faults before the instruction
/// completes, and the run ends there. A row carries an `overflows` flag that is *exactly*
/// the overflow test of its operands (0 on every other opcode), and the opcode it receives
/// is rawValue + ``overflowTag`` · overflows. The CPU sends the tagged opcode only from the
/// row that halts the run (as an overflow fault), so a prover can neither pass off a
/// trapping instruction as one that wrote its wrapped result, nor claim an overflow fault
/// where the operation fits.
///
/// Operand limbs are range-checked here for now, because no CPU chip vouches for them yet;
/// once the CPU chip range-checks the operands it sends, the a and b checks move there.
public struct AddSubChip: OperationChip {
  /// The add/sub chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [.add, .addu, .addi, .addiu, .sub, .subu]
  /// Opcodes computing a + b.
  public static let addOpcodes: [Opcode] = [.add, .addu, .addi, .addiu]
  /// Opcodes computing a − b.
  public static let subOpcodes: [Opcode] = [.sub, .subu]
  /// Added to the opcode of an ADD, ADDI or SUB that overflows (every `Opcode.rawValue` is
  /// below it, so no other receiver of the ALU bus accepts a tagged opcode).
  public static let overflowTag: UInt32 = 256

  /// Whether `opcode` (ADD, ADDI or SUB) overflows on `a` and `b` as signed integers.
  public static func overflows(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) -> Bool {
    switch opcode {
    case .add, .addi: Int32(bitPattern: a).addingReportingOverflow(Int32(bitPattern: b)).overflow
    case .sub: Int32(bitPattern: a).subtractingReportingOverflow(Int32(bitPattern: b)).overflow
    default: false
    }
  }

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``AddSubChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(AddSubChip.opcodes, first: 0)
    /// First operand (rs).
    public static let a = WordColumns(selectors.end)
    /// Second operand (rt, or the sign-extended immediate).
    public static let b = WordColumns(a.end)
    /// Result: a + b or a − b.
    public static let c = WordColumns(b.end)
    /// Carry out of each limb: of a + b for additions, of c + b for subtractions.
    public static let carry = WordColumns(c.end)
    /// Sign bit (bit 31) of a; like the other two, looked up on ADD, ADDI and SUB rows only.
    public static let signA = carry.end
    /// Sign bit of b.
    public static let signB = signA + 1
    /// Sign bit of c.
    public static let signC = signA + 2
    /// 1 when an ADD, ADDI or SUB overflows (the run's faulting instruction).
    public static let overflows = signC + 1
    /// Number of columns.
    public static let width = overflows + 1
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "add_sub" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, six range checks and, on trapping rows, three sign-bit lookups.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    var all = [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [
          s.opcodeValue
            + LinearForm([.init(.main(Columns.overflows), KoalaBear(AddSubChip.overflowTag))])
        ] + Columns.a.forms + Columns.b.forms + Columns.c.forms,
        multiplicity: isReal)
    ]
    // Range checks: every limb of a, b and c is a byte, two limbs per message.
    for word in [Columns.a, Columns.b, Columns.c] {
      for pair in [0, 2] {
        all.append(
          Interaction(
            bus: MachineBus.byte, direction: .send,
            values: [
              .constant(ByteOperation.range.rawValue), .main(word[pair]), .main(word[pair + 1]),
              .constant(0),
            ],
            multiplicity: isReal))
      }
    }
    // Sign bits: (and, x3, 0x80, 0x80·sign) is a row of the byte table only when x3 is a
    // byte and sign is its top bit (so sign is boolean); needed only where overflow traps.
    let trapping = s.sum([.add, .addi, .sub])
    for (word, sign) in [
      (Columns.a, Columns.signA), (Columns.b, Columns.signB), (Columns.c, Columns.signC),
    ] {
      all.append(
        Interaction(
          bus: MachineBus.byte, direction: .send,
          values: [
            .constant(ByteOperation.and.rawValue), .main(word[3]), .constant(0x80),
            LinearForm([LinearForm.Term(.main(sign), KoalaBear(0x80))]),
          ],
          multiplicity: trapping))
    }
    return all
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "ADD selector is boolean", "ADDU selector is boolean", "ADDI selector is boolean",
    "ADDIU selector is boolean", "SUB selector is boolean", "SUBU selector is boolean",
  ]
  static let carryNames: [StaticString] = [
    "carry 0 is boolean", "carry 1 is boolean", "carry 2 is boolean", "carry 3 is boolean",
  ]
  static let addNames: [StaticString] = [
    "add: limb 0 sums", "add: limb 1 sums", "add: limb 2 sums", "add: limb 3 sums",
  ]
  static let subNames: [StaticString] = [
    "sub: limb 0 sums", "sub: limb 1 sums", "sub: limb 2 sums", "sub: limb 3 sums",
  ]

  /// States the selector, carry, limb-sum and no-overflow constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean and at most one set (see ``OpcodeSelectors``). This makes
    // is_real, isAdd and isSub below boolean, and 0 on padding rows.
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let isAdd = s.sum(Self.addOpcodes).evaluate(b)
    let isSub = s.sum(Self.subOpcodes).evaluate(b)
    let first = Columns.a.limbs(b), second = Columns.b.limbs(b), result = Columns.c.limbs(b)
    let k = Columns.carry.limbs(b)
    let radix = b.constant(256)

    // Carries are boolean. With byte limbs (range-checked on the byte bus), every limb
    // equation below then has both sides in [0, 2·255 + 1] = [0, 511], far below
    // p = 2^31 − 2^24 + 1, so the field equation is an equation of integers: no wrap.
    // Byte limbs alone are not enough: carry 3 unconstrained frees c3, and carries 0...2
    // unconstrained let field carries absorb a multiple of p. For instance 0 + 0 = p =
    // 0x7f000001 holds limb by limb, every limb a byte, with k0 = −1/256, k1 = −1/2^16,
    // k2 = −1/2^24 = 127 and k3 = 0 (mod p), because 127·2^24 = p − 1 (a test checks it).
    for i in 0..<4 { b.assertBoolean(k[i], Self.carryNames[i]) }

    // Addition: a_i + b_i + k_(i−1) = c_i + 256·k_i for i = 0...3 (k_(−1) = 0). Weighting
    // limb i by 256^i and summing gives a + b = c + 2^32·k_3 over the integers, so
    // c = (a + b) mod 2^32, and c's limbs are its unique byte decomposition.
    for i in 0..<4 {
      let carryIn = i == 0 ? b.constant(0) : k[i - 1]
      b.assertZero(
        isAdd * (first[i] + second[i] + carryIn - result[i] - radix * k[i]), Self.addNames[i])
    }
    // Subtraction, checked as the addition c + b = a: c_i + b_i + k_(i−1) = a_i + 256·k_i,
    // so c + b = a + 2^32·k_3 and c = (a − b) mod 2^32, by the same argument.
    for i in 0..<4 {
      let carryIn = i == 0 ? b.constant(0) : k[i - 1]
      b.assertZero(
        isSub * (result[i] + second[i] + carryIn - first[i] - radix * k[i]), Self.subNames[i])
    }

    // Signed overflow of the trapping opcodes is the overflows flag, exactly. The sign
    // columns are a, b and c's top bits (boolean, via the byte-table AND lookups sent on
    // exactly these rows). ADD/ADDI overflow iff sign(a) = sign(b) ≠ sign(c). For bits,
    // (sc − sa)·(sc − sb) is 1 exactly when sa = sb ≠ sc and 0 otherwise, so it *is* the
    // overflow bit. SUB computes c = a − b, checked as a = c + b (mod 2^32). As signed
    // integers, a − b fits in 32 bits iff it equals c, iff c + b = a holds without signed
    // overflow; so SUB's overflow bit is the ADD test on c + b with sum a:
    // (sa − sc)·(sa − sb). Other opcodes never overflow (flag 0), which also makes the
    // flag boolean on every row.
    let sa = b.main(Columns.signA), sb = b.main(Columns.signB), sc = b.main(Columns.signC)
    let overflows = b.main(Columns.overflows)
    let addTraps = b.main(s.column(of: .add)) + b.main(s.column(of: .addi))
    let sub = b.main(s.column(of: .sub))
    b.assertZero(addTraps * ((sc - sa) * (sc - sb) - overflows), "ADD/ADDI overflow iff flagged")
    b.assertZero(sub * ((sa - sc) * (sa - sb) - overflows), "SUB overflows iff flagged")
    b.assertZero(
      (b.constant(1) - addTraps - sub) * overflows, "only ADD, ADDI and SUB overflow")
  }

  // MARK: - Trace generation

  /// Writes the row for `e` (see ``OperationChip``).
  public func fill(_ e: ALUOperation, row: Int, in trace: inout RowMajorMatrix) {
    let isAdd = Self.addOpcodes.contains(e.opcode)
    let c = isAdd ? e.a &+ e.b : e.a &- e.b
    Columns.selectors.write(e.opcode, to: &trace, row: row)
    Columns.a.write(e.a, to: &trace, row: row)
    Columns.b.write(e.b, to: &trace, row: row)
    Columns.c.write(c, to: &trace, row: row)
    // The carries of the addition the constraints check: a + b, or c + b for a − b.
    let (x, y) = isAdd ? (e.a, e.b) : (c, e.b)
    var carry: UInt32 = 0
    for (i, (xi, yi)) in zip(WordColumns.limbs(of: x), WordColumns.limbs(of: y)).enumerated() {
      carry = (xi + yi + carry) >> 8
      trace[row, Columns.carry[i]] = KoalaBear(carry)
    }
    trace[row, Columns.signA] = KoalaBear(e.a >> 31)
    trace[row, Columns.signB] = KoalaBear(e.b >> 31)
    trace[row, Columns.signC] = KoalaBear(c >> 31)
    if Self.overflows(e.opcode, e.a, e.b) { trace[row, Columns.overflows] = .one }
  }
}

/// The smallest power of two ≥ max(`count`, `minimum`, 4): a table's height.
func paddedHeight(_ count: Int, minimum: Int) -> Int {
  var h = 4
  while h < max(count, minimum) { h <<= 1 }
  return h
}
