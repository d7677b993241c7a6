import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The iovec chip: one row per `struct iovec` a writev (fd 1 or 2) reads. A writev is a
/// chain of tokens (clk, stream, iovec address, entries remaining, start index, total) on
/// ``MachineBus/iovec``: the ``SyscallChip`` sends (clk, stream, `$a1`, `$a2`, start, 0) and
/// receives (clk, stream, `$a1` + 8·`$a2`, 0, start, `$v0`); each row takes the entry at its
/// address, reads its two words (base, len) through the memory argument at the syscall's
/// timestamp 4·clk + 2, shows both words' pages mapped, hands the entry's buffer to the
/// ``IOChip`` as a transfer (clk, stream, base, len, start + total) whose end (clk, stream,
/// base + len, 0, start + total + len) it receives, and sends the token on with address
/// + 8, one entry fewer and total + len. Stream 1 (fd 1) publishes the bytes as output from
/// stream index start = the output cursor; stream 2 (fd 2) only shows the buffer mapped.
///
/// Soundness, matching ``ZKMIPSExecutor/Kernel``'s writev (fd 1 or 2, count ≤ 1024, each
/// entry's words loaded from a 4-aligned, mapped iov + 8i, each buffer read whole, the
/// bytes concatenated, `$v0` = their count):
/// - Flags are boolean with a boolean sum (is_real), the multiplicity of every interaction
///   but the buffer's ceiling check (non_empty, forced to 0 where len = 0, so on padding).
/// - Entries remaining: remaining − is_real is two range-checked bytes, so every real row has
///   remaining ≥ 1 and the next token has one fewer: a chain cannot cycle, and a chain from
///   the syscall's (count ≤ 1024) to its end (0) has exactly count rows, at iov + 8i (the
///   end token's address is iov + 8·count, fixed by the syscall row).
/// - Address: limbs are range-checked bytes, the top ≤ 126 (below the address ceiling and
///   p), limb 0 = 4·word_low with word_low a byte: the address is 4-aligned (the executor
///   answers EFAULT otherwise). An aligned address is at most 127·2^24 − 4 = p − 5, so
///   address + 8 wraps mod p only for 0x7efffffc, whose len word (len_address = address + 4,
///   limbs range-checked, top ≤ 126) at 0x7f000000 has no decomposition: every entry's
///   address is the integer iov + 8i.
/// - Both words' pages are looked up (the len word may start the next page), mapped since
///   before clk: an unmapped iovec is EFAULT in the executor, and an unmapped word read
///   through the memory argument would start at 0.
/// - The words are read-only accesses (new = old) of keys word(address) and word(address) +
///   1 at 4·clk + 2, each after its previous access (timestamp differences as range-checked
///   bytes).
/// - len's top limb is 0 (len < 2^24; a longer buffer, which the executor caps at 2^24, is
///   not provable) and total + len = new total, three range-checked bytes: the running
///   total is an integer below 2^24, and so is `$v0`.
/// - A non-empty buffer's base has top limb ≤ 126 (non_empty = [len ≠ 0] by an inverse):
///   the transfer carries base as a field element, and a base ≥ p would pass for base − p.
///   An empty buffer is read at no address (the executor accepts any base), and its
///   transfer's start and end tokens are the same tuple, so they cancel.
/// - Distinct transfers of one writev never mix: an I/O row keeps index + remaining and
///   address − index along its chain, and index + remaining of entry i's transfer is start +
///   (total before i) + len_i, strictly increasing over the non-empty entries.
/// - The words of one syscall are all accessed at 4·clk + 2, so each at most once: the
///   prover refuses a writev to fd 1 whose iovec words and buffer words (stream 1 rows read
///   memory) are not all distinct; fd 2's buffers are only looked up (stream 2), and an
///   iovec array's words are distinct.
public struct IovecChip: AIR {
  /// The iovec chip.
  public init() {}

