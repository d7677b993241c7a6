import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The unmapped-access chip: shows that the page of a load or store is *not* mapped, for
/// the run that ends in that fault (halt kind 6, SIGSEGV).
///
/// Preprocessed, one row per gap of the program's static pages: the maximal runs of pages
/// [lo, hi] in [0, 2^20) that neither a segment nor the stack covers (the last gap runs from
/// the stack's top to 2^20 − 1, so addresses at or above the ceiling 0x7f000000 are in it).
/// Gaps are split at the mmap top's page; one below it that brk or mmap can reach (it meets
/// [the initial break's page, the mmap top's page − 1]) is a heap gap: brk maps pages only
/// below the heap's high-water page H (memory key 40) and mmap only from its lowest address
/// M (key 41) up to the mmap top, so there a page never mapped is shown unmapped only in
/// [H, M / 4096). A page that brk or munmap unmapped is shown unmapped by its mapping row
/// instead (``MappedPageChip``): (page, since, until, 1) with until < clk.
///
/// Main columns: `selected` (the row whose gap holds the page), the CPU's (clk, address
/// limbs 1..3) received on ``MachineBus/accessFault``, address limb 1's nibbles, P − lo and
/// hi − P as three range-checked bytes each, and on a heap gap H and M read through the
/// memory argument at the faulting row's memory timestamp 4·clk + 2 (which the CPU leaves
/// unused on that row), M's limb 1 / 16, and P − H and M / 4096 − P − 1 as three
/// range-checked bytes each; for a page unmapped again, `revoked`, its mapping's since and
/// until, and clk − 1 − until as three range-checked bytes.
///
/// Soundness: the address limbs are bytes (the CPU's effective address comes from the
/// add/sub chip, which range-checks its result), so P = high + 16·a2 + 4096·a3 is the
/// address's page, below 2^20. A selected row shows lo ≤ P ≤ hi, so no static page is P;
/// on a heap gap H ≤ P < M / 4096 at that moment, so no page brk or mmap ever mapped is P
/// (``MappedPageChip``: brk's pages lie below H, mmap's at or above M / 4096; M's limb 1
/// is 16 × a range-checked nibble, so M / 4096 is exact). Above the mmap top nothing but
/// the stack is ever mapped (MAP_FIXED is not provable). With revoked = 1 the page instead
/// has a mapping row that ended at until < clk; since no page ever gets a second row (and a
/// row not revoked ends only at ``PageColumns/forever``), nothing maps P at clk. `revoked`
/// is boolean on every row: it is the page lookup's multiplicity, and a negative one would
/// answer a lookup instead of making one (a forged mapping). Selections are boolean and the CPU sends one message from its halting row, so exactly one row answers
/// it. Padding rows are never selected.
public struct UnmappedAccessChip: AIR {
  /// One gap: pages lo...hi, and whether brk can map pages in it.
  public struct Gap: Sendable, Equatable {
    public var lo: UInt32
    public var hi: UInt32
    public var heap: Bool

    public init(lo: UInt32, hi: UInt32, heap: Bool) {
      self.lo = lo
      self.hi = hi
      self.heap = heap
    }
  }

  /// The gaps, in order.
  public let gaps: [Gap]
  /// The least height of the table.
  public let minimumHeight: Int

  /// Pages are below this (addresses below 2^32).
  public static let pageLimit: UInt32 = 1 << 20

  /// The gaps between `staticPages` (sorted), split at the mmap top's page, with heap gaps
  /// those below it meeting [`initialBreak` >> 12, mmap top >> 12).
  public init(staticPages: [UInt32], initialBreak: UInt32, minimumHeight: Int = 4) {
    var gaps: [Gap] = []
    var next: UInt32 = 0
    let heapLow = initialBreak >> 12, mmapTop = Kernel.mmapTop >> 12
    func add(_ lo: UInt32, _ hi: UInt32) {
      if lo < mmapTop && hi >= mmapTop {
        add(lo, mmapTop - 1)
        add(mmapTop, hi)
        return
      }
      gaps.append(Gap(lo: lo, hi: hi, heap: hi >= heapLow && lo < mmapTop))
    }
    for p in staticPages.sorted() {
      if p > next { add(next, p - 1) }
      next = p + 1
    }
    if next < Self.pageLimit { add(next, Self.pageLimit - 1) }
    self.gaps = gaps
    self.minimumHeight = minimumHeight
  }

