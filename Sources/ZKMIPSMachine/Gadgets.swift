import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

// Gadgets shared by the CPU, I/O, link and syscall chips: byte-range messages, memory
// accesses, numbers
// below 2^24 as three byte limbs (timestamp gaps), and the page-mapping check of a memory
// access.

extension Interaction {
  /// (range, x, y, 0) on the byte bus: x and y are bytes.
  public static func byteRange(_ x: LinearForm, _ y: LinearForm, multiplicity: LinearForm)
    -> Interaction
  {
    Interaction(
      bus: MachineBus.byte, direction: .send,
      values: [.constant(ByteOperation.range.rawValue), x, y, .constant(0)],
      multiplicity: multiplicity)
  }

  /// One access of the memory argument: consumes (key, old, previous timestamp) and
  /// produces (key, new, timestamp) for the next access of the key (a read writes back
  /// `old`). Values are the word's four limbs.
  public static func memoryAccess(
    key: LinearForm, old: [LinearForm], new: [LinearForm], previous: LinearForm,
    timestamp: LinearForm, multiplicity: LinearForm
  ) -> [Interaction] {
    [
      Interaction(
        bus: MachineBus.memory, direction: .receive, values: [key] + old + [previous],
        multiplicity: multiplicity),
      Interaction(
        bus: MachineBus.memory, direction: .send, values: [key] + new + [timestamp],
        multiplicity: multiplicity),
    ]
  }
}

/// Three consecutive byte-limb columns holding a number below 2^24 (the limbs are
/// range-checked by the chip that owns them).
public struct GapColumns: Sendable, Hashable {
  /// The column of limb 0.
  public let first: Int

  public init(_ first: Int) { self.first = first }

  /// The column of limb `k` (0…2).
  public subscript(k: Int) -> Int { first + k }
  /// The column just after.
  public var end: Int { first + 3 }

  /// Σ limb_k · 256^k as a linear form.
  public var form: LinearForm {
    LinearForm((0..<3).map { .init(.main(first + $0), KoalaBear(UInt32(1) << (8 * UInt32($0)))) })
  }

  /// Σ limb_k · 256^k on the current row.
  public func value<B: ConstraintBuilder>(_ b: B) -> B.Value { form.evaluate(b) }

  /// Writes `x` (below 2^24) into `row`.
  public func write(_ x: UInt32, to trace: inout RowMajorMatrix, row: Int) {
    precondition(x < 1 << 24, "gap of 2^24 or more")
    for k in 0..<3 { trace[row, first + k] = KoalaBear((x >> (8 * UInt32(k))) & 0xff) }
  }
}

/// The page-mapping check of one memory access: the address's limb 1 as nibbles (so the
/// page is high + 16·address2 + 4096·address3), the interval (since, until) of clks in which
/// the page is mapped, clk − since − 1 and until − clk − 1 as three bytes each, and whether
/// the page is writable; a (page, since, until, writable) lookup on ``MachineBus/page``.
///
/// Soundness: both nibbles and 16× them are range-checked bytes, so each is below 16 and
/// the page is the address's; the lookup has a row only for a mapping of that page — from
/// the start and for good (``StaticPageTable``, until ``forever``), or granted by brk or mmap
/// at clk `since` and kept until the brk or munmap at clk `until` that unmapped it
/// (``MappedPageChip``) — with its writable bit; both differences ≥ 0 (three bytes, below
/// 2^24 ≪ p, and every clk is below 2^24) put this row strictly inside that interval.
public struct PageColumns: Sendable, Hashable {
  /// The first of the gadget's eleven columns.
  public let first: Int

  public init(_ first: Int) { self.first = first }

  /// The `until` of a mapping never unmapped: above every clk (a run has fewer than 2^22
  /// cycles), so until − clk − 1 is three bytes exactly for the clks of a run.
  public static let forever: UInt32 = 1 << 24

