import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The syscall chip: one row per SYSCALL the CPU executed, received over
/// ``MachineBus/syscall`` as (clk, `$v0` limbs (the number), `$a0` limbs, new `$v0` limbs,
/// halts). The CPU writes the new `$v0`; this chip reads `$a1`, `$a2`, writes `$a3` (the
/// error flag) and the kernel state it changes, and hands buffers to the ``IOChip``.
///
/// Provable syscalls (``entries``): exit and exit_group; read on fd 0 (public input) and
/// fd 3 (hints); write on fd 1 (public output) and fd 2 (stderr, not part of the
/// statement); writev on fd 1 and fd 2 (the iovec entries read by ``IovecChip``, their
/// buffers transferred like write's; at most 1024 entries, a total below 2^24); brk,
/// growing or shrinking the heap; anonymous mmap and mmap2 (and their EINVAL for a length
/// of 0 or above 0x7000_0000, and ENOMEM when the pages do not fit between the heap and the
/// lowest mapping); munmap of pages brk or mmap mapped (see ``MappedPageChip``),
/// and its EINVAL for an unaligned address or a length of 0;
/// set_thread_area; clock_gettime (stores the 8 zero bytes of a
/// `struct timespec` at `$a1`) and uname (stores the 390 bytes of ``Kernel/utsname`` at
/// `$a0`), both returning 0; the constant answers (close, rt_sigaction, rt_sigprocmask,
/// sched_yield, getpid, gettid, set_tid_address, getuid, geteuid, getgid, getegid, ioctl),
/// EBADF for read/write/writev on other fds and ENOSYS for numbers the kernel does not know.
/// Counts must be below 2^24 (the executor's own cap). Every buffer is shown mapped (a
/// read's whole a2 bytes, a write's to fd 2 too); a syscall that answers EFAULT (an unmapped
/// buffer) is not provable.
///
/// Public values: exit code, input bytes consumed, output length, input length.
///
/// Soundness: selectors are boolean with a boolean sum (is_real = multiplicity of every
/// interaction a row makes); a row's number (and fd) limbs are the selected entry's
/// constants, so a row can only claim the syscall `$v0` (and `$a0`) really hold — both read
/// by the CPU through the memory argument. Each entry's results are constrained below
/// exactly as the executor's ``ZKMIPSExecutor/Kernel`` computes them.
public struct SyscallChip: AIR {
  /// The program break the kernel starts with (the end of the loaded image).
  public let initialBreak: UInt32

  /// The chip for a program whose image ends at `initialBreak`.
  public init(initialBreak: UInt32) { self.initialBreak = initialBreak }

  /// One provable syscall form.
  public struct Entry: Sendable {
    public enum Behaviour: Sendable, Equatable {
      case exit, readInput, readHints, writeOutput, writeError, brk, setThreadArea
      /// Anonymous mmap/mmap2 (EINVAL for a length of 0 or above 0x7000_0000, ENOMEM when
      /// the pages do not fit above the heap), and munmap
      /// (EINVAL for an unaligned address or a length of 0).
      case mmap, munmap
      /// writev on fd 1 (output) and fd 2: the iovec entries go to ``IovecChip``.
      case writevOutput, writevError
      /// Store the constant bytes ``Kernel/clockTime`` at `$a1` / ``Kernel/utsname`` at
      /// `$a0`, `$v0` = 0.
      case clockGettime, uname
      /// `$v0` = value, `$a3` = error.
      case constant(UInt32, error: Bool)
      /// read/write on an fd other than the two given: EBADF.
      case badFD(UInt32, UInt32)
      /// A number the kernel does not know: ENOSYS.
      case unknown
    }
    /// The number `$v0` must hold (nil: any number the kernel does not know).
    public var number: Kernel.Number?
    /// The fd `$a0` must hold, for read and write.
    public var fd: UInt32?
    public var behaviour: Behaviour
  }

  /// The provable syscalls, in selector order.
  public static let entries: [Entry] = [
    Entry(number: .exit, behaviour: .exit),
    Entry(number: .exitGroup, behaviour: .exit),
    Entry(number: .read, fd: 0, behaviour: .readInput),
    Entry(number: .read, fd: 3, behaviour: .readHints),
    Entry(number: .write, fd: 1, behaviour: .writeOutput),
    Entry(number: .write, fd: 2, behaviour: .writeError),
    Entry(number: .writev, fd: 1, behaviour: .writevOutput),
    Entry(number: .writev, fd: 2, behaviour: .writevError),
    Entry(number: .brk, behaviour: .brk),
    Entry(number: .mmap, behaviour: .mmap),
    Entry(number: .mmap2, behaviour: .mmap),
    Entry(number: .munmap, behaviour: .munmap),
    Entry(number: .setThreadArea, behaviour: .setThreadArea),
    Entry(number: .clockGettime, behaviour: .clockGettime),
    Entry(number: .uname, behaviour: .uname),
    Entry(number: .close, behaviour: .constant(0, error: false)),
    Entry(number: .rtSigaction, behaviour: .constant(0, error: false)),
    Entry(number: .rtSigprocmask, behaviour: .constant(0, error: false)),
    Entry(number: .schedYield, behaviour: .constant(0, error: false)),
    Entry(number: .getpid, behaviour: .constant(1, error: false)),
    Entry(number: .gettid, behaviour: .constant(1, error: false)),
    Entry(number: .setTidAddress, behaviour: .constant(1, error: false)),
    Entry(number: .getuid, behaviour: .constant(0, error: false)),
    Entry(number: .geteuid, behaviour: .constant(0, error: false)),
    Entry(number: .getgid, behaviour: .constant(0, error: false)),
    Entry(number: .getegid, behaviour: .constant(0, error: false)),
    Entry(number: .ioctl, behaviour: .constant(25, error: true)),  // ENOTTY
    Entry(number: .read, behaviour: .badFD(0, 3)),
    Entry(number: .write, behaviour: .badFD(1, 2)),
    Entry(number: .writev, behaviour: .badFD(1, 2)),
    Entry(number: nil, behaviour: .unknown),
  ]

  /// mmap's longest length (EINVAL above).
  public static let mmapLengthLimit: UInt32 = 0x7000_0000

  /// mmap's first page: its address's page, resultHigh + 16·result2 + 4096·result3.
  static var mmapPage: LinearForm {
    LinearForm([
      .init(.main(Columns.resultHigh)), .init(.main(Columns.result[2]), KoalaBear(16)),
      .init(.main(Columns.result[3]), KoalaBear(4096)),
    ])
  }

  /// Known syscall numbers lie in this range; the unknown ones inside it are listed in
  /// ``SyscallNumberTable``.
  public static let knownRange: ClosedRange<UInt32> = 4001...4283

  /// The transfers of constant bytes: the entry's behaviour, its I/O stream (see
  /// ``IOChip``) and the bytes the kernel stores, from stream index 0.
  public static let constantTransfers:
    [(behaviour: Entry.Behaviour, stream: UInt32, bytes: [UInt8])] = [
      (.clockGettime, IOChip.clockStream, Kernel.clockTime),
      (.uname, IOChip.utsnameStream, Kernel.utsname),
    ]