  /// The column layout.
  public enum Columns {
    public static let selected = 0
    /// selected · heap (preprocessed): the row reads the heap top.
    public static let heapSelected = 1
    public static let clk = 2
    /// The address's limbs 1, 2, 3 (limb 0 does not change the page).
    public static let address1 = 3
    public static let address2 = 4
    public static let address3 = 5
    /// Address limb 1 = 16·high + low.
    public static let high = 6
    public static let low = 7
    /// P − lo and hi − P, three bytes each.
    public static let aboveLow = 8
    public static let belowHigh = aboveLow + 3
    /// The heap's high-water page H (a page number, as the word's byte limbs) and P − H.
    public static let heapTop = WordColumns(belowHigh + 3)
    public static let aboveHeap = heapTop.end
    /// H's previous access and 4·clk + 2 − it − 1 (three bytes).
    public static let previous = aboveHeap + 3
    public static let difference = previous + 1
    /// The lowest mmap address M, its limb 1 / 16, M / 4096 − P − 1, M's previous access
    /// and 4·clk + 2 − it − 1.
    public static let mmapLow = WordColumns(difference + 3)
    public static let mmapHigh = mmapLow.end
    public static let belowMmap = mmapHigh + 1
    public static let mmapPrevious = belowMmap + 3
    public static let mmapDifference = mmapPrevious + 1
    /// A page brk or munmap unmapped: its mapping's since and until, and clk − 1 − until.
    public static let revoked = mmapDifference + 3
    public static let since = revoked + 1
    public static let until = since + 1
    public static let afterUntil = until + 1
    public static let width = afterUntil + 3
  }

  /// The faulting access: clk, address, and on a heap gap H and M with their previous
  /// accesses, and the mapping a brk or munmap ended (none: the page was never mapped).
  public struct Fault: Sendable, Equatable {
    public var clk: UInt32
    public var address: UInt32
    public var heapTop: UInt32 = 0
    public var heapPrevious: UInt32 = 0
    public var mmapLow: UInt32 = 0
    public var mmapPrevious: UInt32 = 0
    public var ended: Mapping? = nil

    /// A mapping from clk `since` until clk `until`.
    public struct Mapping: Sendable, Equatable {
      public var since: UInt32
      public var until: UInt32

      public init(since: UInt32, until: UInt32) {
        self.since = since
        self.until = until
      }
    }

    public init(clk: UInt32, address: UInt32) {
      self.clk = clk
      self.address = address
    }
  }

  public var name: String { "unmapped_access" }
  public var width: Int { Columns.width }
  /// Preprocessed: present, lo, hi, heap.
  public var preprocessedWidth: Int { 4 }
  public var height: Int { paddedHeight(gaps.count, minimum: minimumHeight) }

