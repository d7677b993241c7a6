import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The I/O chip: the guest buffers of read and write, one row per memory word a transfer
/// touches. A transfer is a chain of tokens (clk, stream, address, bytes remaining, stream
/// index) on ``MachineBus/transfer``: the ``SyscallChip`` sends the first and receives the
/// last (remaining 0); each row receives one, handles the bytes from its address to the end
/// of the word (or of the transfer) and sends the next.
///
/// Streams: 0 = public input (fd 0: bytes stored into memory, each sent as (0, index, byte)
/// on ``MachineBus/io``), 1 = public output (fd 1: memory unchanged, each byte sent as (1,
/// index, byte)), 2 = mapped only (the buffer of a write to fd 2, whose bytes are not part of
/// the statement, and the part of a read's buffer past the bytes read: the executor needs
/// them mapped, EFAULT otherwise; these rows only look their page up, with no memory access
/// and nothing published), 3 = hints (fd 3: bytes stored, private, range-checked here), 4 = the
/// clock (clock_gettime: ``ZKMIPSExecutor/Kernel/clockTime`` stored) and 5 = the system's
/// name (uname: ``ZKMIPSExecutor/Kernel/utsname`` stored). The verifier receives the
/// statement's input and output bytes on ``MachineBus/io`` itself; the bytes of streams 4 and
/// 5 are each looked up as (stream, index, byte) in ``SyscallNumberTable``, whose rows hold
/// the kernel's constants.
///
/// Soundness: a row's bytes are the contiguous run from offset o (address & 3) to e, where
/// o and e are one-hot and each byte flag m_j = [o ≤ j] − [e < j] is boolean (so e ≥ o);
/// the row takes k = Σ m_j ≥ 1 bytes, remaining − k is a range-checked 3-byte number, and a
/// row that leaves bytes must end its word (e = 3). Remaining strictly decreases along a
/// chain, so tokens cannot cycle, and every row lies on a chain from a syscall's first
/// token to its last. Each row accesses its word once, at the syscall's memory timestamp
/// 4·clk + 2; the words of one transfer are distinct (addresses increase).
public struct IOChip: AIR {
  /// The I/O chip.
  public init() {}

  /// The constant streams: clock_gettime's `struct timespec`, uname's `struct utsname`.
  public static let clockStream: UInt32 = 4
  public static let utsnameStream: UInt32 = 5

  /// The column layout.
  public enum Columns {
    public static let isInput = 0
    public static let isOutput = 1
    public static let isHint = 2
    public static let clk = 3
    /// The address of the row's first byte, as limbs (top ≤ 126), and address0 >> 2.
    public static let address = WordColumns(4)
    public static let wordLow = address.end
    /// One-hot first and last byte offsets within the word.
    public static let first = wordLow + 1
    public static let last = first + 4
    public static let remaining = last + 4
    public static let index = remaining + 1
    /// remaining − bytes taken, three byte limbs.
    public static let left = index + 1
    /// The word before and after.
    public static let old = WordColumns(left + 3)
    public static let new = WordColumns(old.end)
    public static let previousTimestamp = new.end
    public static let difference = previousTimestamp + 1
    /// Per byte: m_j · (is_input + is_output), the public bus multiplicity.
    public static let published = difference + 3
    /// The page mapping of the word (``PageColumns``).
    public static let page = PageColumns(published + 4)
    public static let pageHigh = page.high
    public static let pageLow = page.low
    public static let mappedSince = page.since
    public static let sinceGap = page.gap.first
    public static let pageWritable = page.writable
    /// Streams 4 (clock) and 5 (utsname), whose stored bytes are the kernel's constants.
    public static let isClock = page.end
    public static let isUname = isClock + 1
    /// Per byte: m_j · (is_clock + is_uname), the constant-table lookup's multiplicity.
    public static let constant = isUname + 1
    /// Stream 2 (mapped only): the page is looked up, memory is not accessed.
    public static let isError = constant + 4
    public static let width = isError + 1
  }

  public var name: String { "io" }
  public var width: Int { Columns.width }

  static var isReal: LinearForm {
    LinearForm([
      .init(.main(Columns.isInput)), .init(.main(Columns.isOutput)), .init(.main(Columns.isHint)),
      .init(.main(Columns.isClock)), .init(.main(Columns.isUname)), .init(.main(Columns.isError)),
    ])
  }