  /// The column layout.
  public enum Columns {
    /// fd 1 (stream 1) and fd 2 (stream 2).
    public static let isOutput = 0
    public static let isError = 1
    public static let clk = 2
    /// The entry's address (4-aligned) and address0 / 4.
    public static let address = WordColumns(3)
    public static let wordLow = address.end
    /// address + 4, the len word's address.
    public static let lenAddress = WordColumns(wordLow + 1)
    /// Entries remaining, this one included, and remaining − 1 as two bytes.
    public static let remaining = lenAddress.end
    public static let left = remaining + 1
    /// The stream index of the writev's first byte, and the bytes before this entry.
    public static let start = left + 2
    public static let total = start + 1
    /// total + len, three bytes.
    public static let newTotal = total + 1
    /// The entry's two words.
    public static let base = WordColumns(newTotal + 3)
    public static let length = WordColumns(base.end)
    /// Per word: previous timestamp, then 3 difference limbs.
    public static let basePrevious = length.end
    public static let baseDifference = GapColumns(basePrevious + 1)
    public static let lengthPrevious = baseDifference.end
    public static let lengthDifference = GapColumns(lengthPrevious + 1)
    /// [len ≠ 0] and an inverse of len.
    public static let nonEmpty = lengthDifference.end
    public static let lengthInverse = nonEmpty + 1
    /// The pages of the two words (``PageColumns``).
    public static let page = PageColumns(lengthInverse + 1)
    public static let lenPage = PageColumns(page.end)
    public static let width = lenPage.end
  }

  public var name: String { "iovec" }
  public var width: Int { Columns.width }

  static var isReal: LinearForm {
    LinearForm([.init(.main(Columns.isOutput)), .init(.main(Columns.isError))])
  }
  static var stream: LinearForm {
    LinearForm([.init(.main(Columns.isOutput)), .init(.main(Columns.isError), KoalaBear(2))])
  }
  static func limbs(_ first: Int, _ n: Int) -> LinearForm {
    LinearForm(
      (0..<n).map { LinearForm.Term(.main(first + $0), KoalaBear(UInt32(1) << (8 * UInt32($0)))) })
  }
  static func ceilingByte(_ c: Int) -> LinearForm {
    LinearForm([.init(.main(c), -KoalaBear.one)], constant: KoalaBear(126))
  }