  public var high: Int { first }
  public var low: Int { first + 1 }
  public var since: Int { first + 2 }
  public var gap: GapColumns { GapColumns(first + 3) }
  public var writable: Int { first + 6 }
  public var until: Int { first + 7 }
  public var untilGap: GapColumns { GapColumns(first + 8) }
  public var end: Int { first + 11 }

  /// The lookup and five byte messages (nibbles, 16× nibbles, the six gap limbs).
  public func interactions(address: WordColumns, multiplicity: LinearForm) -> [Interaction] {
    let page = LinearForm([
      .init(.main(high)), .init(.main(address[2]), KoalaBear(16)),
      .init(.main(address[3]), KoalaBear(4096)),
    ])
    func times16(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(16))]) }
    return [
      Interaction(
        bus: MachineBus.page, direction: .send,
        values: [page, .main(since), .main(until), .main(writable)], multiplicity: multiplicity),
      .byteRange(.main(high), .main(low), multiplicity: multiplicity),
      .byteRange(times16(high), times16(low), multiplicity: multiplicity),
      .byteRange(.main(gap[0]), .main(gap[1]), multiplicity: multiplicity),
      .byteRange(.main(gap[2]), .main(untilGap[0]), multiplicity: multiplicity),
      .byteRange(.main(untilGap[1]), .main(untilGap[2]), multiplicity: multiplicity),
    ]
  }

  /// address1 = 16·high + low (on every row), and on rows where `gate` is 1, clk − since −
  /// 1 = gap and until − clk − 1 = untilGap.
  public func evaluate<B: ConstraintBuilder>(
    _ b: inout B, address: WordColumns, clk: B.Value, gate: B.Value
  ) {
    b.assertEqual(
      b.main(address[1]), b.constant(16) * b.main(high) + b.main(low),
      "address limb 1 splits into page nibbles")
    b.assertZero(
      gate * (clk - b.main(since) - b.constant(1) - gap.value(b)), "the page was mapped before")
    b.assertZero(
      gate * (b.main(until) - clk - b.constant(1) - untilGap.value(b)),
      "the page is not unmapped yet")
  }

  /// Fills the gadget for an access to `address` at `clk`, in a mapping from `since` to
  /// `until`.
  public func write(
    address: UInt32, clk: UInt32, since: UInt32, until: UInt32, writable: Bool,
    to trace: inout RowMajorMatrix, row: Int
  ) {
    trace[row, high] = KoalaBear((address >> 12) & 0xf)
    trace[row, low] = KoalaBear((address >> 8) & 0xf)
    trace[row, self.since] = KoalaBear(since)
    gap.write(clk - since - 1, to: &trace, row: row)
    trace[row, self.writable] = writable ? .one : .zero
    trace[row, self.until] = KoalaBear(until)
    untilGap.write(until - clk - 1, to: &trace, row: row)
  }
}

/// A word's page, rounded up: limb 1 as nibbles (high, low) and whether the word is not
/// page-aligned (`unaligned`, with an inverse), so ⌈x / 4096⌉ = high + 16·x2 + 4096·x3 +
/// unaligned. Used by the syscall chip for brk's and mmap's page counts.
///
/// Soundness: both nibbles and 16× them are range-checked bytes (``interactions``), so x1
/// = 16·high + low splits limb 1 exactly; unaligned = [x0 + 256·low ≠ 0] by the inverse
/// (unaligned = v·inverse forces unaligned = 0 when v = 0, and v·(1 − unaligned) = 0 forces
/// unaligned = 1 otherwise; v < 2^12 ≪ p).
public struct RoundedPageColumns: Sendable, Hashable {
  /// The first of the gadget's four columns.
  public let first: Int

  public init(_ first: Int) { self.first = first }

  public var high: Int { first }
  public var low: Int { first + 1 }
  public var unaligned: Int { first + 2 }
  public var inverse: Int { first + 3 }
  public var end: Int { first + 4 }