  /// Rows that access their memory word: all but stream 2's.
  static var accesses: LinearForm {
    LinearForm(isReal.terms.filter { $0.column != .main(Columns.isError) })
  }

  /// m_j = Σ_{i ≤ j} first_i − Σ_{i < j} last_i.
  static func taken(_ j: Int) -> LinearForm {
    LinearForm(
      (0...j).map { LinearForm.Term(.main(Columns.first + $0)) }
        + (0..<j).map { LinearForm.Term(.main(Columns.last + $0), -KoalaBear.one) })
  }

  /// k = Σ_j m_j.
  static var count: LinearForm {
    (0..<4).map(taken).reduce(LinearForm(), +)
  }

  static var address: LinearForm {
    LinearForm(
      (0..<4).map {
        LinearForm.Term(.main(Columns.address[$0]), KoalaBear(UInt32(1) << (8 * UInt32($0))))
      })
  }

  static var stream: LinearForm {
    LinearForm([
      .init(.main(Columns.isOutput)), .init(.main(Columns.isError), KoalaBear(2)),
      .init(.main(Columns.isHint), KoalaBear(3)),
      .init(.main(Columns.isClock), KoalaBear(clockStream)),
      .init(.main(Columns.isUname), KoalaBear(utsnameStream)),
    ])
  }