  public var interactions: [Interaction] {
    let C = Columns.self
    let a = C.address
    let isReal = Self.isReal
    let zero = LinearForm.constant(0)
    let key = LinearForm(
      [
        .init(.main(C.wordLow)), .init(.main(a[1]), KoalaBear(64)),
        .init(.main(a[2]), KoalaBear(1 << 14)), .init(.main(a[3]), KoalaBear(1 << 22)),
      ], constant: KoalaBear(MemoryKey.firstWord))
    let lenKey = key + .constant(1)
    let ts = LinearForm([.init(.main(C.clk), KoalaBear(4))], constant: KoalaBear(2))
    let address = a.form
    let base = C.base.form
    let length = C.length.form
    let newTotal = GapColumns(C.newTotal).form
    let start = LinearForm.main(C.start)
    var out: [Interaction] = [
      Interaction(
        bus: MachineBus.iovec, direction: .receive,
        values: [
          .main(C.clk), Self.stream, address, .main(C.remaining), start, .main(C.total),
        ], multiplicity: isReal),
      Interaction(
        bus: MachineBus.iovec, direction: .send,
        values: [
          .main(C.clk), Self.stream, address + .constant(8), Self.limbs(C.left, 2), start,
          newTotal,
        ], multiplicity: isReal),
    ]
    // The entry's two words, read (written back unchanged) at 4·clk + 2.
    out += Interaction.memoryAccess(
      key: key, old: C.base.forms, new: C.base.forms, previous: .main(C.basePrevious),
      timestamp: ts, multiplicity: isReal)
    out += Interaction.memoryAccess(
      key: lenKey, old: C.length.forms, new: C.length.forms, previous: .main(C.lengthPrevious),
      timestamp: ts, multiplicity: isReal)
    out += [
      // The entry's buffer: a transfer of len bytes from base, stream indices from start +
      // total (see ``IOChip``).
      Interaction(
        bus: MachineBus.transfer, direction: .send,
        values: [.main(C.clk), Self.stream, base, length, start + .main(C.total)],
        multiplicity: isReal),
      Interaction(
        bus: MachineBus.transfer, direction: .receive,
        values: [.main(C.clk), Self.stream, base + length, zero, start + newTotal],
        multiplicity: isReal),
    ]
    out += C.page.interactions(address: a, multiplicity: isReal)
    out += C.lenPage.interactions(address: C.lenAddress, multiplicity: isReal)
    let l = C.lenAddress
    out += [
      .byteRange(.main(a[0]), .main(a[1]), multiplicity: isReal),
      .byteRange(.main(a[2]), Self.ceilingByte(a[3]), multiplicity: isReal),
      .byteRange(.main(l[0]), .main(l[1]), multiplicity: isReal),
      .byteRange(.main(l[2]), Self.ceilingByte(l[3]), multiplicity: isReal),
      .byteRange(.main(C.wordLow), .main(C.left), multiplicity: isReal),
      .byteRange(.main(C.left + 1), .main(C.newTotal), multiplicity: isReal),
      .byteRange(.main(C.newTotal + 1), .main(C.newTotal + 2), multiplicity: isReal),
      .byteRange(
        .main(C.baseDifference[0]), .main(C.baseDifference[1]), multiplicity: isReal),
      .byteRange(
        .main(C.baseDifference[2]), .main(C.lengthDifference[0]), multiplicity: isReal),
      .byteRange(
        .main(C.lengthDifference[1]), .main(C.lengthDifference[2]), multiplicity: isReal),
      .byteRange(Self.ceilingByte(C.base[3]), zero, multiplicity: .main(C.nonEmpty)),
    ]
    return out
  }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    func m(_ c: Int) -> B.Value { b.main(c) }
    b.assertBoolean(m(C.isOutput), "is_output is boolean")
    b.assertBoolean(m(C.isError), "is_error is boolean")
    let isReal = Self.isReal.evaluate(b)
    b.assertBoolean(isReal, "at most one stream per row")
    // The entry's address is 4-aligned, its len word 4 further (both < p: integers).
    b.assertEqual(m(C.address[0]), b.constant(4) * m(C.wordLow), "address is word-aligned")
    b.assertEqual(
      C.lenAddress.form.evaluate(b), C.address.form.evaluate(b) + b.constant(4),
      "len address is address + 4")
    // remaining ≥ 1 on real rows; the next token has remaining − 1.
    b.assertEqual(
      m(C.remaining) - isReal, Self.limbs(C.left, 2).evaluate(b), "left is remaining minus one")
    // len < 2^24, and the running total grows by it (three range-checked bytes).
    b.assertZero(m(C.length[3]), "len limb 3 is 0")
    let length = C.length.form.evaluate(b)
    b.assertEqual(
      GapColumns(C.newTotal).value(b), m(C.total) + length, "new total is total plus len")
    // non_empty = [len ≠ 0]: len · inverse, and 0 only where len is 0.
    b.assertEqual(m(C.nonEmpty), length * m(C.lengthInverse), "non_empty is len times inverse")
    b.assertZero(length * (one - m(C.nonEmpty)), "non_empty where len is not 0")
    // Pages: both words' pages mapped before the syscall (the gadget's two constraints, the
    // len word's under their own names).
    C.page.evaluate(&b, address: C.address, clk: m(C.clk), gate: isReal)
    let lp = C.lenPage
    b.assertEqual(
      m(C.lenAddress[1]), b.constant(16) * m(lp.high) + m(lp.low),
      "len address limb 1 splits into page nibbles")
    b.assertZero(
      isReal * (m(C.clk) - m(lp.since) - one - lp.gap.value(b)),
      "the len word's page was mapped before")
    // Memory argument: each word's previous access is strictly earlier (see CPUChip).
    let ts = b.constant(4) * m(C.clk) + b.constant(2)
    b.assertEqual(
      ts - m(C.basePrevious) - one, C.baseDifference.value(b), "base timestamp increases")
    b.assertEqual(
      ts - m(C.lengthPrevious) - one, C.lengthDifference.value(b), "len timestamp increases")
  }

  /// One iovec entry of a writev.
  public struct Row: Sendable, Equatable {
    /// 1 (fd 1) or 2 (fd 2).
    public var stream: Int
    public var clk: UInt32
    public var address: UInt32
    public var remaining: UInt32
    public var start: UInt32
    public var total: UInt32
    public var base: UInt32
    public var length: UInt32
    public var basePrevious: UInt32
    public var lengthPrevious: UInt32
    /// The clks between which each word's page is mapped (0: from the start;
    /// ``PageColumns/forever``: never unmapped).
    public var baseSince: UInt32 = 0
    public var lengthSince: UInt32 = 0
    public var baseUntil: UInt32 = PageColumns.forever
    public var lengthUntil: UInt32 = PageColumns.forever
    public var baseWritable = false
    public var lengthWritable = false

    public init(
      stream: Int, clk: UInt32, address: UInt32, remaining: UInt32, start: UInt32,
      total: UInt32, base: UInt32, length: UInt32, basePrevious: UInt32, lengthPrevious: UInt32
    ) {
      self.stream = stream
      self.clk = clk
      self.address = address
      self.remaining = remaining
      self.start = start
      self.total = total
      self.base = base
      self.length = length
      self.basePrevious = basePrevious
      self.lengthPrevious = lengthPrevious
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
        // 4·0 + 2 − previous − 1 = 0; len address 0 + 4.
        t[r, C.basePrevious] = KoalaBear(1)
        t[r, C.lengthPrevious] = KoalaBear(1)
        t[r, C.lenAddress[0]] = KoalaBear(4)
        continue
      }
      let row = rows[r]
      t[r, row.stream == 1 ? C.isOutput : C.isError] = .one
      t[r, C.clk] = KoalaBear(row.clk)
      C.address.write(row.address, to: &t, row: r)
      t[r, C.wordLow] = KoalaBear((row.address & 0xff) >> 2)
      C.lenAddress.write(row.address + 4, to: &t, row: r)
      t[r, C.remaining] = KoalaBear(row.remaining)
      for k in 0..<2 { t[r, C.left + k] = KoalaBear(((row.remaining - 1) >> (8 * k)) & 0xff) }
      t[r, C.start] = KoalaBear(row.start)
      t[r, C.total] = KoalaBear(row.total)
      let newTotal = row.total + row.length
      for k in 0..<3 { t[r, C.newTotal + k] = KoalaBear((newTotal >> (8 * UInt32(k))) & 0xff) }
      C.base.write(row.base, to: &t, row: r)
      C.length.write(row.length, to: &t, row: r)
      t[r, C.basePrevious] = KoalaBear(row.basePrevious)
      t[r, C.lengthPrevious] = KoalaBear(row.lengthPrevious)
      C.baseDifference.write(4 * row.clk + 2 - row.basePrevious - 1, to: &t, row: r)
      C.lengthDifference.write(4 * row.clk + 2 - row.lengthPrevious - 1, to: &t, row: r)
      if row.length != 0 {
        t[r, C.nonEmpty] = .one
        t[r, C.lengthInverse] = KoalaBear(row.length).inverse()!
      }
      C.page.write(
        address: row.address, clk: row.clk, since: row.baseSince, until: row.baseUntil,
        writable: row.baseWritable, to: &t, row: r)
      C.lenPage.write(
        address: row.address + 4, clk: row.clk, since: row.lengthSince, until: row.lengthUntil,
        writable: row.lengthWritable, to: &t, row: r)
    }
    lookups.record(self, trace: t)
    return t
  }
}
