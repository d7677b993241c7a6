import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

// Page mapping. Every memory access (a CPU load or store, every word of a read/write
// buffer) looks up (page, since, 1, writable) on ``MachineBus/page`` and shows since < its
// clk — and a store, or a read into memory, that writable = 1: the page
// is mapped from the start (since 0, ``StaticPageTable``) or was mapped by the brk at clk
// `since` (``HeapPageChip``). Heap pages are only ever added (a brk that would unmap pages
// is not provable), so "mapped since" is all the proof needs: an access to a page that is
// not mapped at that time has no table row to match.

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

  /// Padding rows are (present 0, page 0) and receive (0, 0) — but page 0 is never mapped
  /// by the loader (it is below every segment), and the tuple carries `present`, so no
  /// lookup can match a padding row.
  public var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.page, direction: .receive,
        values: [.preprocessed(1), .constant(0), .preprocessed(0), .preprocessed(2)],
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

/// The heap pages brk mapped: one row per page, in a chain (clk, page, remaining) on
/// ``MachineBus/pageGrant`` from the brk's syscall row (which sends the first token and
/// receives the last, remaining 0); each row receives (page, clk, 1, 1) lookups (heap pages
/// are writable) on ``MachineBus/page`` with a free multiplicity.
///
/// Soundness: remaining is a range-checked 3-byte number that drops by one per row, so a
/// chain cannot cycle and every row lies on a chain a brk started; brk starts a chain only
/// at the heap's top page and moves the top past it, so no page gets two rows. The lookup
/// multiplicity is zero on padding rows.
public struct HeapPageChip: AIR {
  /// The heap-page chip.
  public init() {}

  public enum Columns {
    public static let isReal = 0
    public static let clk = 1
    public static let page = 2
    /// Pages left in the chain after this one, three byte limbs.
    public static let left = 3
    /// How many accesses looked this page up.
    public static let lookups = 6
    public static let width = 7
  }

  public var name: String { "heap_pages" }
  public var width: Int { Columns.width }

  public var interactions: [Interaction] {
    let C = Columns.self
    let isReal = LinearForm.main(C.isReal)
    let left = LinearForm(
      (0..<3).map { .init(.main(C.left + $0), KoalaBear(UInt32(1) << (8 * UInt32($0)))) })
    let zero = LinearForm.constant(0)
    return [
      Interaction(
        bus: MachineBus.pageGrant, direction: .receive,
        values: [.main(C.clk), .main(C.page), left + .constant(1)], multiplicity: isReal),
      Interaction(
        bus: MachineBus.pageGrant, direction: .send,
        values: [.main(C.clk), .main(C.page) + .constant(1), left], multiplicity: isReal),
      Interaction(
        bus: MachineBus.page, direction: .receive,
        values: [.main(C.page), .main(C.clk), .constant(1), .constant(1)],
        multiplicity: .main(C.lookups)),
      Interaction(
        bus: MachineBus.byte, direction: .send,
        values: [.constant(ByteOperation.range.rawValue), .main(C.left), .main(C.left + 1), zero],
        multiplicity: isReal),
      Interaction(
        bus: MachineBus.byte, direction: .send,
        values: [.constant(ByteOperation.range.rawValue), .main(C.left + 2), zero, zero],
        multiplicity: isReal),
    ]
  }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let isReal = b.main(Columns.isReal)
    b.assertBoolean(isReal, "is_real is boolean")
    b.assertZero(
      b.main(Columns.lookups) * (b.constant(1) - isReal), "padding rows answer no lookup")
  }

  /// One mapped heap page.
  public struct Row: Sendable, Equatable {
    public var clk: UInt32
    public var page: UInt32
    public var left: UInt32
    public var lookups: Int

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
      for k in 0..<3 { t[r, C.left + k] = KoalaBear((row.left >> (8 * UInt32(k))) & 0xff) }
      t[r, C.lookups] = KoalaBear(UInt32(row.lookups))
    }
    lookups.record(self, trace: t)
    return t
  }
}
