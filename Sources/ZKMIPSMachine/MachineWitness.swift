import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSProtocol

/// Why a run cannot be proven.
public enum MachineProvingError: Error, Equatable, CustomStringConvertible {
  /// The run ended in a way not provable yet (see ``description``).
  case didNotExit(ExitStatus)
  /// The run executed an instruction the machine cannot prove yet.
  case unprovableInstruction(Opcode, pc: UInt32)
  /// The run made a syscall the machine cannot prove yet (with what about it, if not the
  /// syscall itself).
  case unprovableSyscall(UInt32, pc: UInt32, String? = nil)
  /// The executor accessed memory the proof does not know to be mapped (never expected:
  /// the executor faults on unmapped pages).
  case unprovableMemory(UInt32, pc: UInt32, String? = nil)
  /// The run is longer than one proof can hold.
  case tooManyCycles(UInt64, limit: Int)

  public var description: String {
    switch self {
    case .didNotExit(let s):
      "the run did not exit (\(s)); only runs that end in exit or exit_group, a trap that fires, BREAK, a reserved instruction, an integer overflow, a misaligned load or store, a load or store on an unmapped page, or a jump to a misaligned or unmapped pc (at or above 0x7f000000 only by JR/JALR, fetched after its delay slot) are provable yet"
    case .unprovableInstruction(let op, let pc):
      "\(op) at \(hex(pc)) is not provable yet"
    case .unprovableSyscall(let n, let pc, let what):
      "\(what.map { $0 + ", " } ?? "")syscall \(n)\(Kernel.Number(rawValue: n).map { " (\($0))" } ?? "") at \(hex(pc)) is not provable yet"
    case .unprovableMemory(let address, let pc, let kind):
      kind == nil
        ? "the access to \(hex(address)) at \(hex(pc)) is on a page the proof does not know as mapped"
        : "the write to \(hex(address)) at \(hex(pc)) is to a \(kind!) page (code and read-only segments are not writable in a proof)"
    case .tooManyCycles(let c, let limit):
      "the run has \(c) cycles; one proof holds at most \(limit)"
    }
  }
}

func hex(_ x: UInt32) -> String { "0x" + String(x, radix: 16) }

/// The machine's tables, in proof order, for one program: the AIRs and the verifying key.
public struct MachineKey: Sendable {
  /// The program's statically decoded instructions.
  public let program: ProgramTableChip
  /// Its initial image.
  public let image: MemoryImageChip
  /// The pages mapped at the start.
  public let staticPages: StaticPageTable
  /// The gaps between them (for proving an access unmapped).
  public let unmapped: UnmappedAccessChip
  /// The verifying key (AIRs, parameters, preprocessed commitment).
  public let key: VerifyingKey
  /// The entry point.
  public let entry: UInt32
  /// The initial program break (end of the loaded image).
  public let initialBreak: UInt32
  /// The least height of every table (the FRI final polynomial's length).
  public let minimumHeight: Int

  /// Most cycles one proof holds: the CPU table's height is at most 2^maxLogHeight, and
  /// timestamps 4·clk + 3 must stay below 2^24 + … (see ``CPUChip``).
  public var maxCycles: Int { 1 << min(key.parameters.maxLogHeight, 22) }

  /// The tables of `program`.
  public init(program elf: ELFProgram, parameters: StarkParameters = .standard) {
    let least = 1 << parameters.fri.logFinalPolynomialLength
    minimumHeight = least
    program = ProgramTableChip(program: elf, minimumHeight: least)
    image = MemoryImageChip(program: elf, minimumHeight: least)
    staticPages = StaticPageTable(program: elf, minimumHeight: least)
    entry = elf.entry
    initialBreak = elf.endOfImage
    unmapped = UnmappedAccessChip(
      staticPages: staticPages.pages, initialBreak: initialBreak, minimumHeight: least)
    key = VerifyingKey(
      airs: Self.airs(
        program: program, image: image, staticPages: staticPages, unmapped: unmapped,
        initialBreak: initialBreak),
      parameters: parameters)
  }

  /// The verifying key of an empty program. The tables' constraints and interactions do
  /// not depend on the program, so it gives the soundness shape of any machine proof.
  public static let shapeKey: VerifyingKey = MachineKey(
    program: ELFProgram(entry: 0, segments: [])
  ).key

  /// Table indices in the proof.
  public enum Table: Int, CaseIterable, Sendable {
    case program, byte, image, cpu, memory, addSub, bitwise, shift, setLessThan, countLeading
    case multiply, divide, condition, misc, memoryInstruction, link, syscall, syscallNumbers, io
    case staticPages, mappedPages, unmappedAccess, iovec
  }

  static func airs(
    program: ProgramTableChip, image: MemoryImageChip, staticPages: StaticPageTable,
    unmapped: UnmappedAccessChip, initialBreak: UInt32
  ) -> [any AIR] {
    Table.allCases.map { t -> any AIR in
      switch t {
      case .program: program
      case .byte: ByteTableChip()
      case .image: image
      case .cpu: CPUChip()
      case .memory: MemoryChip()
      case .addSub: AddSubChip()
      case .bitwise: BitwiseChip()
      case .shift: ShiftChip()
      case .setLessThan: SetLessThanChip()
      case .countLeading: CountLeadingChip()
      case .multiply: MultiplyChip()
      case .divide: DivideChip()
      case .condition: ConditionChip()
      case .misc: MiscChip()
      case .memoryInstruction: MemoryInstructionChip()
      case .link: LinkChip()
      case .syscallNumbers: SyscallNumberTable()
      case .syscall: SyscallChip(initialBreak: initialBreak)
      case .io: IOChip()
      case .staticPages: staticPages
      case .mappedPages: MappedPageChip()
      case .unmappedAccess: unmapped
      case .iovec: IovecChip()
      }
    }
  }

