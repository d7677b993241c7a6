import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

// MARK: - Operations

/// What a memory-instruction chip row proves: a load or store at a byte offset within
/// the aligned word it accesses, with the word and rt before and after.
///
/// The CPU chip computes the effective address, reads and writes the *aligned* word on the
/// memory bus and the register rt on the register file; this chip only relates the four
/// values at the offset the address's low two bits give.
public struct MemoryOperation: Sendable, Equatable {
  /// The instruction (LB ... SC).
  public var opcode: Opcode
  /// The effective address's low two bits (0 ... 3).
  public var offset: Int
  /// The aligned memory word before the instruction.
  public var w: UInt32
  /// Register rt before the instruction.
  public var t: UInt32
  /// The aligned memory word after the instruction.
  public var n: UInt32
  /// Register rt after the instruction: the loaded value, t for a store, SC's success flag.
  public var r: UInt32

  /// Whether the access is misaligned for its opcode: the instruction faults (and changes
  /// nothing).
  public var faults: Bool { !MemoryInstructionChip.legalOffsets(opcode).contains(offset) }
  /// Whether the (aligned) access is the run's fault on an unmapped page: received with the
  /// opcode + 512.
  public var unmapped = false

  /// An operation with these fields, taken as given.
  public init(opcode: Opcode, offset: Int, w: UInt32, t: UInt32, n: UInt32, r: UInt32) {
    self.opcode = opcode
    self.offset = offset
    self.w = w
    self.t = t
    self.n = n
    self.r = r
  }

  /// `opcode` at `offset` on the word `w` and rt = `t`, its effects from
  /// ``MemoryInstructionChip/apply(_:offset:w:t:success:)`` (`success` matters to SC only).
  public init(_ opcode: Opcode, offset: Int, w: UInt32, t: UInt32, success: Bool = false) {
    let (n, r) = MemoryInstructionChip.apply(opcode, offset: offset, w: w, t: t, success: success)
    self.init(opcode: opcode, offset: offset, w: w, t: t, n: n, r: r)
  }

  /// The operation an executed load or store records.
  ///
  /// The offset is the low two bits of rs + the sign-extended immediate; w and n are the
  /// aligned word before and after, t is rt before. r is rt after: t for a store, else the
  /// destination's value — except when rt is `$zero` (the step then records no write), where
  /// a load's value is recomputed and SC's flag is read off memory (it succeeded iff the word
  /// changed; when t = w both flags give the same word, and 0 is taken).
  ///
  /// - Precondition: `step` is a memory instruction (``ZKMIPSExecutor/ChipKind/memory``).
  public init(_ step: StepRecord) {
    let opcode = step.opcode
    precondition(opcode.chip == .memory, "\(opcode) is not a memory instruction")
    let immediate = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: step.instruction)))
    let offset = Int((step.rsValue &+ immediate) & 3)
    let w = step.memoryBefore, t = step.rtValue
    let r: UInt32
    if opcode.isStore && opcode != .sc {
      r = t
    } else if step.destination != 0 {
      r = step.destinationValue
    } else if opcode == .sc {
      r = step.memoryAfter != w ? 1 : 0
    } else {
      r = MemoryInstructionChip.apply(opcode, offset: offset, w: w, t: t, success: false).r
    }
    self.init(opcode: opcode, offset: offset, w: w, t: t, n: step.memoryAfter, r: r)
  }
}

// MARK: - The chip