  /// `$v0` and `$a3` of the constant answers, EBADF and ENOSYS.
  static func fixedResult(_ b: Entry.Behaviour) -> (value: UInt32, error: Bool)? {
    switch b {
    case .constant(let v, let e): (v, e)
    case .badFD: (9, true)  // EBADF
    case .unknown: (89, true)  // ENOSYS
    case .setThreadArea, .clockGettime, .uname: (0, false)
    default: nil
    }
  }

  /// The entry a syscall with `number` and `$a0` = `a0` uses, if provable.
  public static func entry(number: UInt32, a0: UInt32) -> Int? {
    guard let known = Kernel.Number(rawValue: number) else {
      return entries.firstIndex { $0.behaviour == .unknown }
    }
    return entries.firstIndex { e in
      guard e.number == known else { return false }
      switch e.behaviour {
      case .badFD(let x, let y): return a0 != x && a0 != y
      default: return e.fd == nil || e.fd == a0
      }
    }
  }

  /// The column layout.
  public enum Columns {
    public static let clk = 0
    public static let number = WordColumns(1)
    public static let a0 = WordColumns(number.end)
    /// The new `$v0` (the count for read/write).
    public static let result = WordColumns(a0.end)
    public static let halts = result.end
    /// One boolean per ``SyscallChip/entries`` entry.
    public static let selectors = halts + 1
    /// `$a1`, `$a2` (on exit rows: the input and output cursors).
    public static let a1 = WordColumns(selectors + SyscallChip.entries.count)
    public static let a2 = WordColumns(a1.end)
    /// `$a3` before.
    public static let a3 = WordColumns(a2.end)
    /// The kernel-state word before and after.
    public static let stateOld = WordColumns(a3.end)
    public static let stateNew = WordColumns(stateOld.end)
    /// Per port (a1, a2, a3, state, break): previous timestamp, then 3 difference limbs.
    public static let ports = stateNew.end
    /// read: a2 − count, 3 limbs; read on fd 0: input length − new cursor, 3 limbs.
    public static let gap = ports + 4 * SyscallChip.portOffsets.count
    public static let rest = gap + 3
    /// brk: a0 < initial break, lowest mmap address < a0, and the request is granted;
    /// mmap: a1 < 1, 0x7000_0000 < a1 and granted; munmap: a1 < 1 and granted; unknown numbers:
    /// number < 4001, 4283 < number, and neither (so it is in the table).
    public static let below = rest + 3
    public static let above = below + 1
    public static let granted = above + 1
    public static let inside = granted + 1
    /// EBADF: (v − x)(v − y) for v the fd's low three bytes, its inverse (0 if it has
    /// none), and the inverse of the fd's top byte (0 if it has none or is 0).
    public static let fdProduct = inside + 1
    public static let fdInverse = fdProduct + 1
    public static let fdTopInverse = fdInverse + 1
    /// brk and mmap: the heap's high-water page after (a2's port holds key 40 on their
    /// rows); a0's page rounded up (``RoundedPageColumns``: brk's new top, munmap's first
    /// page); the pages mapped (three bytes).
    public static let a2New = WordColumns(fdTopInverse + 1)
    public static let a0Page = RoundedPageColumns(a2New.end)
    public static let a0High = a0Page.high
    public static let a0Low = a0Page.low
    public static let unaligned = a0Page.unaligned
    public static let unalignedInverse = a0Page.inverse
    public static let pages = a0Page.end
    /// The second page count: a1's pages rounded up (mmap, munmap), or the old break's
    /// (brk: the heap's top page before).
    public static let secondPage = RoundedPageColumns(pages + 3)
    /// The pages unmapped (brk shrinking the heap, munmap), three bytes.
    public static let dropped = secondPage.end
    /// mmap: its first page − the heap's high-water page (three bytes), and its address's
    /// limb 1 / 16.
    public static let room = dropped + 3
    public static let resultHigh = room + 3
    /// The error flag written to `$a3`.
    public static let fails = resultHigh + 1
    /// mmap: the program break (the break port, key 38), whether the pages do not fit
    /// (ENOMEM), and then ⌈a1 / 4096⌉ − (M / 4096 − ⌈break / 4096⌉) − 1 (three bytes).
    public static let breakWord = WordColumns(fails + 1)
    public static let noRoom = breakWord.end
    public static let noRoomGap = noRoom + 1
    public static let width = noRoomGap + 3

    public static func previous(_ port: Int) -> Int { ports + 4 * port }
    public static func difference(_ port: Int, _ k: Int) -> Int { ports + 4 * port + 1 + k }
  }

  /// Ports in order: 0 = a1 (ts 4·clk + 1), 1 = a2 (+1), 2 = a3 (+3), 3 = state (+2),
  /// 4 = the program break on mmap rows (+2).
  static let portOffsets: [UInt32] = [1, 1, 3, 2, 2]

  public var name: String { "syscall" }
  public var width: Int { Columns.width }
  public var publicValueCount: Int { 4 }

  // MARK: - Linear forms

  static func selector(_ k: Int) -> LinearForm { .main(Columns.selectors + k) }

  /// Σ selectors of the entries whose behaviour satisfies `p`.
  static func sum(_ p: (Entry.Behaviour) -> Bool) -> LinearForm {
    LinearForm(
      entries.indices.filter { p(entries[$0].behaviour) }.map {
        LinearForm.Term(.main(Columns.selectors + $0))
      })
  }

  /// Σ value(entry) · selector.
  static func weighted(_ value: (Entry) -> UInt32) -> LinearForm {
    LinearForm(
      entries.indices.map {
        LinearForm.Term(.main(Columns.selectors + $0), KoalaBear(value(entries[$0])))
      })
  }

  static var isReal: LinearForm { sum { _ in true } }
  static var exits: LinearForm { sum { $0 == .exit } }
  static var transfers: LinearForm {
    sum { [.readInput, .readHints, .writeOutput, .writeError].contains($0) }
  }
  static var reads: LinearForm { sum { [.readInput, .readHints].contains($0) } }
  static var writevs: LinearForm { sum { [.writevOutput, .writevError].contains($0) } }
  static var usesState: LinearForm {
    sum {
      [.readInput, .readHints, .writeOutput, .writevOutput, .brk, .mmap, .setThreadArea]
        .contains($0)
    }
  }

  /// The state key of a row: input/output cursor, hints ended, break, thread pointer.
  static var stateKey: LinearForm {
    weighted { e in
      switch e.behaviour {
      case .readInput: MemoryKey.inputCursor
      case .readHints: MemoryKey.hintsEnded
      case .writeOutput, .writevOutput: MemoryKey.outputCursor
      case .brk: MemoryKey.programBreak
      case .mmap: MemoryKey.mmapLow
      case .setThreadArea: MemoryKey.threadPointer
      default: 0
      }
    }
  }