  /// Public values per table for a run that exited with `exitCode` (or, with `fault`,
  /// faulted: then `exitCode` is 0) after reading `consumed` bytes of an input of
  /// `inputLength` bytes and writing `outputLength` bytes.
  public func publicValues(
    exitCode: UInt8, fault: MachineFault? = nil, consumed: Int, outputLength: Int,
    inputLength: Int
  ) -> [[KoalaBear]] {
    Table.allCases.map { t in
      switch t {
      case .cpu:
        // The fault pc as (low 24 bits, top byte, at or above the ceiling): distinct pcs
        // give distinct values (a pc and pc + p would not as one field element).
        [
          KoalaBear(entry), KoalaBear(fault?.kind.rawValue ?? 0),
          KoalaBear((fault?.pc ?? 0) & 0xff_ffff), KoalaBear((fault?.pc ?? 0) >> 24),
          (fault?.pc ?? 0) >= GuestMemory.addressCeiling ? .one : .zero,
        ]
      case .syscall:
        [Int(exitCode), consumed, outputLength, inputLength].map { KoalaBear(UInt32($0)) }
      default: []
      }
    }
  }

  /// The statement's own I/O bus messages: the verifier receives each consumed input byte
  /// as (0, index, byte) and each output byte as (1, index, byte).
  public static func publicMessages(consumedInput: some Collection<UInt8>, output: [UInt8])
    -> [BusMessage]
  {
    func messages(_ stream: UInt32, _ bytes: some Collection<UInt8>) -> [BusMessage] {
      bytes.enumerated().map {
        BusMessage(
          bus: MachineBus.io,
          values: [KoalaBear(stream), KoalaBear(UInt32($0.offset)), KoalaBear(UInt32($0.element))],
          multiplicity: -KoalaBear.one)
      }
    }
    return messages(0, consumedInput) + messages(1, output)
  }
}

/// A fault that a proof can show ended the run: a trap that fired, BREAK, a reserved
/// instruction word, an ADD/ADDI/SUB that overflowed, a misaligned load or store (LH, LHU,
/// SH, LW, LL, SW, SC), a load or store on an unmapped page, or a fetch at a misaligned or
/// unmapped pc, at `pc`.
public struct MachineFault: Equatable, Sendable, CustomStringConvertible {
  /// The kinds, numbered as the CPU chip's public halt kind.
  public enum Kind: UInt32, Sendable, CaseIterable {
    case trap = 1, breakpoint = 2, reservedInstruction = 3, integerOverflow = 4
    case unalignedAccess = 5, unmappedAccess = 6

    /// The provable kind of an executor fault, if any.
    public init?(_ kind: FaultKind) {
      switch kind {
      case .trap: self = .trap
      case .breakpoint: self = .breakpoint
      case .reservedInstruction: self = .reservedInstruction
      case .integerOverflow: self = .integerOverflow
      case .unalignedAccess: self = .unalignedAccess
      case .unmappedAccess: self = .unmappedAccess
      }
    }

    /// The executor's kind.
    public var faultKind: FaultKind {
      switch self {
      case .trap: .trap
      case .breakpoint: .breakpoint
      case .reservedInstruction: .reservedInstruction
      case .integerOverflow: .integerOverflow
      case .unalignedAccess: .unalignedAccess
      case .unmappedAccess: .unmappedAccess
      }
    }
  }

  public var kind: Kind
  public var pc: UInt32

  public init(kind: Kind, pc: UInt32) {
    self.kind = kind
    self.pc = pc
  }

  /// The provable fault the executor's `fault` is, if it is one. A misaligned access is
  /// provable for a load or store of ``MemoryInstructionChip``'s
  /// ``MemoryInstructionChip/faultingOpcodes``, an unmapped one for any load or store, and
  /// both for the fetch itself (a jump to a misaligned or unmapped pc; at or above the
  /// address ceiling only after a JR/JALR there, which ``MachineWitness`` checks).
  public init?(_ fault: Fault) {
    guard let kind = Kind(fault.kind) else { return nil }
    let opcode = Opcode.decode(fault.instruction)
    switch kind {
    case .unalignedAccess where !fault.isFetch:
      guard MemoryInstructionChip.faultingOpcodes.contains(opcode) else { return nil }
    case .unmappedAccess where !fault.isFetch:
      guard MemoryInstructionChip.opcodes.contains(opcode) else { return nil }
    default: break
    }
    self.init(kind: kind, pc: fault.pc)
  }

  /// The status a shell sees for it, as `zkmips run` and qemu-mipsel report: 128 + signal.
  public var processExitCode: Int32 { 128 + kind.faultKind.signal }

  public var description: String { "\(kind.faultKind) at \(hex(pc))" }
}

/// An access that looks up a page: the row of its table (for its mapping's `until`).
enum PageUser {
  case cpu(Int), io(Int), iovecBase(Int), iovecLength(Int)
}

/// A run turned into the machine's traces.
public struct MachineWitness {
  /// One trace per table, in ``MachineKey/Table`` order.
  public var traces: [RowMajorMatrix]
  /// Executed instructions.
  public var cycles: Int
  /// The guest's exit code (0 when it faulted).
  public var exitCode: UInt8
  /// The fault that ended the run, if it did not exit.
  public var fault: MachineFault?
  /// The whole public input, how much of it the guest read on fd 0, and what it wrote on
  /// fd 1.
  public var input: [UInt8]
  public var consumed: Int
  public var output: [UInt8]

  /// The public values of the run (see ``MachineKey/publicValues(exitCode:consumed:outputLength:inputLength:)``).
  public func publicValues(_ key: MachineKey) -> [[KoalaBear]] {
    key.publicValues(
      exitCode: exitCode, fault: fault, consumed: consumed, outputLength: output.count,
      inputLength: input.count)
  }

  /// The statement's I/O messages.
  public var publicMessages: [BusMessage] {
    MachineKey.publicMessages(consumedInput: input[..<consumed], output: output)
  }

  /// Runs `tables`' program on `input` and `hints` and builds the traces.
  ///
  /// - Throws: ``MachineProvingError`` when the run does not exit, is too long, or uses
  ///   something the machine cannot prove yet.
  public init(
    tables: MachineKey, program: ELFProgram, input: [UInt8], hints: [UInt8],
    maxCycles: Int? = nil
  ) throws(MachineProvingError) {
    try self.init(
      tables: tables, program: program, input: input, hints: hints, maxCycles: maxCycles,
      forgingMappedPages: [])
  }