/// The memory-instruction chip: one row per LB, LBU, LH, LHU, LW, LL, LWL, LWR, SB, SH, SW,
/// SWL, SWR or SC, proving how the instruction changes the aligned word it accesses and
/// register rt, at the byte offset of its effective address (little-endian).
///
/// It receives (opcode, offset, w0..w3, t0..t3, n0..n3, r0..r3), 18 elements, on
/// ``MachineBus/alu`` with multiplicity is_real (Σ selectors, the opcode Σ rawValue ·
/// selector as in ``AddSubChip``): w and n are the aligned word before and after, t and r
/// register rt before and after (see ``MemoryOperation``). Loads leave the word (n = w) and
/// write rt; stores leave rt (r = t) and write the word; SC writes t to the word when its
/// success flag s (chosen by the sender, which knows the LL reservation) is 1 and returns
/// r = (s, 0, 0, 0).
///
/// Method: a one-hot of the offset (its sum is is_real); then every limb of r and of n is,
/// for the row's opcode and offset, one input limb (of w or t), 0, or the sign fill
/// 255 · sign (the source tables `resultSource` and `newWordSource` below), which the
/// constraints state as Σ selector · offset bit · source, degree 3. The misaligned
/// offsets the executor faults on (LH/LHU/SH at 1 or 3, LW/LL/SW/SC at anything but 0) are
/// excluded by constraint, except on a row flagged `faults`: an LH, LHU, SH, LW, LL, SW or SC that
/// the constraints show *is* misaligned, received with the opcode rawValue +
/// ``AddSubChip/overflowTag`` (the CPU sends that tag only from the row that halts the run
/// as an unaligned-access fault); such a row changes nothing (n = w, r = t). Sign extension
/// (LB, LH) takes the top bit of the loaded byte or half from an AND lookup.
public struct MemoryInstructionChip: AIR {
  /// The memory-instruction chip.
  public init() {}

  /// The opcodes this chip proves, in selector order.
  public static let opcodes: [Opcode] = [
    .lb, .lbu, .lh, .lhu, .lw, .ll, .lwl, .lwr, .sb, .sh, .sw, .swl, .swr, .sc,
  ]
  /// Opcodes whose access must be halfword-aligned (offset 0 or 2).
  public static let halfwordOpcodes: [Opcode] = [.lh, .lhu, .sh]
  /// Opcodes whose access must be word-aligned (offset 0).
  public static let wordOpcodes: [Opcode] = [.lw, .ll, .sw, .sc]
  /// Opcodes that sign-extend what they load.
  public static let signedOpcodes: [Opcode] = [.lb, .lh]
  /// Opcodes whose misaligned access is provable as the run's fault: every opcode with an
  /// alignment rule (the CPU keeps a halting LL or SC away from the link chip, so the
  /// reservation is left alone).
  public static let faultingOpcodes: [Opcode] = halfwordOpcodes + wordOpcodes

  /// The offsets at which `opcode` does not fault.
  public static func legalOffsets(_ opcode: Opcode) -> [Int] {
    if halfwordOpcodes.contains(opcode) { return [0, 2] }
    if wordOpcodes.contains(opcode) { return [0] }
    return [0, 1, 2, 3]
  }

  /// The column layout.
  public enum Columns {
    /// One boolean selector per opcode (``MemoryInstructionChip/opcodes`` order).
    public static let selectors = OpcodeSelectors(MemoryInstructionChip.opcodes, first: 0)
    /// One-hot of the offset: column k is 1 when the offset is k (all 0 on padding rows).
    public static let offset = WordColumns(selectors.end)
    /// The aligned word before.
    public static let w = WordColumns(offset.end)
    /// Register rt before.
    public static let t = WordColumns(w.end)
    /// The aligned word after.
    public static let n = WordColumns(t.end)
    /// Register rt after.
    public static let r = WordColumns(n.end)
    /// LB and LH rows: the loaded value's most significant byte (0 on other rows).
    public static let topByte = r.end
    /// LB and LH rows: topByte's top bit, the sign the value is extended with.
    public static let sign = topByte + 1
    /// 1 on the row of a misaligned access that faults (the run's last instruction).
    public static let faults = sign + 1
    /// 1 on the row of an aligned access to an unmapped page (the run's last instruction).
    public static let unmapped = faults + 1
    /// sc · (1 − faults): 1 on an SC that executes (its success flag and store apply).
    public static let executedSC = unmapped + 1
    /// Number of columns.
    public static let width = executedSC + 1
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "memory_instruction" }
  /// Number of main columns.
  public var width: Int { Columns.width }

  // MARK: - Interactions