  /// Port `p`'s key, old and new values, timestamp and multiplicity.
  static func port(_ p: Int) -> (LinearForm, [LinearForm], [LinearForm], LinearForm, LinearForm) {
    let C = Columns.self
    let ts = LinearForm([.init(.main(C.clk), KoalaBear(4))], constant: KoalaBear(portOffsets[p]))
    // On exit rows a1 and a2 read the input and output cursors instead (keys 35, 36).
    let shift = KoalaBear(MemoryKey.inputCursor - 5)
    switch p {
    case 0:
      // On brk rows a1's port reads the lowest mmap address (key 41), unchanged.
      let mmapShift = KoalaBear(MemoryKey.mmapLow - 5)
      return (
        LinearForm(
          exits.terms.map { .init($0.column, shift) }
            + sum { $0 == .brk }.terms.map { .init($0.column, mmapShift) },
          constant: KoalaBear(5)),
        C.a1.forms, C.a1.forms, ts, isReal
      )
    case 1:
      // On brk and mmap rows a2's port holds the heap's high-water page (key 40); brk
      // raises it.
      let brkShift = KoalaBear(MemoryKey.heapTop - 6)
      let heap = sum { $0 == .brk || $0 == .mmap }
      return (
        LinearForm(
          exits.terms.map { .init($0.column, shift) }
            + heap.terms.map { .init($0.column, brkShift) },
          constant: KoalaBear(6)),
        C.a2.forms, C.a2New.forms, ts, isReal
      )
    case 2:
      // $a3 = the error flag on every row that returns.
      let notExit = LinearForm(
        isReal.terms.filter { t in !exits.terms.contains { $0.column == t.column } })
      return (
        .constant(7), C.a3.forms,
        [.main(C.fails)] + [LinearForm](repeating: .constant(0), count: 3), ts, notExit
      )
    case 3:
      return (stateKey, C.stateOld.forms, C.stateNew.forms, ts, usesState)
    default:
      // mmap reads the program break (key 38), unchanged, for its ENOMEM test.
      return (
        .constant(MemoryKey.programBreak), C.breakWord.forms, C.breakWord.forms, ts,
        sum { $0 == .mmap }
      )
    }
  }

  // MARK: - Interactions