  /// Test hook (package-internal): an *evil* witness whose run also sees `forgingMappedPages`
  /// mapped (and whose traces claim them mapped from the start, though no static-page row
  /// exists for them), to show the verifier rejects an access to an unmapped page.
  package init(
    tables: MachineKey, program: ELFProgram, input: [UInt8], hints: [UInt8],
    maxCycles: Int? = nil, forgingMappedPages: [UInt32]
  ) throws(MachineProvingError) {
    let limit = min(maxCycles ?? tables.maxCycles, tables.maxCycles)
    let inputStream = InputStream(bytes: input)
    let machine = Machine(
      program: program, input: inputStream, hints: InputStream(bytes: hints))
    for page in forgingMappedPages { machine.memory.map(start: page << 12, size: 1 << 12) }
    var recorder = TraceRecorder(keepsSteps: true)
    let status = machine.run(maxCycles: UInt64(limit) + 1, recorder: &recorder)
    var steps = recorder.steps
    switch status {
    case .exited(let code):
      exitCode = code
      fault = nil
    case .fault(let f):
      // Traps that fire, BREAK, reserved words, overflows, misaligned or unmapped loads and
      // stores and faulting fetches are provable ends: the faulting instruction is the last
      // CPU row (not executed).
      guard let provable = MachineFault(f) else { throw .didNotExit(status) }
      // A fetch at or above the address ceiling is provable only as a JR/JALR's target,
      // fetched right after the delay slot (the CPU chip's jump-out rows).
      if f.isFetch && f.pc >= GuestMemory.addressCeiling {
        let n = steps.count
        guard n >= 2, steps[n - 2].opcode == .jr || steps[n - 2].opcode == .jalr,
          steps[n - 2].rsValue == f.pc
        else { throw .didNotExit(status) }
      }
      exitCode = 0
      fault = provable
      var last = StepRecord(
        pc: machine.pc, nextPC: machine.nextPC, instruction: f.instruction, rsValue: 0, rtValue: 0)
      (last.newPC, last.newNextPC) = (machine.nextPC, machine.nextPC &+ 4)
      (last.hi, last.lo) = (machine.hi, machine.lo)
      steps.append(last)
    case .cycleLimit:
      throw .tooManyCycles(UInt64(limit) + 1, limit: limit)
    }
    cycles = recorder.steps.count
    self.input = input
    consumed = inputStream.consumed.count
    output = machine.kernel.output
    let fetchFault: Bool
    if case .fault(let f) = status { fetchFault = f.isFetch } else { fetchFault = false }
    traces = try Self.traces(
      tables: tables, steps: steps, syscalls: recorder.syscalls, inputLength: input.count,
      endsUnmapped: fault?.kind == .unmappedAccess && !fetchFault, endsInFetch: fetchFault,
      forgedPages: forgingMappedPages)
  }

  /// The CPU row of a fetch fault at `pc`: no instruction, no registers, class fetchFault.
  static func fetchFaultRow(pc: UInt32) -> DecodedInstruction {
    var row = DecodedInstruction(word: 0, pc: pc)
    (row.rs, row.rt, row.writeRegister) = (0, 0, 0)
    row.flags = .flag(.fetchFault)
    return row
  }

