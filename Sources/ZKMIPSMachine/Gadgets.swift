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