  public var interactions: [Interaction] {
    let C = Columns.self
    let zero = LinearForm.constant(0)
    var out: [Interaction] = [
      Interaction(
        bus: MachineBus.syscall, direction: .receive,
        values: [.main(C.clk)] + C.number.forms + C.a0.forms + C.result.forms + [.main(C.halts)],
        multiplicity: Self.isReal)
    ]
    for p in Self.portOffsets.indices {
      let (key, old, new, ts, m) = Self.port(p)
      out += Interaction.memoryAccess(
        key: key, old: old, new: new, previous: .main(C.previous(p)), timestamp: ts,
        multiplicity: m)
    }
    // The buffer: the I/O chip's rows carry (clk, stream, address, remaining, index) from
    // (a1, count, cursor) to (a1 + count, 0, cursor + count). A write to fd 2 is a transfer
    // too, on stream 2 (mapped only): its bytes are not part of the statement, but the
    // executor reads them (EFAULT on an unmapped buffer), so its I/O rows show every word's
    // page mapped. Its index (no state: the state columns are free there) means nothing, as
    // stream 2's bytes are neither published nor looked up.
    let stream = Self.weighted { e in
      switch e.behaviour {
      case .writeOutput, .writevOutput: 1
      case .writeError, .writevError: 2
      case .readHints: 3
      default: 0
      }
    }
    let count = C.result.form
    let start = C.a1.form
    let index = C.stateOld.form
    out.append(
      Interaction(
        bus: MachineBus.transfer, direction: .send,
        values: [.main(C.clk), stream, start, count, index], multiplicity: Self.transfers))
    out.append(
      Interaction(
        bus: MachineBus.transfer, direction: .receive,
        values: [.main(C.clk), stream, start + count, zero, index + count],
        multiplicity: Self.transfers))
    // A read needs its whole buffer mapped (the executor checks all a2 bytes, EFAULT
    // otherwise), not only the count it stores: the rest, gap = a2 − count bytes from
    // a1 + count, is a stream-2 (mapped only) transfer. Stream 2 rows access no memory, so
    // the word both chains share at a1 + count is accessed once.
    let gap = LinearForm(
      (0..<3).map { .init(.main(C.gap + $0), KoalaBear(UInt32(1) << (8 * UInt32($0)))) })
    let mappedOnly = LinearForm.constant(2)
    out.append(
      Interaction(
        bus: MachineBus.transfer, direction: .send,
        values: [.main(C.clk), mappedOnly, start + count, gap, zero], multiplicity: Self.reads))
    out.append(
      Interaction(
        bus: MachineBus.transfer, direction: .receive,
        values: [.main(C.clk), mappedOnly, start + count + gap, zero, gap],
        multiplicity: Self.reads))
    // writev(fd, iov, n): a chain of n iovec rows (``IovecChip``) from (clk, stream, iov, n,
    // index, 0) to (clk, stream, iov + 8n, 0, index, $v0): each row takes the entry at its
    // address, transfers its buffer from stream index index + bytes so far, and adds its
    // length, so $v0 is the bytes written and the output (fd 1, from the output cursor)
    // their concatenation. n ≤ 1024 and $v0 < 2^24 are constrained below; for fd 2 the
    // index (the free state columns) means nothing, as for write.
    let eight = LinearForm(
      (0..<4).map { .init(.main(C.a2[$0]), KoalaBear(UInt32(8) << (8 * UInt32($0)))) })
    out.append(
      Interaction(
        bus: MachineBus.iovec, direction: .send,
        values: [.main(C.clk), stream, start, C.a2.form, index, zero],
        multiplicity: Self.writevs))
    out.append(
      Interaction(
        bus: MachineBus.iovec, direction: .receive,
        values: [.main(C.clk), stream, start + eight, zero, index, count],
        multiplicity: Self.writevs))
    // brk: a0 < initial break and lowest mmap address (a1's port, key 41) < a0, by the
    // set-less-than chip.
    let brk = Self.sum { $0 == .brk }
    let mmap = Self.sum { $0 == .mmap }
    let munmap = Self.sum { $0 == .munmap }
    let sltu = LinearForm.constant(UInt32(Opcode.sltu.rawValue))
    func word(_ x: UInt32) -> [LinearForm] { WordColumns.limbs(of: x).map { .constant($0) } }
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [sltu] + C.a0.forms + word(initialBreak) + [.main(C.below), zero, zero, zero],
        multiplicity: brk))
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [sltu] + C.a1.forms + C.a0.forms + [.main(C.above), zero, zero, zero],
        multiplicity: brk))
    // mmap and munmap: a1 < 1 (a length of 0); mmap: 0x7000_0000 < a1.
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [sltu] + C.a1.forms + word(1) + [.main(C.below), zero, zero, zero],
        multiplicity: mmap + munmap))
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [sltu] + word(Self.mmapLengthLimit) + C.a1.forms
          + [.main(C.above), zero, zero, zero], multiplicity: mmap))
    // mmap's flags ($a3 before): MAP_ANONYMOUS (0x800) set, and on a granted mapping or
    // ENOMEM (a valid length: the executor checks it first) MAP_FIXED (0x10) clear: flags &
    // (0x800 | 16·(granted + noRoom)) = 0x800, by the bitwise chip.
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [.constant(UInt32(Opcode.and.rawValue))] + C.a3.forms
          + [
            LinearForm([
              .init(.main(C.granted), KoalaBear(16)), .init(.main(C.noRoom), KoalaBear(16)),
            ]), .constant(8), zero, zero,
          ] + word(0x800), multiplicity: mmap))
    // brk maps the pages from the heap's high-water page up (a chain of mapped-page rows
    // from (clk, top, count) to (clk, top + count, 0)); mmap the pages from its address's
    // page up to the old lowest mapping.
    let pages = GapColumns(C.pages).form
    let top = C.a2.form
    out.append(
      Interaction(
        bus: MachineBus.pageGrant, direction: .send, values: [.main(C.clk), top, pages],
        multiplicity: brk))
    out.append(
      Interaction(
        bus: MachineBus.pageGrant, direction: .receive, values: [.main(C.clk), top + pages, zero],
        multiplicity: brk))
    let first = Self.mmapPage
    out.append(
      Interaction(
        bus: MachineBus.pageGrant, direction: .send, values: [.main(C.clk), first, pages],
        multiplicity: mmap))
    out.append(
      Interaction(
        bus: MachineBus.pageGrant, direction: .receive,
        values: [.main(C.clk), first + pages, zero], multiplicity: mmap))
    // A shrinking brk and munmap unmap the pages from a0's page (rounded up) on: a chain of
    // mapped-page rows from (clk, page, count) to (clk, page + count, 0).
    let dropped = GapColumns(C.dropped).form
    let from = C.a0Page.roundedForm(C.a0)
    out.append(
      Interaction(
        bus: MachineBus.pageRevoke, direction: .send, values: [.main(C.clk), from, dropped],
        multiplicity: brk + munmap))
    out.append(
      Interaction(
        bus: MachineBus.pageRevoke, direction: .receive,
        values: [.main(C.clk), from + dropped, zero], multiplicity: brk + munmap))
    func times16(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(16))]) }
    func ceilingByte(_ c: Int) -> LinearForm {
      LinearForm([.init(.main(c), -KoalaBear.one)], constant: KoalaBear(126))
    }
    out += C.a0Page.interactions(multiplicity: brk + mmap + munmap)
    out += C.secondPage.interactions(multiplicity: brk + mmap + munmap)
    out += [
      .byteRange(.main(C.pages), .main(C.pages + 1), multiplicity: brk + mmap),
      .byteRange(.main(C.pages + 2), zero, multiplicity: brk + mmap),
      .byteRange(.main(C.a2New[0]), .main(C.a2New[1]), multiplicity: brk),
      .byteRange(.main(C.a2New[2]), zero, multiplicity: brk),
      .byteRange(.main(C.dropped), .main(C.dropped + 1), multiplicity: brk + munmap),
      .byteRange(.main(C.dropped + 2), zero, multiplicity: brk + munmap),
      // mmap's address: bytes, limb 1 = 16·resultHigh (a nibble), limb 3 ≤ 126.
      .byteRange(.main(C.result[0]), .main(C.result[1]), multiplicity: mmap),
      .byteRange(.main(C.result[2]), ceilingByte(C.result[3]), multiplicity: mmap),
      .byteRange(.main(C.resultHigh), times16(C.resultHigh), multiplicity: mmap),
      .byteRange(.main(C.room), .main(C.room + 1), multiplicity: mmap),
      .byteRange(.main(C.room + 2), zero, multiplicity: mmap),
      .byteRange(.main(C.noRoomGap), .main(C.noRoomGap + 1), multiplicity: .main(C.noRoom)),
      .byteRange(.main(C.noRoomGap + 2), zero, multiplicity: .main(C.noRoom)),
    ]
    // Unknown numbers: below 4001, above 4283, or one of the unknown numbers between
    // (looked up in the number table).
    let unknown = Self.sum { $0 == .unknown }
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [sltu] + C.number.forms + word(Self.knownRange.lowerBound)
          + [.main(C.below), zero, zero, zero], multiplicity: unknown))
    out.append(
      Interaction(
        bus: MachineBus.alu, direction: .send,
        values: [sltu] + word(Self.knownRange.upperBound) + C.number.forms
          + [.main(C.above), zero, zero, zero], multiplicity: unknown))
    out.append(
      Interaction(
        bus: MachineBus.syscallNumbers, direction: .send,
        values: [.constant(SyscallNumberTable.unknownNumberTag), C.number.form, zero],
        multiplicity: .main(C.inside)))
    // clock_gettime and uname store constant bytes: a transfer of the stream's n bytes from
    // index 0, at $a1 (clock_gettime) or $a0 (uname), sent and received exactly like read's.
    // The I/O rows store each byte and look (stream, index, byte) up in the constant table,
    // so the stored bytes are the kernel's; the chain's end token (remaining 0, index n)
    // makes the rows cover indices 0..<n exactly once (see ``IOChip``). The start's top limb
    // is at most 126 (a byte 126 − limb), so the start is below the address ceiling and below
    // p: a register holding an address + p (unmapped: EFAULT in the executor) cannot pass for
    // that address.
    for (behaviour, stream, bytes) in Self.constantTransfers {
      let selected = Self.sum { $0 == behaviour }
      let buffer = behaviour == .uname ? C.a0 : C.a1
      let start = buffer.form
      let n = LinearForm.constant(UInt32(bytes.count))
      out.append(
        Interaction(
          bus: MachineBus.byte, direction: .send,
          values: [
            .constant(ByteOperation.range.rawValue),
            LinearForm([.init(.main(buffer[3]), -KoalaBear.one)], constant: KoalaBear(126)), zero,
            zero,
          ], multiplicity: selected))
      out.append(
        Interaction(
          bus: MachineBus.transfer, direction: .send,
          values: [.main(C.clk), .constant(stream), start, n, zero], multiplicity: selected))
      out.append(
        Interaction(
          bus: MachineBus.transfer, direction: .receive,
          values: [.main(C.clk), .constant(stream), start + n, zero, n], multiplicity: selected))
    }
    // Byte facts: timestamp differences, counts, gaps, new state limbs, buffer below the
    // ceiling.
    func range(_ x: LinearForm, _ y: LinearForm, _ m: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: m)
    }
    for p in Self.portOffsets.indices {
      let m = Self.port(p).4
      out.append(range(.main(C.difference(p, 0)), .main(C.difference(p, 1)), m))
      out.append(range(.main(C.difference(p, 2)), zero, m))
    }
    let readInput = Self.sum { $0 == .readInput }
    // Counts and gaps: reads (count ≤ a2) and writevs (a2 ≤ 1024, $v0 the total).
    let counted = Self.reads + Self.writevs
    out += [
      range(.main(C.result[0]), .main(C.result[1]), counted),
      range(.main(C.result[2]), .main(C.gap), counted),
      range(.main(C.gap + 1), .main(C.gap + 2), counted),
      range(.main(C.rest), .main(C.rest + 1), readInput),
      range(.main(C.rest + 2), zero, readInput),
      range(.main(C.stateNew[0]), .main(C.stateNew[1]), Self.usesState),
      range(.main(C.stateNew[2]), .main(C.stateNew[3]), Self.usesState),
      range(
        LinearForm([.init(.main(C.a1[3]), -KoalaBear.one)], constant: KoalaBear(126)), zero,
        Self.transfers + Self.writevs),
    ]
    return out
  }

  // MARK: - Constraints

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    let s = Self.entries.indices.map { b.main(C.selectors + $0) }
    func m(_ c: Int) -> B.Value { b.main(c) }
    func sum(_ p: (Entry.Behaviour) -> Bool) -> B.Value { Self.sum(p).evaluate(b) }

    // Selectors: boolean, at most one per row.
    for (k, x) in s.enumerated() { b.assertBoolean(x, Self.selectorNames[k]) }
    b.assertBoolean(Self.isReal.evaluate(b), "at most one syscall per row")

    // The number in $v0 and the fd in $a0 are the selected entry's, limb by limb.
    for i in 0..<4 {
      let shift = 8 * UInt32(i)
      var number = b.constant(0)
      var fd = b.constant(0)
      for (k, e) in Self.entries.enumerated() {
        if let n = e.number {
          number = number + s[k] * (m(C.number[i]) - b.constant((n.rawValue >> shift) & 0xff))
        }
        if let d = e.fd { fd = fd + s[k] * (m(C.a0[i]) - b.constant((d >> shift) & 0xff)) }
      }
      b.assertZero(number, Self.numberNames[i])
      b.assertZero(fd, Self.fdNames[i])
    }

    // Exits halt the CPU (which halts only on its last row): the exit code, the input
    // consumed (cursor read by the a1 port) and the output length (a2 port) are public.
    let exits = Self.exits.evaluate(b)
    b.assertEqual(m(C.halts), exits, "exactly the exits halt")
    b.assertZero(exits * (m(C.a0[0]) - b.publicValue(0)), "exit code is public")
    b.assertZero(exits * (C.a1.value(b) - b.publicValue(1)), "input consumed is public")
    b.assertZero(exits * (C.a2.value(b) - b.publicValue(2)), "output length is public")

    // Constant answers, set_thread_area, EBADF and ENOSYS: $v0 is the entry's constant
    // (``fixedResult``, which also gives $a3 on the a3 port).
    for i in 0..<4 {
      var acc = b.constant(0)
      for (k, e) in Self.entries.enumerated() {
        if let (v, _) = Self.fixedResult(e.behaviour) {
          acc = acc + s[k] * (m(C.result[i]) - b.constant((v >> (8 * UInt32(i))) & 0xff))
        }
      }
      b.assertZero(acc, Self.constantNames[i])
    }

    // read and write: counts below 2^24 (top limbs 0). write returns a2 (the bytes it
    // takes); read returns count ≤ a2 (gap = a2 − count, three range-checked bytes).
    let io = sum {
      [.readInput, .readHints, .writeOutput, .writeError, .writevOutput, .writevError].contains(
        $0)
    }
    let writes = sum { [.writeOutput, .writeError].contains($0) }
    let reads = Self.reads.evaluate(b)
    b.assertZero(io * m(C.a2[3]), "read/write size below 2^24")
    b.assertZero(io * m(C.result[3]), "read/write count below 2^24")
    for i in 0..<3 { b.assertZero(writes * (m(C.result[i]) - m(C.a2[i])), Self.writeNames[i]) }
    let count = C.result.value(b)
    let gap = GapColumns(C.gap).value(b)
    b.assertZero(reads * (C.a2.value(b) - count - gap), "read gap is a2 - count")
    // Cursors: output and input cursors advance by the count.
    let advancing = sum { [.readInput, .writeOutput, .writevOutput].contains($0) }
    b.assertZero(
      advancing * (C.stateNew.value(b) - C.stateOld.value(b) - count),
      "cursor advances by the count")
    // writev: at most 1024 entries (EINVAL otherwise): a2 + gap = 1024 with gap three
    // range-checked bytes and a2 < 2^24 (limb 3 is 0), so an integer equation. Its $v0 (the
    // total the iovec chain returns) has range-checked limbs 0–2 and limb 3 0, as read's.
    let writevs = Self.writevs.evaluate(b)
    b.assertZero(
      writevs * (C.a2.value(b) + gap - b.constant(1024)), "writev has at most 1024 entries")
    // fd 0: count = min(a2, input length − cursor): the new cursor is within the input
    // (rest ≥ 0) and a short read (gap > 0) reaches its end (rest = 0).
    let readInput = sum { $0 == .readInput }
    let rest = GapColumns(C.rest).value(b)
    b.assertZero(
      readInput * (b.publicValue(3) - C.stateNew.value(b) - rest), "input rest is length - cursor")
    b.assertZero(readInput * gap * rest, "a short read ends the input")
    // fd 3: once a read comes back short the stream has ended (flag 0 → 1), and an ended
    // stream gives nothing more.
    let readHints = sum { $0 == .readHints }
    let (ended, endsNow) = (m(C.stateOld[0]), m(C.stateNew[0]))
    b.assertZero(readHints * ended * count, "ended hints give nothing")
    b.assertZero(readHints * gap * (one - endsNow), "a short hint read ends the hints")
    b.assertZero(readHints * (endsNow - ended) * (endsNow - one), "hints stay ended")

    // The error flag ($a3 after): the entry's constant (``fixedResult``), or on mmap and
    // munmap rows whether the call was refused.
    let brk = sum { $0 == .brk }
    let mmap = sum { $0 == .mmap }
    let munmap = sum { $0 == .munmap }
    let granted = m(C.granted)
    var fails = (mmap + munmap) * (one - granted)
    for (k, e) in Self.entries.enumerated() where Self.fixedResult(e.behaviour)?.error == true {
      fails = fails + s[k]
    }
    b.assertEqual(m(C.fails), fails, "the error flag is the entry's")

    // brk(a0): granted iff initial break ≤ a0 ≤ the lowest mmap address (below, above from
    // the set-less-than chip); the break becomes a0 if granted, and $v0 = the break. mmap:
    // a valid length (0 < a1 ≤ 0x7000_0000) is granted or gets ENOMEM (noRoom, boolean),
    // an invalid one neither (EINVAL).
    let valid = (one - m(C.below)) * (one - m(C.above))
    b.assertZero(brk * (granted - valid), "granted in range")
    b.assertZero(mmap * (granted + m(C.noRoom) - valid), "mmap granted or no room in range")
    // noRoom is boolean on every row: it is a byte-check multiplicity, and a negative one
    // would cancel another chip's check of a non-byte.
    b.assertBoolean(m(C.noRoom), "noRoom is boolean")
    for i in 0..<4 {
      let (old, new) = (m(C.stateOld[i]), m(C.stateNew[i]))
      b.assertZero(brk * (new - old - granted * (m(C.a0[i]) - old)), Self.breakNames[i])
      b.assertZero(brk * (m(C.result[i]) - new), Self.breakResultNames[i])
    }
    // Page counts, rounded up (``RoundedPageColumns``): a0's (brk's new top N, munmap's
    // first page, which must be aligned), a1's (mmap's and munmap's length) and the old
    // break's (brk: the heap's top page T).
    C.a0Page.evaluate(
      &b, x: C.a0, gate: brk + munmap,
      names: ("a0 limb 1 nibbles", "a0 unaligned flag", "a0 aligned when flag is 0"))
    C.a0Page.evaluate(
      &b, x: C.breakWord, gate: mmap,
      names: (
        "mmap's break limb 1 nibbles", "mmap's break unaligned flag",
        "mmap's break aligned when flag is 0"
      ))
    C.secondPage.evaluate(
      &b, x: C.a1, gate: mmap + munmap,
      names: ("a1 limb 1 nibbles", "a1 unaligned flag", "a1 aligned when flag is 0"))
    C.secondPage.evaluate(
      &b, x: C.stateOld, gate: brk,
      names: ("break limb 1 nibbles", "break unaligned flag", "break aligned when flag is 0"))
    let newTop = C.a0Page.roundedForm(C.a0).evaluate(b)
    let oldTop = C.secondPage.roundedForm(C.stateOld).evaluate(b)
    let length = C.secondPage.roundedForm(C.a1).evaluate(b)
    let pages = GapColumns(C.pages).value(b)
    let dropped = GapColumns(C.dropped).value(b)
    let highWater = C.a2.value(b)
    // brk's pages: a granted brk moves the heap's top page from T to N by mapping `pages`
    // (from the high-water page H, which must then be T: pages a shrink unmapped are never
    // mapped again) and unmapping `dropped` (from N up to T); a refused one does neither.
    // H (a2 port, key 40) rises by the pages mapped.
    b.assertZero(
      brk * granted * (newTop - oldTop - pages + dropped), "brk moves the top to the new break")
    b.assertZero(brk * (one - granted) * pages, "a refused brk maps nothing")
    b.assertZero(brk * (one - granted) * dropped, "a refused brk unmaps nothing")
    b.assertZero(brk * pages * (highWater - oldTop), "brk maps only at the high-water page")
    b.assertZero(brk * (C.a2New.value(b) - highWater - pages), "heap top rises by the pages")
    b.assertZero(brk * m(C.a2New[3]), "heap top limb 3 is 0")
    for i in 0..<4 {
      b.assertZero((one - brk) * (m(C.a2New[i]) - m(C.a2[i])), Self.a2KeptNames[i])
    }
    // mmap(addr, a1, prot, flags): a granted anonymous mapping takes ⌈a1 / 4096⌉ pages
    // right below the lowest mapping M (state port, key 41): the address R is page-aligned
    // (limb 0 is 0, limb 1 = 16·resultHigh) with R + 4096·pages = M, and R's page is at or
    // above the heap's high-water page (room ≥ 0), so the mapping meets no page brk ever
    // mapped; M becomes R. A refused one (EINVAL) returns 22 and keeps M. R, M < 2^31 − 2^24
    // (limb 3 ≤ 126) and both are multiples of 4096, prime to p, so the field equation is
    // the integer one.
    b.assertZero(mmap * (pages - granted * length), "mmap maps the length's pages")
    b.assertZero(
      mmap * granted * (C.result.value(b) + b.constant(4096) * pages - C.stateOld.value(b)),
      "mmap's address is the pages below the lowest mapping")
    b.assertZero(mmap * granted * m(C.result[0]), "mmap's address limb 0 is 0")
    b.assertZero(
      mmap * (m(C.result[1]) - b.constant(16) * m(C.resultHigh)),
      "mmap's address limb 1 is 16 resultHigh")
    b.assertZero(
      mmap * granted * (Self.mmapPage.evaluate(b) - highWater - GapColumns(C.room).value(b)),
      "mmap stays above the heap")
    // ENOMEM: the pages do not fit between the break B (break port, key 38, rounded up to
    // its page) and M, which is what the executor tests (size > M, or M − size below the
    // rounded break): ⌈a1 / 4096⌉ − (M / 4096 − ⌈B / 4096⌉) − 1 = noRoomGap, three
    // range-checked bytes. Every term is below 2^21, so this is the integer inequality. M is
    // a multiple of 4096 (its image value is, and only a granted mmap writes it, with an
    // aligned R), so M / 4096 = M₁ / 16 + 16·M₂ + 4096·M₃ exactly. A refused one keeps M
    // (granted 0) and returns 12. (noRoom = 1 with an invalid length would make granted −1
    // and pages = −⌈a1 / 4096⌉: no three bytes for a1 > 0x7000_0000, and a1 = 0 leaves the
    // gap negative.)
    let mPage = LinearForm([
      .init(.main(C.stateOld[1]), KoalaBear(16).inverse()!),
      .init(.main(C.stateOld[2]), KoalaBear(16)), .init(.main(C.stateOld[3]), KoalaBear(4096)),
    ]).evaluate(b)
    let breakPage = C.a0Page.roundedForm(C.breakWord).evaluate(b)
    b.assertZero(
      m(C.noRoom) * (length - mPage + breakPage - one - GapColumns(C.noRoomGap).value(b)),
      "ENOMEM: the pages do not fit above the break")
    // munmap(a0, a1): granted iff a0 is page-aligned (the a0 page gadget's flag is exact)
    // and a1 ≠ 0 (below: a1 < 1, from the set-less-than chip); a granted one unmaps
    // ⌈a1 / 4096⌉ pages from a0's and returns 0, a refused one unmaps nothing. Refused mmap
    // and munmap return EINVAL (22), or ENOMEM (12) for an mmap without room.
    b.assertZero(
      munmap * (granted - (one - m(C.unaligned)) * (one - m(C.below))),
      "munmap granted iff aligned with a length")
    b.assertZero(munmap * (dropped - granted * length), "munmap unmaps the length's pages")
    for i in 0..<4 {
      let einval = b.constant(i == 0 ? 22 : 0)
      let enomem = i == 0 ? b.constant(10) * mmap * m(C.noRoom) : b.constant(0)
      b.assertZero(
        (mmap + munmap) * (one - granted) * (m(C.result[i]) - einval) + enomem,
        Self.einvalNames[i])
      b.assertZero(munmap * granted * m(C.result[i]), Self.munmapResultNames[i])
      let (old, new) = (m(C.stateOld[i]), m(C.stateNew[i]))
      b.assertZero(mmap * (new - old - granted * (m(C.result[i]) - old)), Self.mmapLowNames[i])
    }
    // set_thread_area(a0): the thread pointer becomes a0.
    let setThreadArea = sum { $0 == .setThreadArea }
    for i in 0..<4 {
      b.assertZero(setThreadArea * (m(C.stateNew[i]) - m(C.a0[i])), Self.threadPointerNames[i])
    }

    // EBADF: the fd is neither valid fd x, y (both below 2^24). With v = a0₀ + 256·a0₁ +
    // 65536·a0₂ < 2^24 < p (bytes) and t = a0₃, fd ∈ {x, y} iff t = 0 and (v − x)(v − y)
    // = 0 as integers, and as field elements too: |v − x|, |v − y| < p, and p is prime. So
    // product·inverse + t·topInverse = 1 shows fd ∉ {x, y} for every fd (a field product
    // of the whole word would miss fd = p + x and the like).
    var product = b.constant(0)
    let v = m(C.a0[0]) + b.constant(256) * m(C.a0[1]) + b.constant(65536) * m(C.a0[2])
    for (k, e) in Self.entries.enumerated() {
      if case .badFD(let x, let y) = e.behaviour {
        product = product + s[k] * (m(C.fdProduct) - (v - b.constant(x)) * (v - b.constant(y)))
      }
    }
    b.assertZero(product, "EBADF product")
    let badFD = sum { if case .badFD = $0 { true } else { false } }
    b.assertZero(
      badFD * (m(C.fdProduct) * m(C.fdInverse) + m(C.a0[3]) * m(C.fdTopInverse) - one),
      "EBADF fd is neither valid fd")
    // ENOSYS: the number is below 4001 or above 4283 (set-less-than chip), or else it is in
    // the table of unknown numbers between (inside = 1 sends the lookup).
    let unknown = sum { $0 == .unknown }
    let inside = m(C.inside)
    b.assertZero(
      unknown * (inside - (one - m(C.below)) * (one - m(C.above))), "inside the known range")
    b.assertZero(inside * (one - unknown), "only unknown rows look up the number")

    // Memory argument: every port's previous access is strictly earlier (see CPUChip).
    for p in Self.portOffsets.indices {
      let ts = b.constant(4) * m(C.clk) + b.constant(Self.portOffsets[p])
      b.assertEqual(
        ts - m(C.previous(p)) - one, GapColumns(C.difference(p, 0)).value(b),
        Self.timestampNames[p])
    }
  }

  static let selectorNames: [StaticString] = [
    "exit selector is boolean", "exit_group selector is boolean", "read fd 0 selector is boolean",
    "read fd 3 selector is boolean", "write fd 1 selector is boolean",
    "write fd 2 selector is boolean", "writev fd 1 selector is boolean",
    "writev fd 2 selector is boolean", "brk selector is boolean", "mmap selector is boolean",
    "mmap2 selector is boolean", "munmap selector is boolean",
    "set_thread_area selector is boolean", "clock_gettime selector is boolean",
    "uname selector is boolean", "close selector is boolean",
    "rt_sigaction selector is boolean", "rt_sigprocmask selector is boolean",
    "sched_yield selector is boolean", "getpid selector is boolean", "gettid selector is boolean",
    "set_tid_address selector is boolean", "getuid selector is boolean",
    "geteuid selector is boolean", "getgid selector is boolean", "getegid selector is boolean",
    "ioctl selector is boolean", "read bad fd selector is boolean",
    "write bad fd selector is boolean", "writev bad fd selector is boolean",
    "unknown selector is boolean",
  ]
  static let numberNames: [StaticString] = [
    "number limb 0 is the entry's", "number limb 1 is the entry's", "number limb 2 is the entry's",
    "number limb 3 is the entry's",
  ]
  static let fdNames: [StaticString] = [
    "fd limb 0 is the entry's", "fd limb 1 is the entry's", "fd limb 2 is the entry's",
    "fd limb 3 is the entry's",
  ]
  static let constantNames: [StaticString] = [
    "constant result limb 0", "constant result limb 1", "constant result limb 2",
    "constant result limb 3",
  ]
  static let writeNames: [StaticString] = [
    "write returns a2 limb 0", "write returns a2 limb 1", "write returns a2 limb 2",
  ]
  static let breakNames: [StaticString] = [
    "break limb 0 follows brk", "break limb 1 follows brk", "break limb 2 follows brk",
    "break limb 3 follows brk",
  ]
  static let breakResultNames: [StaticString] = [
    "brk returns the break limb 0", "brk returns the break limb 1",
    "brk returns the break limb 2", "brk returns the break limb 3",
  ]
  static let threadPointerNames: [StaticString] = [
    "thread pointer limb 0 is a0", "thread pointer limb 1 is a0", "thread pointer limb 2 is a0",
    "thread pointer limb 3 is a0",
  ]
  static let einvalNames: [StaticString] = [
    "refused mmap or munmap returns its errno limb 0",
    "refused mmap or munmap returns its errno limb 1",
    "refused mmap or munmap returns its errno limb 2",
    "refused mmap or munmap returns its errno limb 3",
  ]
  static let munmapResultNames: [StaticString] = [
    "munmap returns 0 limb 0", "munmap returns 0 limb 1", "munmap returns 0 limb 2",
    "munmap returns 0 limb 3",
  ]
  static let mmapLowNames: [StaticString] = [
    "lowest mapping limb 0 follows mmap", "lowest mapping limb 1 follows mmap",
    "lowest mapping limb 2 follows mmap", "lowest mapping limb 3 follows mmap",
  ]
  static let a2KeptNames: [StaticString] = [
    "a2 limb 0 unchanged", "a2 limb 1 unchanged", "a2 limb 2 unchanged", "a2 limb 3 unchanged",
  ]
  static let timestampNames: [StaticString] = [
    "a1 timestamp increases", "a2 timestamp increases", "a3 timestamp increases",
    "state timestamp increases", "break timestamp increases",
  ]

  // MARK: - Trace generation

  /// One executed syscall with what the chip's ports saw.
  public struct Row: Sendable, Equatable {
    public var clk: UInt32
    public var entry: Int
    public var number: UInt32
    public var a0: UInt32
    public var result: UInt32
    public var halts: Bool
    /// Port values (a1, a2, a3 before) and the kernel state before and after.
    public var a1: UInt32 = 0
    public var a2: UInt32 = 0
    /// The a2 port's value after (a2, or the raised heap top on brk rows).
    public var a2New: UInt32 = 0
    /// brk and mmap: pages mapped; brk and munmap: pages unmapped.
    public var pages: UInt32 = 0
    public var dropped: UInt32 = 0
    public var a3: UInt32 = 0
    public var stateOld: UInt32 = 0
    public var stateNew: UInt32 = 0
    /// mmap: the program break (the break port's value).
    public var programBreak: UInt32 = 0
    /// Previous timestamps of the five ports (a1, a2, a3, state, break).
    public var previousTimestamps: [UInt32] = [0, 0, 0, 0, 0]

    public init(clk: UInt32, entry: Int, number: UInt32, a0: UInt32, result: UInt32, halts: Bool) {
      self.clk = clk
      self.entry = entry
      self.number = number
      self.a0 = a0
      self.result = result
      self.halts = halts
    }
  }

  /// Whether port `p` is used by a row of `entry`.
  static func usesPort(_ p: Int, entry: Int) -> Bool {
    let e = entries[entry].behaviour
    switch p {
    case 0, 1: return true
    case 2: return e != .exit
    case 4: return e == .mmap
    default:
      return [.readInput, .readHints, .writeOutput, .writevOutput, .brk, .mmap, .setThreadArea]
        .contains(e)
    }
  }

  /// The trace for `rows`, padded to a power of two ≥ max(4, `minimumHeight`); the byte
  /// lookups are added to `lookups`.
  public func generateTrace(
    _ rows: [Row], inputLength: Int, lookups: inout ByteLookups, minimumHeight: Int = 4
  ) -> RowMajorMatrix {
    let C = Columns.self
    let height = paddedHeight(rows.count, minimum: minimumHeight)
    var t = RowMajorMatrix(zerosHeight: height, width: width)
    for r in 0..<height {
      guard r < rows.count else {
        for p in Self.portOffsets.indices {
          t[r, C.previous(p)] = KoalaBear(Self.portOffsets[p] - 1)
        }
        continue
      }
      let row = rows[r]
      let e = Self.entries[row.entry].behaviour
      t[r, C.clk] = KoalaBear(row.clk)
      C.number.write(row.number, to: &t, row: r)
      C.a0.write(row.a0, to: &t, row: r)
      C.result.write(row.result, to: &t, row: r)
      t[r, C.halts] = row.halts ? .one : .zero
      t[r, C.selectors + row.entry] = .one
      C.a1.write(row.a1, to: &t, row: r)
      C.a2.write(row.a2, to: &t, row: r)
      C.a2New.write(e == .brk ? row.a2New : row.a2, to: &t, row: r)
      if let error = Self.fixedResult(e)?.error, error { t[r, C.fails] = .one }
      C.a3.write(row.a3, to: &t, row: r)
      C.stateOld.write(row.stateOld, to: &t, row: r)
      C.stateNew.write(row.stateNew, to: &t, row: r)
      for p in Self.portOffsets.indices {
        let ts = 4 * row.clk + Self.portOffsets[p]
        let previous = Self.usesPort(p, entry: row.entry) ? row.previousTimestamps[p] : ts - 1
        t[r, C.previous(p)] = KoalaBear(previous)
        GapColumns(C.difference(p, 0)).write(ts - previous - 1, to: &t, row: r)
      }
      if e == .readInput || e == .readHints {
        GapColumns(C.gap).write(row.a2 - row.result, to: &t, row: r)
      }
      if e == .writevOutput || e == .writevError {
        GapColumns(C.gap).write(1024 - row.a2, to: &t, row: r)
      }
      if e == .readInput {
        GapColumns(C.rest).write(UInt32(inputLength) - row.stateNew, to: &t, row: r)
      }
      if case .badFD(let x, let y) = e {
        let v = KoalaBear(row.a0 & 0xff_ffff)
        let product = (v - KoalaBear(x)) * (v - KoalaBear(y))
        t[r, C.fdProduct] = product
        t[r, C.fdInverse] = product.inverse() ?? .zero
        if product == .zero { t[r, C.fdTopInverse] = KoalaBear(row.a0 >> 24).inverse()! }
      }
      if e == .unknown {
        let below = row.number < Self.knownRange.lowerBound
        let above = Self.knownRange.upperBound < row.number
        t[r, C.below] = below ? .one : .zero
        t[r, C.above] = above ? .one : .zero
        t[r, C.inside] = !below && !above ? .one : .zero
      }
      if e == .brk {
        // a1's port holds the lowest mmap address.
        let below = row.a0 < initialBreak, above = row.a1 < row.a0
        t[r, C.below] = below ? .one : .zero
        t[r, C.above] = above ? .one : .zero
        t[r, C.granted] = !below && !above ? .one : .zero
        C.a0Page.write(row.a0, to: &t, row: r)
        C.secondPage.write(row.stateOld, to: &t, row: r)
        GapColumns(C.pages).write(row.pages, to: &t, row: r)
        GapColumns(C.dropped).write(row.dropped, to: &t, row: r)
      }
      if e == .mmap || e == .munmap {
        let below = row.a1 < 1, above = Self.mmapLengthLimit < row.a1
        t[r, C.below] = below ? .one : .zero
        t[r, C.above] = above ? .one : .zero
        C.secondPage.write(row.a1, to: &t, row: r)
      }
      if e == .mmap {
        let granted = row.pages > 0
        t[r, C.granted] = granted ? .one : .zero
        if !granted { t[r, C.fails] = .one }
        C.breakWord.write(row.programBreak, to: &t, row: r)
        C.a0Page.write(row.programBreak, to: &t, row: r)
        if !granted && row.a1 > 0 && row.a1 <= Self.mmapLengthLimit {
          let length = RoundedPageColumns.pages(row.a1)
          let breakPage = RoundedPageColumns.pages(row.programBreak)
          t[r, C.noRoom] = .one
          GapColumns(C.noRoomGap).write(
            length - ((row.stateOld >> 12) - breakPage) - 1, to: &t, row: r)
        }
        GapColumns(C.pages).write(row.pages, to: &t, row: r)
        t[r, C.resultHigh] = KoalaBear((row.result >> 12) & 0xf)
        if granted { GapColumns(C.room).write((row.result >> 12) - row.a2, to: &t, row: r) }
      }
      if e == .munmap {
        let granted = row.a0 & 0xfff == 0 && row.a1 != 0
        t[r, C.granted] = granted ? .one : .zero
        if !granted { t[r, C.fails] = .one }
        C.a0Page.write(row.a0, to: &t, row: r)
        GapColumns(C.dropped).write(row.dropped, to: &t, row: r)
      }
    }
    lookups.record(self, trace: t)
    return t
  }
}