  /// The ALU-bus receive, range checks of w and t, and the sign-bit lookup of LB/LH rows.
  ///
  /// r and n need no range checks of their own: the constraints make each of their limbs a
  /// copy of a limb of w or t, 0, 255·sign with sign a bit, or SC's boolean flag. w and t
  /// are range-checked here (until the CPU chip owns those checks), so everything the chip
  /// relies on is a byte.
  public var interactions: [Interaction] {
    let s = Columns.selectors
    let isReal = s.sum()
    let w = Columns.w.forms, t = Columns.t.forms
    func range(_ x: LinearForm, _ y: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: isReal)
    }
    // Σ k · offset_k: the offset as a number (0 on padding rows).
    let offset = LinearForm(
      (1..<4).map { LinearForm.Term(.main(Columns.offset[$0]), KoalaBear(UInt32($0))) })
    return [
      Interaction(
        bus: MachineBus.alu, direction: .receive,
        values: [
          s.opcodeValue
            + LinearForm([
              .init(.main(Columns.faults), KoalaBear(AddSubChip.overflowTag)),
              .init(.main(Columns.unmapped), KoalaBear(2 * AddSubChip.overflowTag)),
            ]),
          offset,
        ] + w + t + Columns.n.forms + Columns.r.forms,
        multiplicity: isReal),
      range(w[0], w[1]), range(w[2], w[3]), range(t[0], t[1]), range(t[2], t[3]),
      // (and, top, 0x80, 0x80·sign) is a byte-table row only when sign is top's top bit.
      Interaction(
        bus: MachineBus.byte, direction: .send,
        values: [
          .constant(ByteOperation.and.rawValue), .main(Columns.topByte), .constant(0x80),
          LinearForm([LinearForm.Term(.main(Columns.sign), KoalaBear(0x80))]),
        ],
        multiplicity: s.sum(Self.signedOpcodes)),
    ]
  }

  // MARK: - Where each limb comes from

  /// What one limb of r or n is on a row of a given opcode and offset.
  enum LimbSource: Equatable {
    /// Limb k of the word before.
    case w(Int)
    /// Limb k of rt before.
    case t(Int)
    /// Zero.
    case zero
    /// 255 · sign: the sign extension of LB/LH.
    case signFill
  }

  /// Limb `i` of r for `opcode` at a legal `offset` k (SC's limb 0, the success flag, is
  /// stated apart; its other limbs are 0). Little-endian: byte j of the word is at address
  /// aligned + j, and limb j of a register is its byte j.
  static func resultSource(_ opcode: Opcode, offset k: Int, limb i: Int) -> LimbSource {
    switch opcode {
    case .lb: i == 0 ? .w(k) : .signFill
    case .lbu: i == 0 ? .w(k) : .zero
    case .lh: i < 2 ? .w(k + i) : .signFill
    case .lhu: i < 2 ? .w(k + i) : .zero
    case .lw, .ll: .w(i)
    // LWL: the bytes from the address down to the word's start fill rt from the top;
    // rt's lower 3 − k bytes stay.
    case .lwl: i >= 3 - k ? .w(i - 3 + k) : .t(i)
    // LWR: the bytes from the address up to the word's end fill rt from the bottom; rt's
    // upper k bytes stay.
    case .lwr: i <= 3 - k ? .w(i + k) : .t(i)
    case .sb, .sh, .sw, .swl, .swr: .t(i)
    case .sc: .zero
    default: preconditionFailure("\(opcode) is not a memory instruction")
    }
  }

  /// Limb `i` of n for `opcode` at a legal `offset` k (not for SC, whose word is stated
  /// apart since it depends on the success flag).
  static func newWordSource(_ opcode: Opcode, offset k: Int, limb i: Int) -> LimbSource {
    switch opcode {
    case .lb, .lbu, .lh, .lhu, .lw, .ll, .lwl, .lwr: .w(i)
    case .sb: i == k ? .t(0) : .w(i)
    case .sh: i == k || i == k + 1 ? .t(i - k) : .w(i)
    case .sw: .t(i)
    // SWL: rt's top k + 1 bytes go to the word's bytes from the address down to its start.
    case .swl: i <= k ? .t(i + 3 - k) : .w(i)
    // SWR: rt's low 4 − k bytes go to the word's bytes from the address up to its end.
    case .swr: i >= k ? .t(i - k) : .w(i)
    default: preconditionFailure("\(opcode) has no fixed new-word source")
    }
  }

  /// Per limb i and offset k, the (selector column, source) of every opcode but SC legal at
  /// k: the terms of limb i of r, built once from ``resultSource(_:offset:limb:)``.
  static let resultTerms = terms(resultSource)
  /// The same for n, from ``newWordSource(_:offset:limb:)``.
  static let newWordTerms = terms(newWordSource)

  static func terms(_ source: (Opcode, Int, Int) -> LimbSource)
    -> [[[(selector: Int, source: LimbSource)]]]
  {
    (0..<4).map { i in
      (0..<4).map { k in
        opcodes.filter { $0 != .sc && legalOffsets($0).contains(k) }.compactMap { op in
          let src = source(op, k, i)
          return src == .zero ? nil : (Columns.selectors.column(of: op), src)
        }
      }
    }
  }

  // MARK: - Constraints

  static let selectorNames: [StaticString] = [
    "LB selector is boolean", "LBU selector is boolean", "LH selector is boolean",
    "LHU selector is boolean", "LW selector is boolean", "LL selector is boolean",
    "LWL selector is boolean", "LWR selector is boolean", "SB selector is boolean",
    "SH selector is boolean", "SW selector is boolean", "SWL selector is boolean",
    "SWR selector is boolean", "SC selector is boolean",
  ]
  static let offsetNames: [StaticString] = [
    "offset bit 0 is boolean", "offset bit 1 is boolean", "offset bit 2 is boolean",
    "offset bit 3 is boolean",
  ]
  static let resultNames: [StaticString] = [
    "result limb 0 follows opcode and offset", "result limb 1 follows opcode and offset",
    "result limb 2 follows opcode and offset", "result limb 3 follows opcode and offset",
  ]
  static let newWordNames: [StaticString] = [
    "new word limb 0 follows opcode and offset", "new word limb 1 follows opcode and offset",
    "new word limb 2 follows opcode and offset", "new word limb 3 follows opcode and offset",
  ]

  /// States the selector, offset, alignment, sign, SC-flag, result and new-word constraints.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let s = Columns.selectors
    // Selectors: each boolean, at most one set (see ``OpcodeSelectors``), so on a real row
    // exactly one is 1 and the multiplicities are 1; on a padding row all are 0.
    s.assertWellFormed(&b, names: Self.selectorNames, sumName: "at most one opcode per row")
    let isReal = s.sum().evaluate(b)

    // Offset one-hot: each bit boolean and their sum is_real, so a real row has exactly one
    // offset k (the tuple's offset Σ j·o_j is then k ∈ {0, 1, 2, 3}) and a padding row none.
    let o = Columns.offset.limbs(b)
    for k in 0..<4 { b.assertBoolean(o[k], Self.offsetNames[k]) }
    b.assertEqual(o[0] + o[1] + o[2] + o[3], isReal, "one offset on real rows")

    // Alignment: the executor faults on a misaligned LH/LHU/SH (odd offset) or LW/LL/SW/SC
    // (offset ≠ 0) before executing it. With the one-hot above, isHalf·(o1 + o3) and
    // isWord·(o1 + o2 + o3) are 0 exactly when the row's offset is legal for its opcode: a
    // row that does not fault must be aligned, and a faulting one (one of these seven
    // opcodes only) must be misaligned. This also makes `faults` boolean: a value other
    // than 0 and 1 would need both an aligned and a misaligned offset, but exactly one
    // offset is set.
    let isHalf = s.sum(Self.halfwordOpcodes).evaluate(b)
    let isWord = s.sum(Self.wordOpcodes).evaluate(b)
    let faults = b.main(Columns.faults)
    let one = b.constant(1)
    b.assertZero(isHalf * (o[1] + o[3]) * (one - faults), "halfword access is aligned")
    b.assertZero(isWord * (o[1] + o[2] + o[3]) * (one - faults), "word access is aligned")
    b.assertZero(faults * isHalf * (o[0] + o[2]), "a faulting halfword access is misaligned")
    b.assertZero(faults * isWord * o[0], "a faulting word access is misaligned")
    b.assertZero(faults * (one - isHalf - isWord), "only an access with an alignment rule faults")
    // An access to an unmapped page (the CPU sends opcode + 512 from its halting row) is
    // otherwise an ordinary row — in particular aligned, as the executor checks alignment
    // first. The flag must be boolean: with unmapped = 1/2 a misaligned faulting row would
    // answer the tag 256 + 256 of an unmapped access.
    b.assertBoolean(b.main(Columns.unmapped), "unmapped flag is boolean")

    let w = Columns.w.limbs(b), t = Columns.t.limbs(b)
    let n = Columns.n.limbs(b), r = Columns.r.limbs(b)
    let zero = b.constant(0)
    let signFill = b.constant(255) * b.main(Columns.sign)

    // The top byte of what LB (the byte at k) and LH (the half at k, so its byte k + 1)
    // load; 0 on other rows. The AND lookup (multiplicity lb + lh) then makes sign that
    // byte's top bit, a bit (0x80·sign ∈ {0, 0x80}); sign is read only on LB/LH rows.
    let lb = b.main(s.column(of: .lb)), lh = b.main(s.column(of: .lh))
    var top = zero
    for k in 0..<4 { top = top + lb * o[k] * w[k] }
    top = top + lh * (o[0] * w[1] + o[2] * w[3])
    b.assertEqual(b.main(Columns.topByte), top, "top byte is the loaded value's")

    // An SC that executes: executedSC = sc·(1 − faults) (both boolean, so it is too). A
    // faulting SC is a faulting row like any other (r = t, n = w below), so its r0 is rt's
    // low byte, not a success flag.
    let sc = b.main(s.column(of: .sc))
    let executedSC = b.main(Columns.executedSC)
    b.assertEqual(executedSC, sc - sc * faults, "an SC executes unless it faults")
    // SC's success flag r0 is the sender's choice, but a bit: with it the new word below
    // is t or w, and r = (s, 0, 0, 0) a word of bytes.
    b.assertZero(executedSC * r[0] * (r[0] - b.constant(1)), "SC success flag is boolean")

    // Result and new word, limb by limb: x_i = Σ_k o_k · Σ_op selector_op · source(op, k, i)
    // over the legal offsets of each opcode (SC apart). On a real row with opcode op at
    // offset k exactly one product selector_op·o_k is 1 and the others 0, so x_i is that
    // source: a limb of w or t (a range-checked byte), 0, or 255·sign (sign a bit) — the
    // limb the executor computes for op at k, byte for byte (the source tables spell out
    // the executor's shifts and masks; the tests check them against it). On a padding row
    // x_i = 0. Degree 3 (selector · offset bit · column).
    func sum(_ terms: [[(selector: Int, source: LimbSource)]]) -> B.Value {
      var total = zero
      for k in 0..<4 {
        var atK = zero
        for (column, source) in terms[k] {
          let v: B.Value
          switch source {
          case .w(let j): v = w[j]
          case .t(let j): v = t[j]
          case .signFill: v = signFill
          case .zero: continue
          }
          atK = atK + b.main(column) * v
        }
        total = total + o[k] * atK
      }
      return total
    }
    // An executed SC (aligned, so o_0 = 1 on its rows): r = (s, 0, 0, 0), r0 kept free by
    // the executedSC·r0 term (its range is the constraint above); n = w + s·(t − w), i.e.
    // t when it succeeds and w when it fails (degree 3: executedSC·r0·t_i).
    // A faulting row (misaligned, so no source term applies; a faulting SC has
    // executedSC = 0) changes nothing: r = t and n = w, what the registers and memory hold
    // when the run stops.
    for i in 0..<4 {
      let result =
        sum(Self.resultTerms[i]) + (i == 0 ? executedSC * r[0] : zero) + faults * t[i]
      b.assertEqual(r[i], result, Self.resultNames[i])
    }
    for i in 0..<4 {
      let word =
        sum(Self.newWordTerms[i]) + executedSC * (w[i] + r[0] * (t[i] - w[i])) + faults * w[i]
      b.assertEqual(n[i], word, Self.newWordNames[i])
    }
  }

  // MARK: - Trace generation

  /// The reference semantics: the word after (n) and rt after (r) of `opcode` at byte
  /// `offset` of the aligned word `w`, with rt = `t` before, exactly as the executor
  /// computes them (its shifts and masks). `success` is SC's flag (ignored otherwise): SC
  /// stores t and returns 1 when it succeeds, and leaves the word and returns 0 when not.
  ///
  /// At an offset that is not legal for it (``legalOffsets(_:)``) the access faults and
  /// changes nothing: (w, t).
  ///
  /// - Precondition: the offset is legal, or `opcode` is one of ``faultingOpcodes``.
  public static func apply(_ opcode: Opcode, offset: Int, w: UInt32, t: UInt32, success: Bool)
    -> (n: UInt32, r: UInt32)
  {
    guard legalOffsets(opcode).contains(offset) else {
      precondition(faultingOpcodes.contains(opcode), "\(opcode) faults at offset \(offset)")
      return (w, t)
    }
    let shift = UInt32(offset) * 8
    switch opcode {
    case .lb: return (w, UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: w >> shift))))
    case .lbu: return (w, (w >> shift) & 0xff)
    case .lh: return (w, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w >> shift))))
    case .lhu: return (w, (w >> shift) & 0xffff)
    case .lw, .ll: return (w, w)
    case .lwl: return (w, (w << (24 - shift)) | (t & (0x00ff_ffff >> shift)))
    case .lwr: return (w, (w >> shift) | (t & ~(0xffff_ffff >> shift)))
    case .sb: return ((w & ~(0xff << shift)) | ((t & 0xff) << shift), t)
    case .sh: return ((w & ~(0xffff << shift)) | ((t & 0xffff) << shift), t)
    case .sw: return (t, t)
    case .swl: return ((t >> (24 - shift)) | (w & ~(0xffff_ffff >> (24 - shift))), t)
    case .swr: return ((t << shift) | (w & ~(0xffff_ffff << shift)), t)
    case .sc: return success ? (t, 1) : (w, 0)
    default: preconditionFailure("\(opcode) is not a memory instruction")
    }
  }

  /// The 18-element ALU-bus message of `op`: (opcode, offset, w, t, n, r), words as byte
  /// limbs, least significant first.
  public static func tuple(_ op: MemoryOperation) -> [KoalaBear] {
    [
      KoalaBear(
        UInt32(op.opcode.rawValue) + (op.faults ? AddSubChip.overflowTag : 0)
          + (op.unmapped ? 2 * AddSubChip.overflowTag : 0)),
      KoalaBear(UInt32(op.offset)),
    ]
      + [op.w, op.t, op.n, op.r].flatMap { WordColumns.limbs(of: $0).map { KoalaBear($0) } }
  }

  /// The trace for `operations`, padded with zero rows to a power of two ≥ max(4,
  /// `minimumHeight`); the byte lookups it sends are added to `lookups`.
  ///
  /// - Precondition: every operation is one of ``opcodes`` at a legal offset (or one of
  ///   ``faultingOpcodes`` at a misaligned one, the run's fault), and its n and
  ///   r are what ``apply(_:offset:w:t:success:)`` gives (SC's flag read from r).
  public func generateTrace(
    _ operations: [MemoryOperation], lookups: inout ByteLookups, minimumHeight: Int = 4
  ) -> RowMajorMatrix {
    var trace = RowMajorMatrix(
      zerosHeight: paddedHeight(operations.count, minimum: minimumHeight), width: width)
    for (row, op) in operations.enumerated() {
      precondition(Self.opcodes.contains(op.opcode), "\(op.opcode) is not a memory instruction")
      let expected = Self.apply(op.opcode, offset: op.offset, w: op.w, t: op.t, success: op.r == 1)
      precondition(
        expected == (op.n, op.r), "\(op) disagrees with the executor's semantics \(expected)")
      Columns.selectors.write(op.opcode, to: &trace, row: row)
      trace[row, Columns.offset[op.offset]] = .one
      Columns.w.write(op.w, to: &trace, row: row)
      Columns.t.write(op.t, to: &trace, row: row)
      Columns.n.write(op.n, to: &trace, row: row)
      Columns.r.write(op.r, to: &trace, row: row)
      if op.unmapped { trace[row, Columns.unmapped] = .one }
      if op.opcode == .sc && !op.faults { trace[row, Columns.executedSC] = .one }
      if op.faults {
        trace[row, Columns.faults] = .one
      } else if Self.signedOpcodes.contains(op.opcode) {
        let top = WordColumns.limbs(of: op.w)[op.opcode == .lb ? op.offset : op.offset + 1]
        trace[row, Columns.topByte] = KoalaBear(top)
        trace[row, Columns.sign] = KoalaBear(top >> 7)
      }
    }
    lookups.record(self, trace: trace)
    return trace
  }
}
