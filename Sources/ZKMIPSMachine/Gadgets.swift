import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

// Gadgets shared by the CPU, I/O, link and syscall chips: byte-range messages, numbers
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
/// page is high + 16·address2 + 4096·address3), the clk since which the page is mapped, clk
/// − since − 1 as three bytes, and whether the page is writable; a (page, since, 1,
/// writable) lookup on ``MachineBus/page``.
///
/// Soundness: both nibbles and 16× them are range-checked bytes, so each is below 16 and
/// the page is the address's; the lookup has a row only for a page mapped from the start or
/// by an earlier brk (``StaticPageTable``, ``HeapPageChip``), with its writable bit; clk −
/// since − 1 ≥ 0 puts that mapping before this row.
public struct PageColumns: Sendable, Hashable {
  /// The first of the gadget's seven columns.
  public let first: Int

  public init(_ first: Int) { self.first = first }

  public var high: Int { first }
  public var low: Int { first + 1 }
  public var since: Int { first + 2 }
  public var gap: GapColumns { GapColumns(first + 3) }
  public var writable: Int { first + 6 }
  public var end: Int { first + 7 }

  /// The lookup and three byte messages (nibbles, 16× nibbles, gap limbs 0 and 1); the gap's
  /// top limb is returned for the caller to range-check beside another byte.
  public func interactions(address: WordColumns, multiplicity: LinearForm) -> (
    [Interaction], spare: LinearForm
  ) {
    let page = LinearForm([
      .init(.main(high)), .init(.main(address[2]), KoalaBear(16)),
      .init(.main(address[3]), KoalaBear(4096)),
    ])
    func times16(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(16))]) }
    return (
      [
        Interaction(
          bus: MachineBus.page, direction: .send,
          values: [page, .main(since), .constant(1), .main(writable)], multiplicity: multiplicity),
        .byteRange(.main(high), .main(low), multiplicity: multiplicity),
        .byteRange(times16(high), times16(low), multiplicity: multiplicity),
        .byteRange(.main(gap[0]), .main(gap[1]), multiplicity: multiplicity),
      ], .main(gap[2])
    )
  }

  /// address1 = 16·high + low (on every row), and on rows where `gate` is 1, clk − since −
  /// 1 = gap.
  public func evaluate<B: ConstraintBuilder>(
    _ b: inout B, address: WordColumns, clk: B.Value, gate: B.Value
  ) {
    b.assertEqual(
      b.main(address[1]), b.constant(16) * b.main(high) + b.main(low),
      "address limb 1 splits into page nibbles")
    b.assertZero(
      gate * (clk - b.main(since) - b.constant(1) - gap.value(b)), "the page was mapped before")
  }

  /// Fills the gadget for an access to `address` at `clk`.
  public func write(
    address: UInt32, clk: UInt32, since: UInt32, writable: Bool, to trace: inout RowMajorMatrix,
    row: Int
  ) {
    trace[row, high] = KoalaBear((address >> 12) & 0xf)
    trace[row, low] = KoalaBear((address >> 8) & 0xf)
    trace[row, self.since] = KoalaBear(since)
    gap.write(clk - since - 1, to: &trace, row: row)
    trace[row, self.writable] = writable ? .one : .zero
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