/// The kernel's constant facts (preprocessed), as (tag, key, value) rows: the syscall numbers
/// inside ``SyscallChip/knownRange`` that the kernel does not know (tag 0, the number, 0), so
/// an unknown number between the known ones is shown unknown by a lookup; and the bytes of
/// the constant I/O streams (tag = the stream, the index, the byte): the `struct timespec`
/// clock_gettime stores (``IOChip/clockStream``) and the `struct utsname` uname stores
/// (``IOChip/utsnameStream``).
public struct SyscallNumberTable: AIR {
  /// The table.
  public init() {}

  /// The tag of the unknown-number rows.
  public static let unknownNumberTag: UInt32 = 0

  /// The unknown numbers, in order.
  public static let numbers: [UInt32] = SyscallChip.knownRange.filter {
    Kernel.Number(rawValue: $0) == nil
  }

  /// Every row: the unknown numbers, then each constant stream's bytes.
  public static let rows: [(tag: UInt32, key: UInt32, value: UInt32)] =
    numbers.map { (unknownNumberTag, $0, 0) }
    + SyscallChip.constantTransfers.flatMap { t in
      t.bytes.enumerated().map { (t.stream, UInt32($0.offset), UInt32($0.element)) }
    }

  /// The row of each (tag, key).
  static let rowIndex: [UInt64: Int] = Dictionary(
    uniqueKeysWithValues: rows.enumerated().map {
      (UInt64($0.element.tag) << 32 | UInt64($0.element.key), $0.offset)
    })

