import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The LL/SC reservation: one row per LL or SC, received from the CPU over
/// ``MachineBus/link`` as (clk, opcode, address, SC success flag).
///
/// The reservation is the memory-argument key ``MemoryKey/linkedAddress`` (reserved
/// address + 1, or 0 for none; it starts at 0, being in no image). LL sets it to its
/// address + 1; SC succeeds exactly when it holds SC's address + 1, and clears it either
/// way — the executor's rule (nothing else touches the reservation).
///
/// Soundness: the selectors are boolean with a boolean sum (is_real, the multiplicity of
/// everything); the row's opcode on the bus is Σ rawValue · selector, so an LL row cannot
/// serve an SC. Success = 1 forces old = address + 1; success = 0 forces old − address − 1
/// to have an inverse, i.e. differ. Addresses are below 0x7f000000, so address + 1 < p is
/// never 0: "no reservation" matches no address.
public struct LinkChip: AIR {
  /// The link chip.
  public init() {}

  /// The column layout.
  public enum Columns {
    public static let isLL = 0
    public static let isSC = 1
    public static let clk = 2
    public static let address = 3
    public static let success = 4
    public static let old = 5
    public static let new = 6
    public static let inverse = 7
    public static let previousTimestamp = 8
    public static let difference = 9
    public static let width = difference + 3
  }

  public var name: String { "link" }
  public var width: Int { Columns.width }

  static var isReal: LinearForm {
    LinearForm([.init(.main(Columns.isLL)), .init(.main(Columns.isSC))])
  }

  public var interactions: [Interaction] {
    let C = Columns.self
    let zero = LinearForm.constant(0)
    let key = LinearForm.constant(MemoryKey.linkedAddress)
    let ts = LinearForm([.init(.main(C.clk), KoalaBear(4))], constant: KoalaBear(2))
    let opcode = LinearForm([
      .init(.main(C.isLL), KoalaBear(UInt32(Opcode.ll.rawValue))),
      .init(.main(C.isSC), KoalaBear(UInt32(Opcode.sc.rawValue))),
    ])
    func range(_ x: LinearForm, _ y: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: Self.isReal)
    }
    return [
      Interaction(
        bus: MachineBus.link, direction: .receive,
        values: [.main(C.clk), opcode, .main(C.address), .main(C.success)],
        multiplicity: Self.isReal)
    ]
      + Interaction.memoryAccess(
        key: key, old: [.main(C.old), zero, zero, zero], new: [.main(C.new), zero, zero, zero],
        previous: .main(C.previousTimestamp), timestamp: ts, multiplicity: Self.isReal)
      + [
        range(.main(C.difference), .main(C.difference + 1)),
        range(.main(C.difference + 2), zero),
      ]
  }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    func m(_ c: Int) -> B.Value { b.main(c) }
    let (ll, sc) = (m(C.isLL), m(C.isSC))
    b.assertBoolean(ll, "LL selector is boolean")
    b.assertBoolean(sc, "SC selector is boolean")
    b.assertBoolean(ll + sc, "at most one of LL and SC")
    let target = m(C.address) + one
    // LL reserves its address; SC clears the reservation.
    b.assertZero(ll * (m(C.new) - target), "LL reserves its address")
    b.assertZero(sc * m(C.new), "SC clears the reservation")
    // SC succeeds iff the reservation is its address.
    let gap = m(C.old) - target
    b.assertZero(sc * m(C.success) * gap, "a successful SC had the reservation")
    b.assertZero(sc * (gap * m(C.inverse) - one + m(C.success)), "a failed SC did not")
    // Memory argument: the previous access is strictly earlier (see CPUChip).
    b.assertEqual(
      b.constant(4) * m(C.clk) + b.constant(2) - m(C.previousTimestamp) - one,
      GapColumns(C.difference).value(b), "reservation timestamp increases")
  }

  /// One LL or SC.
  public struct Row: Sendable, Equatable {
    public var clk: UInt32
    public var isSC: Bool
    public var address: UInt32
    /// SC's success flag (LL: limb 0 of the loaded word, which the chip ignores).
    public var success: UInt32
    public var old: UInt32
    public var new: UInt32
    public var previousTimestamp: UInt32

    public init(
      clk: UInt32, isSC: Bool, address: UInt32, success: UInt32, old: UInt32, new: UInt32,
      previousTimestamp: UInt32
    ) {
      self.clk = clk
      self.isSC = isSC
      self.address = address
      self.success = success
      self.old = old
      self.new = new
      self.previousTimestamp = previousTimestamp
    }
  }

  /// The trace for `rows`, padded to a power of two ≥ max(4, `minimumHeight`); the byte
  /// lookups are added to `lookups`.
  public func generateTrace(_ rows: [Row], lookups: inout ByteLookups, minimumHeight: Int = 4)
    -> RowMajorMatrix
  {
    let C = Columns.self
    var t = RowMajorMatrix(
      zerosHeight: paddedHeight(rows.count, minimum: minimumHeight), width: width)
    for r in 0..<t.height {
      guard r < rows.count else {
        t[r, C.previousTimestamp] = KoalaBear(1)
        continue
      }
      let row = rows[r]
      t[r, row.isSC ? C.isSC : C.isLL] = .one
      t[r, C.clk] = KoalaBear(row.clk)
      t[r, C.address] = KoalaBear(row.address)
      t[r, C.success] = KoalaBear(row.success)
      t[r, C.old] = KoalaBear(row.old)
      t[r, C.new] = KoalaBear(row.new)
      let gap = KoalaBear(row.old) - KoalaBear(row.address) - .one
      if row.isSC && gap != .zero { t[r, C.inverse] = gap.inverse()! }
      t[r, C.previousTimestamp] = KoalaBear(row.previousTimestamp)
      let d = 4 * row.clk + 2 - row.previousTimestamp - 1
      GapColumns(C.difference).write(d, to: &t, row: r)
    }
    lookups.record(self, trace: t)
    return t
  }
}