  public var interactions: [Interaction] {
    let C = Columns.self
    let a = C.address
    let key = LinearForm(
      [
        .init(.main(C.wordLow)), .init(.main(a[1]), KoalaBear(64)),
        .init(.main(a[2]), KoalaBear(1 << 14)),
        .init(.main(a[3]), KoalaBear(1 << 22)),
      ], constant: KoalaBear(MemoryKey.firstWord))
    let ts = LinearForm([.init(.main(C.clk), KoalaBear(4))], constant: KoalaBear(2))
    let left = LinearForm(
      (0..<3).map { LinearForm.Term(.main(C.left + $0), KoalaBear(UInt32(1) << (8 * UInt32($0)))) })
    let zero = LinearForm.constant(0)
    // Stream index of byte j: index + j − offset.
    let offset = LinearForm(
      (0..<4).map { LinearForm.Term(.main(C.first + $0), KoalaBear(UInt32($0))) })
    func minus(_ f: LinearForm) -> LinearForm {
      LinearForm(f.terms.map { .init($0.column, -$0.coefficient) }, constant: -f.constant)
    }
    func range(_ x: LinearForm, _ y: LinearForm, _ m: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: m)
    }
    var out: [Interaction] = [
      Interaction(
        bus: MachineBus.transfer, direction: .receive,
        values: [.main(C.clk), Self.stream, Self.address, .main(C.remaining), .main(C.index)],
        multiplicity: Self.isReal),
      Interaction(
        bus: MachineBus.transfer, direction: .send,
        values: [
          .main(C.clk), Self.stream, Self.address + Self.count, left, .main(C.index) + Self.count,
        ],
        multiplicity: Self.isReal),
    ]
    out += Interaction.memoryAccess(
      key: key, old: C.old.forms, new: C.new.forms, previous: .main(C.previousTimestamp),
      timestamp: ts, multiplicity: Self.accesses)
    for j in 0..<4 {
      out.append(
        Interaction(
          bus: MachineBus.io, direction: .send,
          values: [
            .main(C.isOutput), .main(C.index) + minus(offset) + .constant(UInt32(j)),
            .main(C.new[j]),
          ],
          multiplicity: .main(C.published + j)))
      // A constant stream's byte is the kernel's: (stream, index, byte) is a table row.
      out.append(
        Interaction(
          bus: MachineBus.syscallNumbers, direction: .send,
          values: [
            Self.stream, .main(C.index) + minus(offset) + .constant(UInt32(j)), .main(C.new[j]),
          ],
          multiplicity: .main(C.constant + j)))
    }
    // The word's page is mapped since before the syscall.
    out += C.page.interactions(address: C.address, multiplicity: Self.isReal)
    out += [
      range(.main(a[0]), .main(a[1]), Self.isReal),
      range(
        .main(a[2]), LinearForm([.init(.main(a[3]), -KoalaBear.one)], constant: KoalaBear(126)),
        Self.isReal),
      range(.main(C.wordLow), .main(C.difference), Self.isReal),
      range(.main(C.difference + 1), .main(C.difference + 2), Self.isReal),
      range(.main(C.left), .main(C.left + 1), Self.isReal),
      range(.main(C.left + 2), zero, Self.isReal),
      range(.main(C.new[0]), .main(C.new[1]), .main(C.isHint)),
      range(.main(C.new[2]), .main(C.new[3]), .main(C.isHint)),
    ]
    return out
  }

  static let firstNames: [StaticString] = [
    "first 0 is boolean", "first 1 is boolean", "first 2 is boolean", "first 3 is boolean",
  ]
  static let lastNames: [StaticString] = [
    "last 0 is boolean", "last 1 is boolean", "last 2 is boolean", "last 3 is boolean",
  ]
  static let takenNames: [StaticString] = [
    "byte 0 flag is boolean", "byte 1 flag is boolean", "byte 2 flag is boolean",
    "byte 3 flag is boolean",
  ]
  static let keptNames: [StaticString] = [
    "byte 0 outside the run is kept", "byte 1 outside the run is kept",
    "byte 2 outside the run is kept", "byte 3 outside the run is kept",
  ]
  static let outputNames: [StaticString] = [
    "output byte 0 unchanged", "output byte 1 unchanged", "output byte 2 unchanged",
    "output byte 3 unchanged",
  ]
  static let constantNames: [StaticString] = [
    "byte 0 looked up iff constant", "byte 1 looked up iff constant",
    "byte 2 looked up iff constant", "byte 3 looked up iff constant",
  ]
  static let publishedNames: [StaticString] = [
    "byte 0 published iff public", "byte 1 published iff public", "byte 2 published iff public",
    "byte 3 published iff public",
  ]

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    func m(_ c: Int) -> B.Value { b.main(c) }
    // Stream flags: boolean, at most one (is_real).
    b.assertBoolean(m(C.isInput), "is_input is boolean")
    b.assertBoolean(m(C.isOutput), "is_output is boolean")
    b.assertBoolean(m(C.isHint), "is_hint is boolean")
    b.assertBoolean(m(C.isClock), "is_clock is boolean")
    b.assertBoolean(m(C.isUname), "is_uname is boolean")
    b.assertBoolean(m(C.isError), "is_error is boolean")
    let isReal = Self.isReal.evaluate(b)
    b.assertBoolean(isReal, "at most one stream per row")
    // First and last byte: one-hot on real rows, none on padding; the run between them is
    // contiguous and non-empty (each m_j boolean forces last ≥ first).
    var firstSum = b.constant(0)
    var lastSum = b.constant(0)
    for j in 0..<4 {
      b.assertBoolean(m(C.first + j), Self.firstNames[j])
      b.assertBoolean(m(C.last + j), Self.lastNames[j])
      firstSum = firstSum + m(C.first + j)
      lastSum = lastSum + m(C.last + j)
    }
    b.assertEqual(firstSum, isReal, "one first byte per real row")
    b.assertEqual(lastSum, isReal, "one last byte per real row")
    let taken = (0..<4).map { Self.taken($0).evaluate(b) }
    for j in 0..<4 { b.assertBoolean(taken[j], Self.takenNames[j]) }
    // address0 = 4·wordLow + first offset (wordLow a byte, so the word key is the aligned
    // word's, as in the CPU).
    var offset = b.constant(0)
    for j in 1..<4 { offset = offset + b.constant(UInt32(j)) * m(C.first + j) }
    b.assertEqual(
      m(C.address[0]), b.constant(4) * m(C.wordLow) + offset, "address splits into word and offset")
    // remaining − k = left ≥ 0; bytes left over mean the row ran to the end of its word.
    let left = m(C.left) + b.constant(1 << 8) * m(C.left + 1) + b.constant(1 << 16) * m(C.left + 2)
    b.assertEqual(m(C.remaining) - Self.count.evaluate(b), left, "left is remaining minus taken")
    b.assertZero(left * (one - m(C.last + 3)), "a continuing row ends its word")
    // Bytes: outside the run the word is unchanged; output leaves the whole word unchanged
    // (it is only read); input, hint and constant bytes replace the run. (Stream 2 rows do
    // not access memory: their words are unused.) Input and output
    // bytes are published on the io bus (the verifier's), constant bytes looked up in the
    // constant table (each taken byte exactly once: multiplicity m_j on clock/uname rows, 0
    // elsewhere, so a stored clock or utsname byte is the kernel's).
    for j in 0..<4 {
      let change = m(C.new[j]) - m(C.old[j])
      b.assertZero((one - taken[j]) * change, Self.keptNames[j])
      b.assertZero(m(C.isOutput) * change, Self.outputNames[j])
      b.assertEqual(
        m(C.published + j), taken[j] * (m(C.isInput) + m(C.isOutput)), Self.publishedNames[j])
      b.assertEqual(
        m(C.constant + j), taken[j] * (m(C.isClock) + m(C.isUname)), Self.constantNames[j])
    }
    // Page mapping (``PageColumns``): the word's page is mapped since before the syscall,
    // and every transfer but a write or a mapped-only one stores into its buffer, so needs it
    // writable.
    C.page.evaluate(&b, address: C.address, clk: m(C.clk), gate: isReal)
    b.assertZero(
      (isReal - m(C.isOutput) - m(C.isError)) * (one - m(C.pageWritable)),
      "reads go to writable pages")
    // Memory argument: the word's previous access is strictly earlier (see CPUChip).
    b.assertEqual(
      b.constant(4) * m(C.clk) + b.constant(2) - m(C.previousTimestamp) - one,
      GapColumns(C.difference).value(b), "word timestamp increases")
  }

  /// One word of a transfer.
  public struct Row: Sendable, Equatable {
    /// 0 input, 1 output, 2 stderr, 3 hints, 4 clock, 5 utsname.
    public var stream: Int
    public var clk: UInt32
    public var address: UInt32
    public var remaining: UInt32
    public var index: UInt32
    public var old: UInt32
    public var new: UInt32
    public var previousTimestamp: UInt32
    /// The clks between which the word's page is mapped (0: from the start;
    /// ``PageColumns/forever``: never unmapped), and whether it is writable.
    public var mappedSince: UInt32 = 0
    public var mappedUntil: UInt32 = PageColumns.forever
    public var pageWritable = false

    public init(
      stream: Int, clk: UInt32, address: UInt32, remaining: UInt32, index: UInt32, old: UInt32,
      new: UInt32, previousTimestamp: UInt32, mappedSince: UInt32 = 0
    ) {
      self.mappedSince = mappedSince
      self.stream = stream
      self.clk = clk
      self.address = address
      self.remaining = remaining
      self.index = index
      self.old = old
      self.new = new
      self.previousTimestamp = previousTimestamp
    }

    /// Bytes this row takes.
    public var count: UInt32 { min(4 - address & 3, remaining) }
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
      t[r, [C.isInput, C.isOutput, C.isError, C.isHint, C.isClock, C.isUname][row.stream]] = .one
      t[r, C.clk] = KoalaBear(row.clk)
      C.address.write(row.address, to: &t, row: r)
      t[r, C.wordLow] = KoalaBear((row.address & 0xff) >> 2)
      let first = Int(row.address & 3)
      let k = Int(row.count)
      t[r, C.first + first] = .one
      t[r, C.last + first + k - 1] = .one
      t[r, C.remaining] = KoalaBear(row.remaining)
      t[r, C.index] = KoalaBear(row.index)
      let left = row.remaining - UInt32(k)
      for i in 0..<3 { t[r, C.left + i] = KoalaBear((left >> (8 * UInt32(i))) & 0xff) }
      C.old.write(row.old, to: &t, row: r)
      C.new.write(row.new, to: &t, row: r)
      t[r, C.previousTimestamp] = KoalaBear(row.previousTimestamp)
      let d = 4 * row.clk + 2 - row.previousTimestamp - 1
      GapColumns(C.difference).write(d, to: &t, row: r)
      if row.stream <= 1 {
        for j in first..<(first + k) { t[r, C.published + j] = .one }
      }
      if row.stream >= 4 {
        for j in first..<(first + k) { t[r, C.constant + j] = .one }
      }
      C.page.write(
        address: row.address, clk: row.clk, since: row.mappedSince, until: row.mappedUntil,
        writable: row.pageWritable,
        to: &t, row: r)
    }
    lookups.record(self, trace: t)
    return t
  }
}