  /// The two byte messages of the nibbles.
  public func interactions(multiplicity: LinearForm) -> [Interaction] {
    func times16(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(16))]) }
    return [
      .byteRange(.main(high), .main(low), multiplicity: multiplicity),
      .byteRange(times16(high), times16(low), multiplicity: multiplicity),
    ]
  }

  /// The split and the flag of word `x` on rows where `gate` is 1 (names from `names`:
  /// nibbles, flag, aligned).
  public func evaluate<B: ConstraintBuilder>(
    _ b: inout B, x: WordColumns, gate: B.Value,
    names: (StaticString, StaticString, StaticString)
  ) {
    let inPage = b.main(x[0]) + b.constant(256) * b.main(low)
    let unaligned = b.main(self.unaligned)
    b.assertZero(gate * (b.main(x[1]) - b.constant(16) * b.main(high) - b.main(low)), names.0)
    b.assertZero(gate * (unaligned - inPage * b.main(inverse)), names.1)
    b.assertZero(gate * inPage * (b.constant(1) - unaligned), names.2)
  }

  /// ⌈x / 4096⌉: the value ``roundedForm(_:)`` takes for word `x`.
  public static func pages(_ x: UInt32) -> UInt32 { (x >> 12) + (x & 0xfff == 0 ? 0 : 1) }

  /// ⌈x / 4096⌉ as a linear form of the columns of word `x`.
  public func roundedForm(_ x: WordColumns) -> LinearForm {
    LinearForm([
      .init(.main(high)), .init(.main(x[2]), KoalaBear(16)), .init(.main(x[3]), KoalaBear(4096)),
      .init(.main(unaligned)),
    ])
  }

  /// Fills the gadget for `x`.
  public func write(_ x: UInt32, to trace: inout RowMajorMatrix, row: Int) {
    trace[row, high] = KoalaBear((x >> 12) & 0xf)
    trace[row, low] = KoalaBear((x >> 8) & 0xf)
    let inPage = KoalaBear(x & 0xfff)
    trace[row, unaligned] = inPage == .zero ? .zero : .one
    trace[row, inverse] = inPage.inverse() ?? .zero
  }
}

/// The order of two byte-limb words a and b, signed or unsigned: their top limbs with the
/// sign bit flipped by `flip` (0x80 on signed rows: XOR lookups), a one-hot marker of the
/// most significant limb where the flipped words a', b' differ, and the gap byte showing
/// the sign of the difference there. Used by ``SetLessThanChip`` and ``ConditionChip``.
///
/// Soundness: flipping the sign bit maps signed order onto unsigned order (−2^31 ↦ 0, …,
/// 2^31 − 1 ↦ 2^32 − 1), and a' = b' iff a = b. All eight limbs of a', b' are range-checked
/// bytes (a0..a2, b0..b2 range-checked here, a3', b3' as XOR results). The markers are boolean
/// with a boolean sum `differ`, so at most one limb is marked; every limb above the mark
/// (every limb, with none) is equal. With `less` the claimed [a' < b'], gap = (2·less − 1)·d
/// − differ for d = b'_m − a'_m at the mark m: with a mark, gap = d − 1 (less = 1) or −d − 1
/// (less = 0), d ∈ [−255, 255], and gap is a range-checked byte while a negative value is p
/// − (1…256), no byte. So less = 1 forces a'_m < b'_m and less = 0 forces a'_m > b'_m, and
/// a mark on equal limbs (gap = −1) is impossible: differ = [a ≠ b] exactly, and with a
/// mark less is the comparison. Degree 3 (less·D·x). Without a mark the chip must itself
/// set less = 0.
public struct ComparisonColumns: Sendable, Hashable {
  /// The first of the gadget's seven columns.
  public let first: Int

  public init(_ first: Int) { self.first = first }

