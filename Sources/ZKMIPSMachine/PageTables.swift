import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

// Page mapping. Every memory access (a CPU load or store, every word of a read/write
// buffer, an iovec entry) looks up (page, since, until, writable) on ``MachineBus/page``
// and shows since < its clk < until — and a store, or a read into memory, that writable =
// 1: the page is mapped from the start and for good (``StaticPageTable``), or was mapped by
// a brk or an mmap at clk `since` and stays mapped until the brk or munmap at clk `until`
// that unmaps it (``MappedPageChip``). An access to a page that is not mapped at that
// time has no table row to match.
//
// A page gets at most one mapping row, ever: brk grants pages only upwards from the heap's
// high-water page (memory key 40), mmap only downwards from its lowest mapping (key 41),
// and the two never cross. So a memory word's value in the memory argument is the one a
// fresh mapping starts with (zero) the first time the page is mapped; a brk that would map
// pages again after a shrink, or an mmap into pages brk once had, is not provable.

/// The pages mapped when the program starts (its segments and the stack), preprocessed:
/// each receives (page, 0, 1, writable) with a free multiplicity.
///
/// A page is writable when a writable segment or the stack covers it and no executable
/// segment does: code is never writable in a proof, so the program table (the code as
/// loaded) is what runs.
public struct StaticPageTable: AIR {
  /// The mapped pages, in order.
  public let pages: [UInt32]
  /// Which of them are writable.
  public let writable: Set<UInt32>
  /// The least height of the table.
  public let minimumHeight: Int

  /// The pages `program` starts with, in a fresh ``ZKMIPSExecutor/Machine``.
  public init(program: ELFProgram, minimumHeight: Int = 4) {
    pages = Machine(program: program).memory.mappedPages()
    var writable = Set(pages)
    var written = Set<UInt32>()
    for s in program.segments where s.memorySize > 0 {
      let first = s.virtualAddress >> 12
      let last = UInt32((s.end - 1) >> 12)
      for p in first...last {
        if s.flags & 1 != 0 { writable.remove(p) }  // PF_X: never writable here
        if s.flags & 2 != 0 { written.insert(p) }  // PF_W
      }
    }
    // Segment pages are writable only if some writable segment covers them.
    let segmentPages = Set(
      program.segments.filter { $0.memorySize > 0 }.flatMap {
        Array(($0.virtualAddress >> 12)...UInt32(($0.end - 1) >> 12))
      })
    self.writable = writable.filter { !segmentPages.contains($0) || written.contains($0) }
    self.minimumHeight = minimumHeight
  }

  public var name: String { "static_pages" }
  /// One main column: how often each page is looked up.
  public var width: Int { 1 }
  /// Preprocessed: present, page, writable.
  public var preprocessedWidth: Int { 3 }
  public var height: Int { paddedHeight(pages.count, minimum: minimumHeight) }

  /// Each row receives (page, 0, present · ``PageColumns/forever``, writable): mapped from
  /// the start, never unmapped (a munmap of a static page is not provable). Padding rows
  /// receive (0, 0, 0, 0), an interval no clk lies in, so no lookup can match one.
  public var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.page, direction: .receive,
        values: [
          .preprocessed(1), .constant(0),
          LinearForm([.init(.preprocessed(0), KoalaBear(PageColumns.forever))]), .preprocessed(2),
        ],
        multiplicity: .main(0))
    ]
  }

  public func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: 3)
    for (r, p) in pages.enumerated() {
      m[r, 0] = .one
      m[r, 1] = KoalaBear(p)
      m[r, 2] = writable.contains(p) ? .one : .zero
    }
    return m
  }

  /// No constraints: the rows are fixed and only receive true facts.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {}

  /// The multiplicity column for lookups of `looked` (pages, one entry per access). A page
  /// without a row gets no answer (its lookups stay unmatched: only an evil witness has
  /// them).
  public func generateTrace(lookups looked: [UInt32: Int]) -> RowMajorMatrix {
    var index: [UInt32: Int] = [:]
    for (r, p) in pages.enumerated() { index[p] = r }
    var counts = [UInt32](repeating: 0, count: height)
    for (p, n) in looked { if let r = index[p] { counts[r] += UInt32(n) } }
    return RowMajorMatrix(values: counts.map { KoalaBear($0) }, width: 1)
  }
}

