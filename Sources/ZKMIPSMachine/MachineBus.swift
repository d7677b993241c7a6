import ZKMIPSField

/// The buses that connect the machine's chips (see the module's documentation).
public enum MachineBus {
  /// Byte-table lookups: (op, a, b, c).
  public static let byte = 0
  /// ALU operations: (opcode, a limbs, b limbs, result limbs), 13 elements; the opcode is
  /// the instruction's `Opcode.rawValue` and a, b its effective operands.
  public static let alu = 1
  /// Instruction fetch: (pc, instruction).
  public static let program = 2
  /// Offline memory checking: (key, value limbs 0..3, timestamp), the key from
  /// ``MemoryKey``.
  public static let memory = 3
  /// Public input and output bytes: (stream, index, byte).
  public static let io = 4
  /// System calls, CPU to syscall chip: (clk, `$v0` limbs (the number), `$a0` limbs,
  /// new `$v0` limbs, halts).
  public static let syscall = 5
  /// The initial memory image, image table to memory chip: (key, value limbs).
  public static let image = 6
  /// I/O transfers, syscall chip to I/O chip and along its rows: (clk, stream, address,
  /// bytes remaining, stream index).
  public static let transfer = 7
  /// LL/SC, CPU to link chip: (clk, opcode, address, result limb 0 — SC's success flag).
  public static let link = 8
  /// The kernel's constants, to ``SyscallNumberTable``: (tag, key, value) — unknown syscall
  /// numbers from the syscall chip as (0, number, 0), the bytes clock_gettime and uname store
  /// from the I/O rows as (stream, index, byte).
  public static let syscallNumbers = 9
  /// Page mapping: (page, since, until, writable) — every memory access looks up its page
  /// with the clks between which it is mapped (since 0: from the start; until
  /// ``PageColumns/forever``: for good); ``StaticPageTable`` and ``MappedPageChip``
  /// receive.
  public static let page = 10
  /// Pages brk or mmap maps, syscall chip to mapped-page rows and along them: (clk, page,
  /// remaining).
  public static let pageGrant = 11
  /// A load or store of an unmapped page ends the run, CPU to ``UnmappedAccessChip``:
  /// (clk, address limbs 1..3).
  public static let accessFault = 12
  /// writev's iovec entries, syscall chip to ``IovecChip`` rows and along them: (clk,
  /// stream, entry address, entries remaining, start index, bytes so far).
  public static let iovec = 13
  /// Pages a brk (shrinking the heap) or a munmap unmaps, syscall chip to mapped-page rows
  /// and along them: (clk, page, remaining).
  public static let pageRevoke = 14
}

/// Keys of the memory argument: registers and memory words live in disjoint key ranges, so
/// a load or store can never reach a register.
///
/// - 0...31: the general-purpose registers; 34: the thread pointer (set_thread_area,
///   RDHWR); 35...38: kernel state (I/O cursors, end of hints, program break); 39: the LL
///   reservation; 40: the heap's high-water page; 41: the lowest mmap address.
/// - 64 + address / 4: the aligned memory word at `address` (< 2^29 + 64 for every address
///   below ``ZKMIPSExecutor/GuestMemory/addressCeiling``).
public enum MemoryKey {
  /// The thread pointer's key.
  public static let threadPointer: UInt32 = 34
  /// Kernel state: bytes read so far from fd 0, bytes written so far to fd 1, whether the
  /// hint stream (fd 3) has ended (0/1), the current program break.
  public static let inputCursor: UInt32 = 35
  public static let outputCursor: UInt32 = 36
  public static let hintsEnded: UInt32 = 37
  public static let programBreak: UInt32 = 38
  /// The LL reservation: the reserved address + 1, or 0 for none.
  public static let linkedAddress: UInt32 = 39
  /// The heap's high-water page: the first page above every page brk has mapped (the
  /// initial break's page, then raised by brk; a shrinking brk leaves it).
  public static let heapTop: UInt32 = 40
  /// The lowest address anonymous mmap has handed out (page-aligned; ``Kernel/mmapTop``
  /// before the first mmap): mappings grow downwards from there.
  public static let mmapLow: UInt32 = 41
  /// Keys below this are registers.
  public static let firstWord: UInt32 = 64

  /// The key of the aligned word containing `address`.
  public static func word(_ address: UInt32) -> UInt32 { firstWord + address >> 2 }
}

/// Operations of the byte table, the first element of every byte-bus tuple.
public enum ByteOperation: UInt32, CaseIterable, Sendable {
  /// a and b are bytes (c = 0): two range checks in one message.
  case range = 0
  /// c = a & b.
  case and = 1
  /// c = a | b.
  case or = 2
  /// c = a ^ b.
  case xor = 3

  /// The operation's value as a field element (the tuple's first element).
  public var field: KoalaBear { KoalaBear(rawValue) }
}