  /// a3 and b3 with their top bit flipped on signed rows.
  public var flippedA3: Int { first }
  public var flippedB3: Int { first + 1 }
  /// One-hot: the most significant limb where a' and b' differ (all 0 when equal).
  public var differs: WordColumns { WordColumns(first + 2) }
  /// The byte proving the sign of the difference at the marked limb.
  public var gap: Int { first + 6 }
  public var end: Int { first + 7 }

  /// Range checks of a0..a2, b0..b2 and the gap, and the XOR lookups that flip a3 and b3 by
  /// `flip` (0x80 or 0), which range-check a3 and b3 too.
  public func interactions(
    a: WordColumns, b: WordColumns, flip: LinearForm, multiplicity: LinearForm
  ) -> [Interaction] {
    func xor(_ x: LinearForm, _ z: Int) -> Interaction {
      Interaction(
        bus: MachineBus.byte, direction: .send,
        values: [.constant(ByteOperation.xor.rawValue), x, flip, .main(z)],
        multiplicity: multiplicity)
    }
    return [
      .byteRange(.main(a[0]), .main(a[1]), multiplicity: multiplicity),
      .byteRange(.main(a[2]), .main(b[0]), multiplicity: multiplicity),
      .byteRange(.main(b[1]), .main(b[2]), multiplicity: multiplicity),
      .byteRange(.main(gap), .constant(0), multiplicity: multiplicity),
      xor(.main(a[3]), flippedA3), xor(.main(b[3]), flippedB3),
    ]
  }

  static let differsNames: [StaticString] = [
    "differs 0 is boolean", "differs 1 is boolean", "differs 2 is boolean", "differs 3 is boolean",
  ]
  static let equalNames: [StaticString] = [
    "limb 0 equal unless marked at or above", "limb 1 equal unless marked at or above",
    "limb 2 equal unless marked at or above", "limb 3 equal unless marked at or above",
  ]

  /// States the marker, equality and gap constraints for the claim `less` = [a' < b'];
  /// returns differ (= [a ≠ b]).
  public func evaluate<B: ConstraintBuilder>(
    _ b: inout B, a: WordColumns, b second: WordColumns, less: B.Value
  ) -> B.Value {
    let one = b.constant(1)
    let x = [b.main(a[0]), b.main(a[1]), b.main(a[2]), b.main(flippedA3)]
    let y = [b.main(second[0]), b.main(second[1]), b.main(second[2]), b.main(flippedB3)]
    let D = differs.limbs(b)
    for i in 0..<4 { b.assertBoolean(D[i], Self.differsNames[i]) }
    let differ = D[0] + D[1] + D[2] + D[3]
    b.assertBoolean(differ, "at most one differing limb")
    for i in 0..<4 {
      var atOrAbove = b.constant(0)
      for k in i..<4 { atOrAbove = atOrAbove + D[k] }
      b.assertZero((x[i] - y[i]) * (one - atOrAbove), Self.equalNames[i])
    }
    var d = b.constant(0)
    for i in 0..<4 { d = d + D[i] * (y[i] - x[i]) }
    b.assertEqual(
      b.main(gap), (b.constant(2) * less - one) * d - differ,
      "gap is the difference at the mark, less 1")
    return differ
  }

  /// Fills the gadget for a and b with `flip` (0x8000_0000 on signed rows, else 0)
  /// applied; returns [a' < b'].
  @discardableResult
  public func write(a: UInt32, b: UInt32, flip: UInt32, to trace: inout RowMajorMatrix, row: Int)
    -> Bool
  {
    let x = WordColumns.limbs(of: a ^ flip), y = WordColumns.limbs(of: b ^ flip)
    trace[row, flippedA3] = KoalaBear(x[3])
    trace[row, flippedB3] = KoalaBear(y[3])
    guard let m = (0..<4).reversed().first(where: { x[$0] != y[$0] }) else { return false }
    let less = x[m] < y[m]
    trace[row, differs[m]] = .one
    trace[row, gap] = KoalaBear(less ? y[m] - x[m] - 1 : x[m] - y[m] - 1)
    return less
  }
}