/// The pages brk and mmap mapped: one row per page, in a chain (clk, page, remaining) on
/// ``MachineBus/pageGrant`` from the syscall row that mapped them (which sends the first
/// token and receives the last, remaining 0); each row receives (page, clk, until, 1)
/// lookups (these pages are writable) on ``MachineBus/page`` with a free multiplicity.
/// A `revoked` row lies on a chain (until, page, remaining) on ``MachineBus/pageRevoke``
/// that a brk shrinking the heap or a munmap at clk `until` started; a real row not revoked
/// holds ``PageColumns/forever`` there (a smaller value would let ``UnmappedAccessChip``
/// show a page unmapped while it is mapped).
///
/// Soundness: remaining is a range-checked 3-byte number that drops by one per row on
/// either chain, so a chain cannot cycle and every row lies on a grant chain a syscall row
/// started, and every revoked row on a revoke chain; a syscall row starts a grant chain only
/// at pages no row has (above the heap's high-water page, below mmap's lowest), so no page
/// gets two rows; a revoke chain covers exactly the pages its syscall unmaps, each with its
/// only row, so after it no access to them matches. The lookup multiplicity is zero on
/// padding rows, which neither grant nor revoke. `revoked` is boolean: it is a bus
/// multiplicity, and a negative one would turn its chain and byte-check messages around.
public struct MappedPageChip: AIR {
  /// The mapped-page chip.
  public init() {}

  public enum Columns {
    public static let isReal = 0
    public static let clk = 1
    public static let page = 2
    /// Pages left in the grant chain after this one, three byte limbs.
    public static let left = 3
    /// How many accesses looked this page up.
    public static let lookups = 6
    /// Whether a brk or munmap unmapped the page, at clk `until`.
    public static let revoked = 7
    public static let until = 8
    /// Pages left in the revoke chain after this one, three byte limbs.
    public static let revokedLeft = 9
    public static let width = 12
  }

  public var name: String { "mapped_pages" }
  public var width: Int { Columns.width }

  public var interactions: [Interaction] {
    let C = Columns.self
    let isReal = LinearForm.main(C.isReal)
    let revoked = LinearForm.main(C.revoked)
    let left = GapColumns(C.left).form
    let revokedLeft = GapColumns(C.revokedLeft).form
    let zero = LinearForm.constant(0)
    return [
      Interaction(
        bus: MachineBus.pageGrant, direction: .receive,
        values: [.main(C.clk), .main(C.page), left + .constant(1)], multiplicity: isReal),
      Interaction(
        bus: MachineBus.pageGrant, direction: .send,
        values: [.main(C.clk), .main(C.page) + .constant(1), left], multiplicity: isReal),
      Interaction(
        bus: MachineBus.pageRevoke, direction: .receive,
        values: [.main(C.until), .main(C.page), revokedLeft + .constant(1)],
        multiplicity: revoked),
      Interaction(
        bus: MachineBus.pageRevoke, direction: .send,
        values: [.main(C.until), .main(C.page) + .constant(1), revokedLeft],
        multiplicity: revoked),
      Interaction(
        bus: MachineBus.page, direction: .receive,
        values: [.main(C.page), .main(C.clk), .main(C.until), .constant(1)],
        multiplicity: .main(C.lookups)),
      .byteRange(.main(C.left), .main(C.left + 1), multiplicity: isReal),
      .byteRange(.main(C.left + 2), zero, multiplicity: isReal),
      .byteRange(.main(C.revokedLeft), .main(C.revokedLeft + 1), multiplicity: revoked),
      .byteRange(.main(C.revokedLeft + 2), zero, multiplicity: revoked),
    ]
  }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    let isReal = b.main(C.isReal)
    let revoked = b.main(C.revoked)
    b.assertBoolean(isReal, "is_real is boolean")
    b.assertZero(b.main(C.lookups) * (one - isReal), "padding rows answer no lookup")
    b.assertBoolean(revoked, "revoked is boolean")
    b.assertZero(revoked * (one - isReal), "padding rows are not revoked")
    b.assertZero(
      isReal * (one - revoked) * (b.main(C.until) - b.constant(PageColumns.forever)),
      "a mapping not revoked lasts forever")
  }

  /// One mapped page.
  public struct Row: Sendable, Equatable {
    public var clk: UInt32
    public var page: UInt32
    public var left: UInt32
    public var lookups: Int
    /// The clk of the brk or munmap that unmapped it (``PageColumns/forever``: none), and
    /// the pages after it in that syscall's revoke chain.
    public var until: UInt32 = PageColumns.forever
    public var revokedLeft: UInt32 = 0

    public init(clk: UInt32, page: UInt32, left: UInt32, lookups: Int) {
      self.clk = clk
      self.page = page
      self.left = left
      self.lookups = lookups
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
    for (r, row) in rows.enumerated() {
      t[r, C.isReal] = .one
      t[r, C.clk] = KoalaBear(row.clk)
      t[r, C.page] = KoalaBear(row.page)
      GapColumns(C.left).write(row.left, to: &t, row: r)
      t[r, C.lookups] = KoalaBear(UInt32(row.lookups))
      t[r, C.until] = KoalaBear(row.until)
      if row.until != PageColumns.forever {
        t[r, C.revoked] = .one
        GapColumns(C.revokedLeft).write(row.revokedLeft, to: &t, row: r)
      }
    }
    lookups.record(self, trace: t)
    return t
  }
}