  /// Builds every table's trace from the recorded steps.
  static func traces(
    tables: MachineKey, steps: [StepRecord], syscalls: [SyscallEvent], inputLength: Int,
    endsUnmapped: Bool, endsInFetch: Bool, forgedPages: [UInt32]
  ) throws(MachineProvingError) -> [RowMajorMatrix] {
    // The unmapped page of the run's last access, for the unmapped-access chip.
    var unmappedFault: UnmappedAccessChip.Fault? = nil
    var syscallEvents = syscalls.makeIterator()
    var decoded: [UInt32: DecodedInstruction] = [:]
    for i in tables.program.instructions { decoded[i.pc] = i }
    // The memory argument's state per key: value and last timestamp; `initial` is the
    // image's value (absent: 0), recorded at a key's first touch.
    var state: [UInt32: (value: UInt32, timestamp: UInt32)] = [:]
    var firstValues: [UInt32: UInt32] = [:]
    var imageValues: [UInt32: UInt32] = [:]
    for e in tables.image.entries { imageValues[e.key] = e.value }
    func access(_ key: UInt32, timestamp: UInt32, newValue: UInt32? = nil) -> (
      value: UInt32, previous: UInt32
    ) {
      let old = state[key] ?? (imageValues[key] ?? 0, 0)
      if state[key] == nil { firstValues[key] = old.value }
      state[key] = (newValue ?? old.value, timestamp)
      return (old.value, old.timestamp)
    }
    /// The value of `key` now (without accessing it).
    func current(_ key: UInt32) -> UInt32 { state[key]?.value ?? imageValues[key] ?? 0 }

    var cpuRows: [CPUChip.Row] = []
    var alu: [ChipKind: [ALUOperation]] = [:]
    var multiplies: [MultiplyChip.Row] = []
    var memoryOperations: [MemoryOperation] = []
    var conditions: [ALUOperation] = []
    var linkRows: [LinkChip.Row] = []
    // Page mapping: the static pages (from the start, for good) and the rows of the pages
    // brk and mmap mapped, with how often each is looked up; `granted` maps a page to its
    // row while it is mapped. An access's `until` is known only once its page is unmapped:
    // `untilOf` lists the accesses to patch then.
    let staticMapped = Set(tables.staticPages.pages + forgedPages)
    var staticLookups: [UInt32: Int] = [:]
    var mappedRows: [MappedPageChip.Row] = []
    var granted: [UInt32: Int] = [:]
    /// The rows of pages a brk or munmap unmapped (no page is ever mapped again).
    var ended: [UInt32: Int] = [:]
    var untilOf: [(user: PageUser, row: Int)] = []
    let writablePages = tables.staticPages.writable.union(forgedPages)
    /// Since when `address`'s page is mapped and whether it is writable (a write needs it);
    /// `user` is the access, to patch with its mapping's end.
    func lookUpPage(of address: UInt32, pc: UInt32, writes: Bool, user: PageUser)
      throws(MachineProvingError) -> (since: UInt32, writable: Bool)
    {
      let page = address >> 12
      if let r = granted[page] {
        mappedRows[r].lookups += 1
        untilOf.append((user, r))
        return (mappedRows[r].clk, true)
      }
      guard staticMapped.contains(page) else { throw .unprovableMemory(address, pc: pc) }
      let writable = writablePages.contains(page)
      guard writable || !writes else { throw .unprovableMemory(address, pc: pc, "read-only") }
      staticLookups[page, default: 0] += 1
      return (0, writable)
    }
    /// brk or mmap at `clk` maps `count` pages from `first`: a grant chain of new rows.
    func grant(_ first: UInt32, count: UInt32, clk: UInt32) {
      for k in 0..<count {
        granted[first + k] = mappedRows.count
        mappedRows.append(
          MappedPageChip.Row(clk: clk, page: first + k, left: count - 1 - k, lookups: 0))
      }
    }
    /// brk or munmap at `clk` unmaps `count` pages from `first`: a revoke chain through
    /// their rows (only pages brk or mmap mapped have one).
    func revoke(_ first: UInt32, count: UInt32, clk: UInt32, number: UInt32, pc: UInt32)
      throws(MachineProvingError)
    {
      for k in 0..<count {
        guard let r = granted[first + k] else {
          throw .unprovableSyscall(
            number, pc: pc,
            "unmapping a page that brk or mmap did not map (\(hex((first + k) << 12)))")
        }
        mappedRows[r].until = clk
        mappedRows[r].revokedLeft = count - 1 - k
        granted[first + k] = nil
        ended[first + k] = r
      }
    }
    /// brk, mmap and munmap: the pages the syscall maps and unmaps (its grant and revoke
    /// chains), or why the chips cannot show it. `a1` is brk's lowest mmap address (its a1
    /// port reads key 41), else `$a1`.
    func mapPages(
      behaviour: SyscallChip.Entry.Behaviour, clk: UInt32, pc: UInt32, number: UInt32,
      a0: UInt32, a1: UInt32, result: UInt32, failed: Bool
    ) throws(MachineProvingError) -> (pages: UInt32, dropped: UInt32) {
      let pageCount = RoundedPageColumns.pages
      let highWater = current(MemoryKey.heapTop)
      switch behaviour {
      case .brk:
        guard a0 >= tables.initialBreak && a0 <= a1 else { return (0, 0) }
        let oldTop = pageCount(current(MemoryKey.programBreak)), newTop = pageCount(a0)
        if newTop > oldTop {
          guard oldTop == highWater else {
            throw .unprovableSyscall(
              number, pc: pc, "a brk that maps pages again after shrinking the heap")
          }
          grant(oldTop, count: newTop - oldTop, clk: clk)
          return (newTop - oldTop, 0)
        }
        try revoke(newTop, count: oldTop - newTop, clk: clk, number: number, pc: pc)
        return (0, oldTop - newTop)
      case .mmap:
        let flags = current(7)
        guard flags & 0x800 != 0 else {
          throw .unprovableSyscall(number, pc: pc, "a file mapping (no MAP_ANONYMOUS)")
        }
        guard a1 > 0 && a1 <= SyscallChip.mmapLengthLimit else { return (0, 0) }  // EINVAL
        guard flags & 0x10 == 0 else { throw .unprovableSyscall(number, pc: pc, "MAP_FIXED") }
        let count = pageCount(a1)
        if failed {
          // ENOMEM: the pages do not fit between the rounded break and M (the chip's test).
          guard
            count > (current(MemoryKey.mmapLow) >> 12) - pageCount(current(MemoryKey.programBreak))
          else { throw .unprovableSyscall(number, pc: pc, "an mmap the kernel refuses (ENOMEM)") }
          return (0, 0)
        }
        let first = result >> 12
        precondition(
          result & 0xfff == 0 && first + count == current(MemoryKey.mmapLow) >> 12,
          "mmap's address differs from the executor's")
        guard first >= highWater else {
          throw .unprovableSyscall(number, pc: pc, "an mmap into pages brk once mapped")
        }
        grant(first, count: count, clk: clk)
        return (count, 0)
      case .munmap:
        guard a0 & 0xfff == 0, a1 != 0 else { return (0, 0) }  // EINVAL
        let count = pageCount(a1)
        try revoke(a0 >> 12, count: count, clk: clk, number: number, pc: pc)
        return (0, count)
      default:
        return (0, 0)
      }
    }
    var unknownNumbers: [UInt32] = []
    var miscOperations: [MiscOperation] = []
    var syscallRows: [SyscallChip.Row] = []
    var ioRows: [IOChip.Row] = []
    var iovecRows: [IovecChip.Row] = []
    var constantLookups: [(stream: UInt32, index: UInt32)] = []
    /// A transfer's I/O rows, one per memory word, at the syscall's clk: `count` bytes from
    /// `address` on, stream indices from `index`; `bytes` are stored (nil: a write, whose
    /// buffer is only read). Constant streams' bytes are looked up in the constant table;
    /// stream 2's rows (mapped only) look up their page and access no memory.
    func transfer(
      stream: Int, clk: UInt32, pc: UInt32, address start: UInt32, count: UInt32,
      index first: UInt32,
      bytes: [UInt8]?
    ) throws(MachineProvingError) {
      var address = start
      var remaining = count
      var index = first
      var offset = 0
      while remaining > 0 {
        let key = MemoryKey.word(address)
        let before = current(key)
        var after = before
        let k = min(4 - address & 3, remaining)
        if let bytes {
          for j in 0..<Int(k) {
            let shift = 8 * ((address & 3) + UInt32(j))
            after = after & ~(0xff << shift) | UInt32(bytes[offset + j]) << shift
          }
        }
        if stream >= Int(IOChip.clockStream) {
          for j in 0..<k { constantLookups.append((UInt32(stream), index + j)) }
        }
        let w =
          stream == 2
          ? (value: UInt32(0), previous: 4 * clk + 1)
          : access(key, timestamp: 4 * clk + 2, newValue: after)
        if stream == 2 { after = 0 }
        var ioRow = IOChip.Row(
          stream: stream, clk: clk, address: address, remaining: remaining, index: index,
          old: w.value, new: after, previousTimestamp: w.previous)
        (ioRow.mappedSince, ioRow.pageWritable) = try lookUpPage(
          of: address, pc: pc, writes: bytes != nil, user: .io(ioRows.count))
        ioRows.append(ioRow)
        address += k
        remaining -= k
        index += k
        offset += Int(k)
      }
    }
    /// A writev the chips can show, or the reason it is refused: the executor answered
    /// EINVAL (more than 1024 entries) or EFAULT (an unmapped or misaligned iovec, an
    /// unmapped buffer); an entry or the total reaches 2^24 bytes; with no entries, an iov
    /// at or above the address ceiling (its top limb is range-checked); or, on fd 1, two
    /// accesses at the syscall's memory timestamp would hit one word (the iovec array and
    /// the buffers, whose words are each read once at 4·clk + 2).
    func checkWritev(
      stream: Int, number: UInt32, pc: UInt32, iov: UInt32, count: UInt32, failed: Bool
    ) throws(MachineProvingError) {
      guard count <= 1024 else {
        throw .unprovableSyscall(number, pc: pc, "more than 1024 iovecs (EINVAL)")
      }
      guard !failed else {
        throw .unprovableSyscall(
          number, pc: pc, "an unmapped or misaligned iovec or buffer (EFAULT)")
      }
      guard count > 0 || iov < GuestMemory.addressCeiling else {
        throw .unprovableSyscall(
          number, pc: pc, "an empty writev at an iov above the address ceiling")
      }
      var total: UInt32 = 0
      var words = Set<UInt32>()
      var shared = false
      func touch(_ key: UInt32) { if !words.insert(key).inserted { shared = true } }
      for i in 0..<count {
        let key = MemoryKey.word(iov + 8 * i)
        let base = current(key)
        let length = current(key + 1)
        guard length < 1 << 24, total + length < 1 << 24 else {
          throw .unprovableSyscall(number, pc: pc, "a writev of 2^24 bytes or more")
        }
        total += length
        if stream == 1 {
          touch(key)
          touch(key + 1)
          if length > 0 {
            for w in (base >> 2)...((base + length - 1) >> 2) { touch(MemoryKey.word(w << 2)) }
          }
        }
      }
      guard !shared else {
        throw .unprovableSyscall(
          number, pc: pc, "a writev to fd 1 whose iovecs and buffers share a memory word")
      }
    }
    /// writev's iovec rows and their buffers' I/O rows; returns the total.
    func writev(stream: Int, clk: UInt32, pc: UInt32, iov: UInt32, count: UInt32, start: UInt32)
      throws(MachineProvingError) -> UInt32
    {
      var total: UInt32 = 0
      for i in 0..<count {
        let address = iov + 8 * i
        let key = MemoryKey.word(address)
        let base = access(key, timestamp: 4 * clk + 2)
        let length = access(key + 1, timestamp: 4 * clk + 2)
        var row = IovecChip.Row(
          stream: stream, clk: clk, address: address, remaining: count - i, start: start,
          total: total, base: base.value, length: length.value, basePrevious: base.previous,
          lengthPrevious: length.previous)
        (row.baseSince, row.baseWritable) = try lookUpPage(
          of: address, pc: pc, writes: false, user: .iovecBase(iovecRows.count))
        (row.lengthSince, row.lengthWritable) = try lookUpPage(
          of: address + 4, pc: pc, writes: false, user: .iovecLength(iovecRows.count))
        iovecRows.append(row)
        try transfer(
          stream: stream, clk: clk, pc: pc, address: base.value, count: length.value,
          index: start &+ total, bytes: nil)
        total += length.value
      }
      return total
    }
    var hi: UInt32 = 0
    var lo: UInt32 = 0
    /// The unmapped-access chip's input for an unmapped `address` at `clk`: its page lies in
    /// a gap of the static pages and, in a gap brk and mmap reach, at or above the heap's
    /// high-water page and below the lowest mmap address (both read at 4·clk + 2, a
    /// timestamp the faulting row leaves free).
    func unmappedPage(_ address: UInt32, clk: UInt32, pc: UInt32) throws(MachineProvingError)
      -> UnmappedAccessChip.Fault
    {
      let page = address >> 12
      guard let gap = tables.unmapped.gaps.first(where: { $0.lo <= page && page <= $0.hi })
      else { throw .unprovableMemory(address, pc: pc, "mapped") }
      var fault = UnmappedAccessChip.Fault(clk: clk, address: address)
      if gap.heap {
        let top = access(MemoryKey.heapTop, timestamp: 4 * clk + 2)
        let low = access(MemoryKey.mmapLow, timestamp: 4 * clk + 2)
        if let r = ended[page] {
          // Unmapped by a brk or munmap: its mapping row shows when.
          mappedRows[r].lookups += 1
          fault.ended = .init(since: mappedRows[r].clk, until: mappedRows[r].until)
        } else {
          guard page >= top.value, page < low.value >> 12 else {
            throw .unprovableMemory(address, pc: pc, "heap")
          }
        }
        (fault.heapTop, fault.heapPrevious) = (top.value, top.previous)
        (fault.mmapLow, fault.mmapPrevious) = (low.value, low.previous)
      }
      return fault
    }
    for (index, s) in steps.enumerated() {
      // The run's last row may be a fetch fault: no instruction, only its pc.
      let fetchFault = endsInFetch && index == steps.count - 1
      guard let d = fetchFault ? Self.fetchFaultRow(pc: s.pc) : decoded[s.pc] else {
        throw .unprovableInstruction(s.opcode, pc: s.pc)
      }
      let f = d.flags
      guard f.isProvable else { throw .unprovableInstruction(d.opcode, pc: s.pc) }
      let clk = UInt32(index + 1)
      var row = CPUChip.Row(instruction: d)
      row.pc = s.pc
      row.nextPC = s.nextPC
      row.newPC = s.newPC
      row.newNextPC = s.newNextPC
      let rs = access(UInt32(d.rs), timestamp: 4 * clk)
      let rt = access(UInt32(d.rt), timestamp: 4 * clk + 1)
      row.rsValue = rs.value
      row.rtValue = rt.value
      row.previousTimestamps[CPUChip.Port.rs.rawValue] = rs.previous
      row.previousTimestamps[CPUChip.Port.rt.rawValue] = rt.previous
      row.hi = hi
      row.lo = lo
      row.newHi = s.hi
      row.newLo = s.lo
      let a = f.has(.aFromRs) ? rs.value : f.has(.aFromRt) ? rt.value : 0
      let b =
        f.has(.bFromRt)
        ? rt.value : f.has(.bFromImmediate) ? d.immediate : f.has(.bFromRs) ? rs.value : 0
      // The destination value as the chips compute it (also when it is $zero's).
      var result = s.destinationValue
      if f.has(.alu) {
        result = Self.aluResult(d.opcode, a, b)
        if d.opcode == .mul {
          multiplies.append(MultiplyChip.Row(opcode: .mul, a: a, b: b))
        } else {
          alu[d.kind, default: []].append(ALUOperation(d.opcode, a, b))
        }
      } else if f.has(.mulDiv) {
        if d.kind == .divide {
          alu[.divide, default: []].append(ALUOperation(d.opcode, a, b))
        } else {
          multiplies.append(MultiplyChip.Row(opcode: d.opcode, a: a, b: b))
        }
      } else if f.has(.multiplyAdd) {
        multiplies.append(MultiplyChip.Row(opcode: d.opcode, a: a, b: b, accHi: hi, accLo: lo))
      } else if f.has(.branch) {
        row.taken = ConditionChip.condition(d.opcode, a, b)
        conditions.append(ALUOperation(d.opcode, a, b))
      } else if f.has(.trap) {
        // Only a trap that does not fire is executed (a firing one faults the run).
        conditions.append(ALUOperation(d.opcode, a, b))
      } else if f.has(.miscImmediate) || f.has(.miscMove) {
        let old = current(UInt32(d.writeRegister))
        let op = MiscOperation(
          d.opcode, s: rs.value, t: rt.value, d: f.has(.miscMove) ? old : d.immediate)
        result = MiscChip.result(op.opcode, s: op.s, t: op.t, d: op.d)
        miscOperations.append(op)
      } else if f.has(.memory) {
        // Address rs + offset (add/sub chip), the aligned word through the memory port,
        // the byte/half/unaligned work in the memory-instruction chip.
        let address = rs.value &+ d.immediate
        alu[.addSub, default: []].append(ALUOperation(.addu, rs.value, d.immediate))
        row.address = address
        if endsUnmapped && index == steps.count - 1 {
          // The run's fault: an aligned access to an unmapped page. No memory port and no
          // page lookup; the unmapped-access chip shows the page in a gap of the static
          // pages and, in a gap brk reaches, at or above the heap top (read at 4·clk + 2).
          row.unmapped = true
          unmappedFault = try unmappedPage(address, clk: clk, pc: s.pc)
          var op = MemoryOperation(d.opcode, offset: Int(address & 3), w: 0, t: rt.value)
          op.unmapped = true
          (row.memoryOld, row.memoryNew) = (0, op.n)
          memoryOperations.append(op)
          row.pageWritable = true
          result = op.r
        } else {
          let key = MemoryKey.word(address)
          let before = current(key)
          // LL/SC: the reservation (key 39) — LL sets it, SC tests and clears it; a
          // misaligned one faults and leaves it alone (the CPU does not send it).
          var success = false
          let misaligned = !MemoryInstructionChip.legalOffsets(d.opcode).contains(
            Int(address & 3))
          if f.has(.linked) && !misaligned {
            let reserved = access(
              MemoryKey.linkedAddress, timestamp: 4 * clk + 2,
              newValue: d.opcode == .ll ? address &+ 1 : 0)
            success = d.opcode == .sc && reserved.value == address &+ 1
            linkRows.append(
              LinkChip.Row(
                clk: clk, isSC: d.opcode == .sc, address: address, success: 0, old: reserved.value,
                new: d.opcode == .ll ? address &+ 1 : 0, previousTimestamp: reserved.previous))
          }
          let op = MemoryOperation(
            d.opcode, offset: Int(address & 3), w: before, t: rt.value, success: success)
          if f.has(.linked) && !misaligned { linkRows[linkRows.count - 1].success = op.r & 0xff }
          precondition(
            op.faults || op.n == s.memoryAfter,
            "memory-instruction semantics differ from the executor")
          let word = access(key, timestamp: 4 * clk + 2, newValue: op.n)
          (row.memoryOld, row.memoryNew) = (word.value, op.n)
          row.previousTimestamps[CPUChip.Port.memory.rawValue] = word.previous
          memoryOperations.append(op)
          (row.mappedSince, row.pageWritable) = try lookUpPage(
            of: address, pc: s.pc, writes: f.has(.store), user: .cpu(cpuRows.count))
          result = op.r
        }
      } else if f.has(.jumpRegister) && rs.value >= GuestMemory.addressCeiling {
        // A JR/JALR out of the address space: the run ends fetching its target.
        row.jumpsOut = true
      } else if f.has(.fetchFault) {
        // A fetch at a misaligned pc, or (aligned) on an unmapped page.
        row.address = s.pc
        if s.pc & 3 == 0 { unmappedFault = try unmappedPage(s.pc, clk: clk, pc: s.pc) }
      } else if f.has(.moveFromHi) {
        result = hi
      } else if f.has(.moveFromLo) {
        result = lo
      } else if f.has(.syscall) {
        guard let event = syscallEvents.next(),
          let entry = SyscallChip.entry(number: rs.value, a0: rt.value)
        else { throw .unprovableSyscall(rs.value, pc: s.pc) }
        let behaviour = SyscallChip.entries[entry].behaviour
        var row = SyscallChip.Row(
          clk: clk, entry: entry, number: rs.value, a0: rt.value, result: s.destinationValue,
          halts: behaviour == .exit)
        let isExit = behaviour == .exit
        // brk: a1's port reads the lowest mmap address (key 41).
        let a1Key = isExit ? MemoryKey.inputCursor : behaviour == .brk ? MemoryKey.mmapLow : 5
        let a1 = access(a1Key, timestamp: 4 * clk + 1)
        // brk and mmap: a2's port holds the heap's high-water page (key 40); brk raises it by
        // the pages the new break maps.
        let mapping = try mapPages(
          behaviour: behaviour, clk: clk, pc: s.pc, number: rs.value, a0: rt.value, a1: a1.value,
          result: s.destinationValue, failed: event.errorFlag != 0)
        let a2Key =
          isExit
          ? MemoryKey.outputCursor
          : behaviour == .brk || behaviour == .mmap ? MemoryKey.heapTop : 6
        let raised = behaviour == .brk ? mapping.pages : 0
        let a2 = access(a2Key, timestamp: 4 * clk + 1, newValue: current(a2Key) + raised)
        (row.a1, row.a2) = (a1.value, a2.value)
        row.a2New = a2.value + raised
        (row.pages, row.dropped) = mapping
        row.previousTimestamps[0] = a1.previous
        row.previousTimestamps[1] = a2.previous
        if behaviour == .mmap {
          // The break port: the program break, for the ENOMEM test.
          let b = access(MemoryKey.programBreak, timestamp: 4 * clk + 2)
          (row.programBreak, row.previousTimestamps[4]) = (b.value, b.previous)
        }
        let transfers: [SyscallChip.Entry.Behaviour] = [
          .readInput, .readHints, .writeOutput, .writeError,
        ]
        if transfers.contains(behaviour) && a2.value >= 1 << 24 {
          throw .unprovableSyscall(rs.value, pc: s.pc)
        }
        // A read or write on an unmapped buffer fails (EFAULT), which the chip cannot show.
        if transfers.contains(behaviour) && event.errorFlag != 0 {
          throw .unprovableSyscall(rs.value, pc: s.pc, "an unmapped buffer (EFAULT)")
        }
        let writevStream: Int? =
          switch behaviour {
          case .writevOutput: 1
          case .writevError: 2
          default: nil
          }
        if let writevStream {
          try checkWritev(
            stream: writevStream, number: rs.value, pc: s.pc, iov: a1.value, count: a2.value,
            failed: event.errorFlag != 0)
        }
        let count = s.destinationValue
        let stateKey: UInt32? =
          switch behaviour {
          case .readInput: MemoryKey.inputCursor
          case .readHints: MemoryKey.hintsEnded
          case .writeOutput, .writevOutput: MemoryKey.outputCursor
          case .brk: MemoryKey.programBreak
          case .mmap: MemoryKey.mmapLow
          case .setThreadArea: MemoryKey.threadPointer
          default: nil
          }
        if let stateKey {
          let old = current(stateKey)
          let new: UInt32 =
            switch behaviour {
            case .readInput, .writeOutput, .writevOutput: old + count
            case .readHints: old == 1 || count < a2.value ? 1 : 0
            case .brk: count
            case .mmap: event.errorFlag == 0 ? count : old
            default: rt.value
            }
          let st = access(stateKey, timestamp: 4 * clk + 2, newValue: new)
          (row.stateOld, row.stateNew) = (st.value, new)
          row.previousTimestamps[3] = st.previous
          // The buffer, word by word.
          let stream: Int? =
            switch behaviour {
            case .readInput: 0
            case .writeOutput: 1
            case .readHints: 3
            default: nil
            }
          if let stream {
            try transfer(
              stream: stream, clk: clk, pc: s.pc, address: a1.value, count: count, index: st.value,
              bytes: stream == 1 ? nil : event.data)
          }
          // A read's buffer past the bytes read: mapped only.
          if behaviour == .readInput || behaviour == .readHints {
            try transfer(
              stream: 2, clk: clk, pc: s.pc, address: a1.value + count, count: a2.value - count,
              index: 0, bytes: nil)
          }
        }
        // write(2): the buffer is only read (its pages shown mapped), nothing published.
        if behaviour == .writeError {
          try transfer(
            stream: 2, clk: clk, pc: s.pc, address: a1.value, count: count, index: 0, bytes: nil)
        }
        // writev: one iovec row per entry, each transferring its buffer (stream indices
        // from the output cursor for fd 1; fd 2's mean nothing and start at 0).
        if let writevStream {
          let total = try writev(
            stream: writevStream, clk: clk, pc: s.pc, iov: a1.value, count: a2.value,
            start: row.stateOld)
          precondition(total == count, "writev's total differs from the executor's")
        }
        // clock_gettime and uname: the kernel's constant bytes stored at $a1 / $a0. On an
        // unmapped buffer the executor answers EFAULT, which the chip cannot show.
        if let constant = SyscallChip.constantTransfers.first(where: { $0.behaviour == behaviour })
        {
          guard event.errorFlag == 0 else {
            throw .unprovableSyscall(rs.value, pc: s.pc, "an unmapped buffer (EFAULT)")
          }
          try transfer(
            stream: Int(constant.stream), clk: clk, pc: s.pc,
            address: behaviour == .uname ? rt.value : a1.value,
            count: UInt32(constant.bytes.count), index: 0, bytes: constant.bytes)
        }
        if behaviour == .unknown {
          alu[.setLessThan, default: []] += [
            ALUOperation(.sltu, rs.value, SyscallChip.knownRange.lowerBound),
            ALUOperation(.sltu, SyscallChip.knownRange.upperBound, rs.value),
          ]
          if SyscallChip.knownRange.contains(rs.value) { unknownNumbers.append(rs.value) }
        }
        // The comparisons (and mmap's flag test) the syscall chip asks the ALU chips for.
        if behaviour == .brk {
          alu[.setLessThan, default: []] += [
            ALUOperation(.sltu, rt.value, tables.initialBreak),
            ALUOperation(.sltu, a1.value, rt.value),
          ]
        }
        if behaviour == .mmap || behaviour == .munmap {
          alu[.setLessThan, default: []].append(ALUOperation(.sltu, a1.value, 1))
        }
        if behaviour == .mmap {
          alu[.setLessThan, default: []].append(
            ALUOperation(.sltu, SyscallChip.mmapLengthLimit, a1.value))
          // MAP_FIXED is tested on a valid length (granted or ENOMEM).
          let valid = a1.value > 0 && a1.value <= SyscallChip.mmapLengthLimit
          let mask: UInt32 = 0x800 | (valid ? 0x10 : 0)
          alu[.bitwise, default: []].append(ALUOperation(.and, current(7), mask))
        }
        if !isExit {
          let a3 = access(7, timestamp: 4 * clk + 3, newValue: event.errorFlag)
          row.a3 = a3.value
          row.previousTimestamps[2] = a3.previous
        }
        syscallRows.append(row)
      }
      if f.has(.link) { result = s.pc &+ 8 }
      row.result = result
      if f.has(.writes) {
        let w = access(UInt32(d.writeRegister), timestamp: 4 * clk + 3, newValue: result)
        row.oldValue = w.value
        row.previousTimestamps[CPUChip.Port.write.rawValue] = w.previous
      }
      (hi, lo) = (s.hi, s.lo)
      cpuRows.append(row)
    }

    // Each access to a page a brk or munmap later unmapped lies before that clk.
    for (user, r) in untilOf where mappedRows[r].until != PageColumns.forever {
      let until = mappedRows[r].until
      switch user {
      case .cpu(let i): cpuRows[i].mappedUntil = until
      case .io(let i): ioRows[i].mappedUntil = until
      case .iovecBase(let i): iovecRows[i].baseUntil = until
      case .iovecLength(let i): iovecRows[i].lengthUntil = until
      }
    }

    // Memory rows: every touched key and every image key, in key order.
    var memoryRows: [MemoryChip.Row] = []
    var keys = Set(state.keys)
    for e in tables.image.entries { keys.insert(e.key) }
    for key in keys.sorted() {
      let image = imageValues[key]
      let initial = firstValues[key] ?? image ?? 0
      let final = state[key] ?? (initial, 0)
      memoryRows.append(
        MemoryChip.Row(
          key: key, fromImage: image != nil, initial: initial, final: final.value,
          finalTimestamp: final.timestamp))
    }

    let h = tables.minimumHeight
    var lookups = ByteLookups()
    var traces: [MachineKey.Table: RowMajorMatrix] = [:]
    traces[.cpu] = CPUChip().generateTrace(cpuRows, lookups: &lookups, minimumHeight: h)
    traces[.memory] = MemoryChip().generateTrace(memoryRows, lookups: &lookups, minimumHeight: h)
    traces[.addSub] = AddSubChip().generateTrace(
      alu[.addSub] ?? [], lookups: &lookups, minimumHeight: h)
    traces[.bitwise] = BitwiseChip().generateTrace(
      alu[.bitwise] ?? [], lookups: &lookups, minimumHeight: h)
    traces[.shift] = ShiftChip().generateTrace(
      alu[.shift] ?? [], lookups: &lookups, minimumHeight: h)
    traces[.setLessThan] = SetLessThanChip().generateTrace(
      alu[.setLessThan] ?? [], lookups: &lookups, minimumHeight: h)
    traces[.countLeading] = CountLeadingChip().generateTrace(
      alu[.countLeading] ?? [], lookups: &lookups, minimumHeight: h)
    traces[.multiply] = MultiplyChip().generateTrace(
      multiplies, lookups: &lookups, minimumHeight: h)
    traces[.memoryInstruction] = MemoryInstructionChip().generateTrace(
      memoryOperations, lookups: &lookups, minimumHeight: h)
    traces[.syscallNumbers] = SyscallNumberTable().generateTrace(
      numbers: unknownNumbers, constantBytes: constantLookups)
    traces[.mappedPages] = MappedPageChip().generateTrace(
      mappedRows, lookups: &lookups, minimumHeight: h)
    traces[.staticPages] = tables.staticPages.generateTrace(lookups: staticLookups)
    traces[.unmappedAccess] = tables.unmapped.generateTrace(
      fault: unmappedFault, lookups: &lookups)
    traces[.link] = LinkChip().generateTrace(linkRows, lookups: &lookups, minimumHeight: h)
    traces[.condition] = ConditionChip().generateTrace(
      conditions, lookups: &lookups, minimumHeight: h)
    traces[.misc] = MiscChip().generateTrace(miscOperations, lookups: &lookups, minimumHeight: h)
    traces[.divide] = DivideChip().generateTrace(
      alu[.divide] ?? [], lookups: &lookups, minimumHeight: h)
    traces[.syscall] = SyscallChip(initialBreak: tables.initialBreak).generateTrace(
      syscallRows, inputLength: inputLength, lookups: &lookups, minimumHeight: h)
    traces[.io] = IOChip().generateTrace(ioRows, lookups: &lookups, minimumHeight: h)
    traces[.iovec] = IovecChip().generateTrace(iovecRows, lookups: &lookups, minimumHeight: h)
    traces[.image] = tables.image.generateTrace()
    traces[.program] = tables.program.generateTrace(
      fetched: (endsInFetch ? steps.dropLast() : steps[...]).map(\.pc))
    traces[.byte] = ByteTableChip().generateTrace(lookups)
    return MachineKey.Table.allCases.map { traces[$0]! }
  }

  /// The value an ALU-class instruction computes from its operands (what its chip proves).
  static func aluResult(_ op: Opcode, _ a: UInt32, _ b: UInt32) -> UInt32 {
    switch op.chip {
    case .addSub: [.sub, .subu].contains(op) ? a &- b : a &+ b
    case .bitwise: BitwiseChip.result(op, a, b)
    case .shift: ShiftChip.result(op, a, b)
    case .setLessThan: SetLessThanChip.result(op, a, b)
    case .countLeading: CountLeadingChip.result(op, a)
    default: MultiplyChip.result(op, a, b).lo  // MUL
    }
  }
}