  public var name: String { "syscall_numbers" }
  /// One main column: how often each row is looked up.
  public var width: Int { 1 }
  /// Preprocessed: is_real (documentation only), tag, key, value.
  public var preprocessedWidth: Int { 4 }
  public var height: Int { paddedHeight(Self.rows.count, minimum: 64) }

  /// Receives (tag, key, value) with the free multiplicity; padding rows hold (0, 0, 0),
  /// which no chip can send (a syscall row sends only numbers inside the known range, an
  /// I/O row only tags 4 and 5).
  public var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.syscallNumbers, direction: .receive,
        values: [.preprocessed(1), .preprocessed(2), .preprocessed(3)], multiplicity: .main(0))
    ]
  }

  public func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: 4)
    for (r, row) in Self.rows.enumerated() {
      m[r, 0] = .one
      m[r, 1] = KoalaBear(row.tag)
      m[r, 2] = KoalaBear(row.key)
      m[r, 3] = KoalaBear(row.value)
    }
    return m
  }

  /// No constraints: the rows are fixed and only receive true facts.
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {}

  /// The multiplicity column for the unknown numbers and the constant bytes (stream, index)
  /// the run looked up.
  public func generateTrace(numbers: [UInt32], constantBytes: [(stream: UInt32, index: UInt32)])
    -> RowMajorMatrix
  {
    var counts = [UInt32](repeating: 0, count: height)
    let keys =
      numbers.map { (Self.unknownNumberTag, $0) } + constantBytes.map { ($0.stream, $0.index) }
    for (tag, key) in keys { counts[Self.rowIndex[UInt64(tag) << 32 | UInt64(key)]!] += 1 }
    return RowMajorMatrix(values: counts.map { KoalaBear($0) }, width: 1)
  }
}