  public func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: 4)
    for (r, g) in gaps.enumerated() {
      m[r, 0] = .one
      m[r, 1] = KoalaBear(g.lo)
      m[r, 2] = KoalaBear(g.hi)
      m[r, 3] = g.heap ? .one : .zero
    }
    return m
  }

  /// P = high + 16·a2 + 4096·a3.
  static var page: LinearForm {
    LinearForm([
      .init(.main(Columns.high)), .init(.main(Columns.address2), KoalaBear(16)),
      .init(.main(Columns.address3), KoalaBear(4096)),
    ])
  }

  public var interactions: [Interaction] {
    let C = Columns.self
    let selected = LinearForm.main(C.selected)
    let heap = LinearForm.main(C.heapSelected)
    let revoked = LinearForm.main(C.revoked)
    func times16(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(16))]) }
    return [
      Interaction(
        bus: MachineBus.accessFault, direction: .receive,
        values: [.main(C.clk), .main(C.address1), .main(C.address2), .main(C.address3)],
        multiplicity: selected),
      .byteRange(.main(C.high), .main(C.low), multiplicity: selected),
      .byteRange(times16(C.high), times16(C.low), multiplicity: selected),
      .byteRange(.main(C.aboveLow), .main(C.aboveLow + 1), multiplicity: selected),
      .byteRange(.main(C.aboveLow + 2), .main(C.belowHigh), multiplicity: selected),
      .byteRange(.main(C.belowHigh + 1), .main(C.belowHigh + 2), multiplicity: selected),
      .byteRange(.main(C.aboveHeap), .main(C.aboveHeap + 1), multiplicity: heap),
      .byteRange(.main(C.aboveHeap + 2), .main(C.difference), multiplicity: heap),
      .byteRange(.main(C.difference + 1), .main(C.difference + 2), multiplicity: heap),
      .byteRange(.main(C.mmapHigh), times16(C.mmapHigh), multiplicity: heap),
      .byteRange(.main(C.belowMmap), .main(C.belowMmap + 1), multiplicity: heap),
      .byteRange(.main(C.belowMmap + 2), .main(C.mmapDifference), multiplicity: heap),
      .byteRange(
        .main(C.mmapDifference + 1), .main(C.mmapDifference + 2), multiplicity: heap),
      // An ended mapping: the page's (only) mapping row, and clk − 1 − until ≥ 0.
      Interaction(
        bus: MachineBus.page, direction: .send,
        values: [Self.page, .main(C.since), .main(C.until), .constant(1)], multiplicity: revoked),
      .byteRange(.main(C.afterUntil), .main(C.afterUntil + 1), multiplicity: revoked),
      .byteRange(.main(C.afterUntil + 2), .constant(0), multiplicity: revoked),
    ] + read(MemoryKey.heapTop, C.heapTop, previous: C.previous)
      + read(MemoryKey.mmapLow, C.mmapLow, previous: C.mmapPrevious)
  }

  /// Key `key` read and written back unchanged at 4·clk + 2 on heap rows (H, M).
  func read(_ key: UInt32, _ value: WordColumns, previous: Int) -> [Interaction] {
    let ts = LinearForm([.init(.main(Columns.clk), KoalaBear(4))], constant: KoalaBear(2))
    let heap = LinearForm.main(Columns.heapSelected)
    return Interaction.memoryAccess(
      key: .constant(key), old: value.forms, new: value.forms, previous: .main(previous),
      timestamp: ts, multiplicity: heap)
  }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    func m(_ c: Int) -> B.Value { b.main(c) }
    let one = b.constant(1)
    let selected = m(C.selected)
    let present = b.preprocessed(0, next: false)
    let lo = b.preprocessed(1, next: false), hi = b.preprocessed(2, next: false)
    let heap = b.preprocessed(3, next: false)

    // One boolean selection, only on a gap row; heapSelected is exactly selected on a heap
    // gap (so the heap-top checks run exactly there).
    b.assertBoolean(selected, "selected is boolean")
    b.assertZero(selected * (one - present), "padding rows are not selected")
    b.assertEqual(m(C.heapSelected), selected * heap, "heap rows read the heap top")

    // The page: address limb 1 = 16·high + low (nibbles: both and 16× them are bytes).
    b.assertZero(
      selected * (m(C.address1) - b.constant(16) * m(C.high) - m(C.low)),
      "address limb 1 splits into nibbles")
    let page = Self.page.evaluate(b)
    // lo ≤ P ≤ hi: both differences are three range-checked bytes (below 2^24 ≪ p, and
    // P, lo, hi < 2^20, so the field equations are integer ones).
    b.assertZero(
      selected * (page - lo - GapColumns(C.aboveLow).value(b)), "the page is at least lo")
    b.assertZero(
      selected * (hi - page - GapColumns(C.belowHigh).value(b)), "the page is at most hi")
    // On a heap gap, a page never mapped: H ≤ P < M / 4096 (as read at 4·clk + 2; H is a
    // page number below 2^20 kept in byte limbs by the syscall chip, M a page-aligned
    // address: limb 0 is 0 and limb 1 = 16·mmapHigh, so M / 4096 = mmapHigh + 16·M2 +
    // 4096·M3).
    let heapSelected = m(C.heapSelected)
    let revoked = m(C.revoked)
    b.assertBoolean(revoked, "revoked is boolean")
    let neverMapped = heapSelected * (one - revoked)
    b.assertZero(
      neverMapped * (page - C.heapTop.value(b) - GapColumns(C.aboveHeap).value(b)),
      "the page is at least the heap top")
    b.assertZero(
      heapSelected * (m(C.mmapLow[1]) - b.constant(16) * m(C.mmapHigh)),
      "mmap low limb 1 is 16 mmapHigh")
    let mmapPage =
      m(C.mmapHigh) + b.constant(16) * m(C.mmapLow[2]) + b.constant(4096) * m(C.mmapLow[3])
    b.assertZero(
      neverMapped * (mmapPage - page - one - GapColumns(C.belowMmap).value(b)),
      "the page is below the lowest mapping")
    // A page unmapped again: its mapping ended before the access (until ≤ clk − 1, three
    // range-checked bytes; clk, until < 2^24).
    b.assertZero(
      revoked * (m(C.clk) - one - m(C.until) - GapColumns(C.afterUntil).value(b)),
      "the mapping ended before the access")
    // Memory argument: both previous accesses are strictly earlier.
    let ts = b.constant(4) * m(C.clk) + b.constant(2)
    b.assertZero(
      heapSelected * (ts - m(C.previous) - one - GapColumns(C.difference).value(b)),
      "heap top timestamp increases")
    b.assertZero(
      heapSelected * (ts - m(C.mmapPrevious) - one - GapColumns(C.mmapDifference).value(b)),
      "mmap low timestamp increases")
  }

  /// The trace: `fault` when the run ends in an unmapped access, else all padding; the byte
  /// lookups go to `lookups`.
  public func generateTrace(fault: Fault?, lookups: inout ByteLookups) -> RowMajorMatrix {
    let C = Columns.self
    var t = RowMajorMatrix(zerosHeight: height, width: width)
    if let f = fault {
      let page = f.address >> 12
      let r = gaps.firstIndex { $0.lo <= page && page <= $0.hi }!
      let g = gaps[r]
      t[r, C.selected] = .one
      t[r, C.clk] = KoalaBear(f.clk)
      t[r, C.address1] = KoalaBear((f.address >> 8) & 0xff)
      t[r, C.address2] = KoalaBear((f.address >> 16) & 0xff)
      t[r, C.address3] = KoalaBear(f.address >> 24)
      t[r, C.high] = KoalaBear((f.address >> 12) & 0xf)
      t[r, C.low] = KoalaBear((f.address >> 8) & 0xf)
      GapColumns(C.aboveLow).write(page - g.lo, to: &t, row: r)
      GapColumns(C.belowHigh).write(g.hi - page, to: &t, row: r)
      if g.heap {
        t[r, C.heapSelected] = .one
        C.heapTop.write(f.heapTop, to: &t, row: r)
        if let e = f.ended {
          t[r, C.revoked] = .one
          t[r, C.since] = KoalaBear(e.since)
          t[r, C.until] = KoalaBear(e.until)
          GapColumns(C.afterUntil).write(f.clk - 1 - e.until, to: &t, row: r)
        } else {
          GapColumns(C.aboveHeap).write(page - f.heapTop, to: &t, row: r)
          GapColumns(C.belowMmap).write((f.mmapLow >> 12) - page - 1, to: &t, row: r)
        }
        t[r, C.previous] = KoalaBear(f.heapPrevious)
        GapColumns(C.difference).write(4 * f.clk + 2 - f.heapPrevious - 1, to: &t, row: r)
        C.mmapLow.write(f.mmapLow, to: &t, row: r)
        t[r, C.mmapHigh] = KoalaBear((f.mmapLow >> 12) & 0xf)
        t[r, C.mmapPrevious] = KoalaBear(f.mmapPrevious)
        GapColumns(C.mmapDifference).write(4 * f.clk + 2 - f.mmapPrevious - 1, to: &t, row: r)
      }
    }
    lookups.record(self, trace: t)
    return t
  }
}
