import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The CPU chip: one row per executed instruction, in execution order.
///
/// A row fetches its instruction (pc and statically decoded fields, ``InstructionFlags``
/// among them) from the ``ProgramTableChip`` over ``MachineBus/program``; reads rs and rt,
/// accesses one memory word and writes one register through the memory argument
/// (``MachineBus/memory``, timestamps 4·clk + port); hands the computation to the chip that
/// proves it over ``MachineBus/alu`` (or ``MachineBus/syscall``); and moves (pc, next pc).
/// HI and LO are CPU state carried from row to row.
///
/// Public value 0: the entry point (the first row's pc).
public struct CPUChip: AIR {
  /// The CPU chip.
  public init() {}

  /// The memory-argument ports of a row, in timestamp order (timestamp 4·clk + port).
  public enum Port: Int, CaseIterable, Sendable {
    case rs, rt, memory, write
  }

  /// The column layout.
  public enum Columns {
    /// Row counter: 1, 2, 3, ... (timestamps are 4·clk + port).
    public static let clk = 0
    /// The instruction's address and the one after it (delay slots).
    public static let pc = 1
    public static let nextPC = 2
    /// (pc, next pc) of the following row.
    public static let newPC = 3
    public static let newNextPC = 4
    /// Fetched fields: opcode value, rs and rt keys, written register, immediate limbs.
    public static let opcode = 5
    public static let rs = 6
    public static let rt = 7
    public static let writeRegister = 8
    public static let immediate = WordColumns(9)
    /// One boolean column per ``InstructionFlags/Bit``.
    public static let flags = immediate.end
    /// The column of one flag.
    public static func flag(_ bit: InstructionFlags.Bit) -> Int { flags + bit.rawValue }
    /// Values read from rs and rt.
    public static let rsValue = WordColumns(flags + InstructionFlags.Bit.allCases.count)
    public static let rtValue = WordColumns(rsValue.end)
    /// The value written to the destination register (an ALU result, a loaded word, a
    /// link address, ...), and the register's value before.
    public static let result = WordColumns(rtValue.end)
    public static let oldValue = WordColumns(result.end)
    /// ALU operands selected by the flags from rs, rt and the immediate.
    public static let a = WordColumns(oldValue.end)
    public static let b = WordColumns(a.end)
    /// HI and LO before and after the row.
    public static let hi = WordColumns(b.end)
    public static let lo = WordColumns(hi.end)
    public static let newHi = WordColumns(lo.end)
    public static let newLo = WordColumns(newHi.end)
    /// Branch outcome (the condition chip's answer).
    public static let taken = newLo.end
    /// 1 on the last executed instruction (which must be an exiting syscall).
    public static let halts = taken + 1
    /// Effective address of a load or store (rs + immediate, from the add/sub chip).
    public static let address = WordColumns(halts + 1)
    /// Its low two bits and address0 >> 2.
    public static let offsetBit0 = address.end
    public static let offsetBit1 = offsetBit0 + 1
    public static let wordLow = offsetBit1 + 1
    /// The aligned word before and after a load or store.
    public static let memoryOld = WordColumns(wordLow + 1)
    public static let memoryNew = WordColumns(memoryOld.end)
    /// The page-mapping check of a load or store (``PageColumns``).
    public static let page = PageColumns(memoryNew.end)
    public static let pageHigh = page.high
    public static let pageLow = page.low
    public static let mappedSince = page.since
    public static let sinceGap = page.gap.first
    public static let pageWritable = page.writable
    public static let mappedUntil = page.until
    /// Per port: the timestamp of the previous access to its key.
    public static let previousTimestamp = page.end
    /// Per port: 3 byte limbs of timestamp − previous timestamp − 1.
    public static let difference = previousTimestamp + Port.allCases.count
    /// 1 on a halting load or store whose page is unmapped (halt kind 6): the memory port
    /// and the page lookup are skipped, and ``UnmappedAccessChip`` shows the page unmapped.
    public static let unmapped = difference + 3 * Port.allCases.count
    /// 1 on a fetch fault at an aligned pc (so its page is unmapped: halt kind 6).
    public static let fetchUnmapped = unmapped + 1
    /// linked · halts: 1 on a halting (faulting) LL or SC, which the link chip never sees.
    public static let linkFault = fetchUnmapped + 1
    /// 1 on a JR/JALR whose target (rs) is at or above the address ceiling 0x7f000000: the
    /// target is the public fault pc, and the run ends fetching it.
    public static let jumpsOut = linkFault + 1
    /// 1 on the row after such a jump (its delay slot: the next pc is above the ceiling).
    public static let nextOut = jumpsOut + 1
    /// 1 on the row after that (the pc is above the ceiling: a fetch fault).
    public static let pcOut = nextOut + 1
    /// Number of columns.
    public static let width = pcOut + 1

    /// The previous-timestamp column of `port`.
    public static func previous(_ port: Port) -> Int { previousTimestamp + port.rawValue }
    /// Difference limb `k` of `port`.
    public static func difference(_ port: Port, _ k: Int) -> Int {
      difference + 3 * port.rawValue + k
    }
  }

  public var name: String { "cpu" }
  public var width: Int { Columns.width }
  /// Public values: the entry point, how the run halted (``MachineFault/Kind``: 0 exit,
  /// 1 trap, 2 break, 3 reserved instruction, 4 integer overflow, 5 unaligned access,
  /// 6 unmapped access) and the pc of a fault (0 for an exit) as its low 24 bits, its top
  /// byte and whether it is at or above the address ceiling 0x7f000000 (1 or 0), so that
  /// every 32-bit pc has its own public values (see ``MachineKey/publicValues``).
  public var publicValueCount: Int { 5 }

  // MARK: - Linear forms shared by interactions and constraints

  typealias Bit = InstructionFlags.Bit

  static func flag(_ bit: Bit) -> LinearForm { .main(Columns.flag(bit)) }

  /// Σ class flags: 1 on a row that executes an instruction, 0 on padding.
  static var isReal: LinearForm {
    LinearForm(InstructionFlags.classes.map { LinearForm.Term(.main(Columns.flag($0))) })
  }

  /// Σ 2^bit · flag, the program tuple's flags entry.
  static var packedFlags: LinearForm {
    LinearForm(
      Bit.allCases.map {
        LinearForm.Term(.main(Columns.flag($0)), KoalaBear(UInt32(1) << UInt32($0.rawValue)))
      })
  }

  /// The memory-argument key of the aligned word at `address`: 64 + address >> 2.
  static var memoryKey: LinearForm {
    let a = Columns.address
    return LinearForm(
      [
        .init(.main(Columns.wordLow)), .init(.main(a[1]), KoalaBear(64)),
        .init(.main(a[2]), KoalaBear(1 << 14)), .init(.main(a[3]), KoalaBear(1 << 22)),
      ], constant: KoalaBear(MemoryKey.firstWord))
  }

  /// A port's key, values before and after, and multiplicity.
  static func port(_ p: Port) -> (
    key: LinearForm, old: [LinearForm], new: [LinearForm], multiplicity: LinearForm
  ) {
    switch p {
    case .rs: (.main(Columns.rs), Columns.rsValue.forms, Columns.rsValue.forms, isReal)
    case .rt: (.main(Columns.rt), Columns.rtValue.forms, Columns.rtValue.forms, isReal)
    case .memory:
      (memoryKey, Columns.memoryOld.forms, Columns.memoryNew.forms, accesses)
    case .write:
      (.main(Columns.writeRegister), Columns.oldValue.forms, Columns.result.forms, flag(.writes))
    }
  }

  /// is_real − fetchFault: 1 on a row that fetches its instruction from the program table.
  static var fetches: LinearForm {
    LinearForm(
      InstructionFlags.classes.filter { $0 != .fetchFault }.map {
        LinearForm.Term(.main(Columns.flag($0)))
      })
  }

  /// memory − unmapped: 1 on a load or store that reaches memory.
  static var accesses: LinearForm {
    LinearForm([
      .init(.main(Columns.flag(.memory))), .init(.main(Columns.unmapped), -KoalaBear.one),
    ])
  }

  /// Column `a` − column `b`.
  static func minus(_ a: Int, _ b: Int) -> LinearForm {
    LinearForm([.init(.main(a)), .init(.main(b), -KoalaBear.one)])
  }

  /// 4·clk + port.
  static func timestamp(_ p: Port) -> LinearForm {
    LinearForm([.init(.main(Columns.clk), KoalaBear(4))], constant: KoalaBear(UInt32(p.rawValue)))
  }

  // MARK: - Interactions

  public var interactions: [Interaction] {
    let C = Columns.self
    var out: [Interaction] = [
      // Fetch: the row's pc and decoded fields are a row of the program table.
      Interaction(
        bus: MachineBus.program, direction: .send,
        values: [
          Self.isReal, .main(C.pc), .main(C.opcode), .main(C.rs), .main(C.rt),
          .main(C.writeRegister), Self.packedFlags,
        ] + C.immediate.forms, multiplicity: Self.fetches)
    ]
    // Memory argument: each port consumes (key, old, previous timestamp) and produces
    // (key, new, timestamp).
    for p in Port.allCases {
      let (key, old, new, m) = Self.port(p)
      out += Interaction.memoryAccess(
        key: key, old: old, new: new, previous: .main(C.previous(p)),
        timestamp: Self.timestamp(p), multiplicity: m)
    }
    let opcode = LinearForm.main(C.opcode)
    // From the halting row an ALU or memory instruction is sent with its opcode tagged
    // (+ 256): only an ADD/ADDI/SUB that overflows, or an LH/LHU/SH/LW/SW that is
    // misaligned, is received so (see ``AddSubChip`` and ``MemoryInstructionChip``).
    let tagged = opcode + LinearForm([.init(.main(C.halts), KoalaBear(AddSubChip.overflowTag))])
    // An unmapped access adds another 256: only an aligned memory-instruction row flagged
    // unmapped receives opcode + 512.
    let memoryTagged =
      tagged + LinearForm([.init(.main(C.unmapped), KoalaBear(AddSubChip.overflowTag))])
    func alu(_ values: [LinearForm], _ bit: Bit) -> Interaction {
      Interaction(
        bus: MachineBus.alu, direction: .send, values: values, multiplicity: Self.flag(bit))
    }
    let zero = LinearForm.constant(0)
    let offset = LinearForm([.init(.main(C.offsetBit0)), .init(.main(C.offsetBit1), KoalaBear(2))])
    out += [
      alu([tagged] + C.a.forms + C.b.forms + C.result.forms, .alu),
      alu([opcode] + C.a.forms + C.b.forms + C.newHi.forms + C.newLo.forms, .mulDiv),
      alu(
        [opcode] + C.a.forms + C.b.forms + C.hi.forms + C.lo.forms + C.newHi.forms
          + C.newLo.forms, .multiplyAdd),
      alu(
        [opcode] + C.rsValue.forms + C.rtValue.forms + C.immediate.forms + C.result.forms,
        .miscImmediate),
      alu(
        [opcode] + C.rsValue.forms + C.rtValue.forms + C.oldValue.forms + C.result.forms,
        .miscMove),
      alu([opcode] + C.a.forms + C.b.forms + [.main(C.taken), zero, zero, zero], .branch),
      // A trap fires (c = 1) exactly on the halting row: the run faults there.
      alu([opcode] + C.a.forms + C.b.forms + [.main(C.halts), zero, zero, zero], .trap),
      alu(
        [.constant(UInt32(Opcode.addu.rawValue))] + C.rsValue.forms + C.immediate.forms
          + C.address.forms, .memory),
      alu(
        [memoryTagged, offset] + C.memoryOld.forms + C.rtValue.forms + C.memoryNew.forms
          + C.result.forms, .memory),
      // The page of an unmapped access, for the unmapped-access chip to show unmapped.
      Interaction(
        bus: MachineBus.accessFault, direction: .send,
        values: [.main(C.clk), .main(C.address[1]), .main(C.address[2]), .main(C.address[3])],
        multiplicity: LinearForm([.init(.main(C.unmapped)), .init(.main(C.fetchUnmapped))])),
      // LL/SC: the link chip keeps the reservation and decides SC's success flag.
      // A halting LL or SC faults (misaligned or unmapped) and changes nothing: it is not
      // sent, so the reservation is neither set nor cleared.
      Interaction(
        bus: MachineBus.link, direction: .send,
        values: [.main(C.clk), opcode, C.address.form, .main(C.result[0])],
        multiplicity: Self.minus(C.flag(.linked), C.linkFault)),
      Interaction(
        bus: MachineBus.syscall, direction: .send,
        values: [.main(C.clk)] + C.rsValue.forms + C.rtValue.forms + C.result.forms
          + [.main(C.halts)], multiplicity: Self.flag(.syscall)),
    ]
    // Byte facts: timestamp differences, the word index, addresses below the ceiling.
    func range(_ x: LinearForm, _ y: LinearForm, _ m: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: m)
    }
    func d(_ p: Port, _ k: Int) -> LinearForm { .main(C.difference(p, k)) }
    /// 126 − x: a byte exactly when x ≤ 126 (x a byte), i.e. a word with top limb x is
    /// below 0x7f000000.
    func belowCeiling(_ x: Int) -> LinearForm {
      LinearForm([.init(.main(x), -KoalaBear.one)], constant: KoalaBear(126))
    }
    // The page of a load or store is mapped, since before this row.
    out += C.page.interactions(address: C.address, multiplicity: Self.accesses)
    out += [
      range(d(.rs, 0), d(.rs, 1), Self.isReal),
      range(d(.rs, 2), d(.rt, 0), Self.isReal),
      range(d(.rt, 1), d(.rt, 2), Self.isReal),
      range(d(.memory, 0), d(.memory, 1), Self.flag(.memory)),
      range(d(.memory, 2), .main(C.wordLow), Self.flag(.memory) + Self.flag(.fetchFault)),
      // A fetch fault's pc, as the address limbs: bytes (the top one is the public pc's
      // top byte, see the constraints).
      range(.main(C.address[0]), .main(C.address[1]), Self.flag(.fetchFault)),
      range(.main(C.address[2]), .main(C.address[3]), Self.flag(.fetchFault)),
      range(belowCeiling(C.address[3]), zero, Self.accesses),
      range(d(.write, 0), d(.write, 1), Self.flag(.writes)),
      range(d(.write, 2), zero, Self.flag(.writes)),
      range(.main(C.result[0]), .main(C.result[1]), Self.flag(.link)),
      range(.main(C.result[2]), belowCeiling(C.result[3]), Self.flag(.link)),
      // A JR/JALR target below the ceiling, unless the row jumps out (then it is the
      // public fault pc, limb by limb).
      range(belowCeiling(C.rsValue[3]), zero, Self.minus(C.flag(.jumpRegister), C.jumpsOut)),
    ]
    return out
  }

  // MARK: - Constraints

  static let flagNames: [StaticString] = [
    "alu flag is boolean", "mulDiv flag is boolean", "multiplyAdd flag is boolean",
    "moveFromHi flag is boolean", "moveFromLo flag is boolean", "moveToHi flag is boolean",
    "moveToLo flag is boolean", "miscImmediate flag is boolean", "miscMove flag is boolean",
    "branch flag is boolean", "trap flag is boolean", "jumpImmediate flag is boolean",
    "jumpRegister flag is boolean", "memory flag is boolean", "syscall flag is boolean",
    "nop flag is boolean", "readHardware flag is boolean", "breakpoint flag is boolean",
    "reserved flag is boolean", "fetchFault flag is boolean", "aFromRs flag is boolean",
    "aFromRt flag is boolean", "bFromRt flag is boolean", "bFromImmediate flag is boolean",
    "bFromRs flag is boolean", "likely flag is boolean", "link flag is boolean",
    "writes flag is boolean", "linked flag is boolean", "store flag is boolean",
  ]
  static let aNames: [StaticString] = [
    "a limb 0 is selected", "a limb 1 is selected", "a limb 2 is selected", "a limb 3 is selected",
  ]
  static let bNames: [StaticString] = [
    "b limb 0 is selected", "b limb 1 is selected", "b limb 2 is selected", "b limb 3 is selected",
  ]
  static let hiLoNames: [[StaticString]] = [
    ["HI 0 starts at 0", "HI 1 starts at 0", "HI 2 starts at 0", "HI 3 starts at 0"],
    ["LO 0 starts at 0", "LO 1 starts at 0", "LO 2 starts at 0", "LO 3 starts at 0"],
    ["HI 0 kept", "HI 1 kept", "HI 2 kept", "HI 3 kept"],
    ["LO 0 kept", "LO 1 kept", "LO 2 kept", "LO 3 kept"],
    ["MTHI 0", "MTHI 1", "MTHI 2", "MTHI 3"],
    ["MTLO 0", "MTLO 1", "MTLO 2", "MTLO 3"],
    ["HI 0 carried", "HI 1 carried", "HI 2 carried", "HI 3 carried"],
    ["LO 0 carried", "LO 1 carried", "LO 2 carried", "LO 3 carried"],
    ["MFHI 0", "MFHI 1", "MFHI 2", "MFHI 3"],
    ["MFLO 0", "MFLO 1", "MFLO 2", "MFLO 3"],
    ["RDHWR 0", "RDHWR 1", "RDHWR 2", "RDHWR 3"],
  ]
  static let timestampNames: [StaticString] = [
    "rs timestamp increases", "rt timestamp increases", "memory timestamp increases",
    "write timestamp increases",
  ]

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    func m(_ c: Int) -> B.Value { b.main(c) }
    func next(_ c: Int) -> B.Value { b.main(c, next: true) }
    func f(_ bit: Bit) -> B.Value { b.main(C.flag(bit)) }

    // Flags: each boolean, and the classes' sum (is_real) boolean, so a row is padding (no
    // class) or has exactly one class. On real rows the fetch binds every flag to the
    // program table's static decoding (``InstructionFlags``). The modifiers that are
    // multiplicities (writes, link, linked) are also forced to 0 on padding rows, which nothing
    // fetches.
    for bit in Bit.allCases { b.assertBoolean(f(bit), Self.flagNames[bit.rawValue]) }
    let isReal = Self.isReal.evaluate(b)
    b.assertBoolean(isReal, "at most one class per row")
    b.assertZero(f(.writes) * (one - isReal), "padding rows write no register")
    b.assertZero(f(.link) * (one - isReal), "padding rows link nothing")
    b.assertZero(f(.linked) * (one - isReal), "padding rows reserve nothing")
    // A halting LL/SC is a fault (misaligned or unmapped: the only way a load or store
    // halts) and changes nothing: linkFault = linked · halts takes it off the link bus.
    b.assertEqual(
      m(C.linkFault), f(.linked) * m(C.halts), "a faulting LL/SC leaves the reservation alone")
    let nextIsReal = InstructionFlags.classes.map { next(C.flag($0)) }.reduce(b.constant(0), +)

    // Row counter: clk = 1, 2, 3, ...; so every timestamp 4·clk + port is distinct, later
    // rows' are larger, and all are > 0, the initial memory's timestamp.
    b.assertZero(b.isFirstRow * (m(C.clk) - one), "clk starts at 1")
    b.assertZero(b.isTransition * (next(C.clk) - m(C.clk) - one), "clk increments")

    // Real rows are a prefix that starts at the entry point with a real instruction.
    b.assertZero(b.isFirstRow * (one - isReal), "the first row is real")
    b.assertZero(b.isFirstRow * (m(C.pc) - b.publicValue(0)), "execution starts at the entry")
    b.assertZero(
      b.isFirstRow * (m(C.nextPC) - b.publicValue(0) - b.constant(4)),
      "the entry's next pc is entry + 4")
    b.assertZero(b.isTransition * nextIsReal * (one - isReal), "real rows are a prefix")

    // Halting: halts = 1 exactly on the last real row, which must be a syscall (the syscall
    // chip accepts halts = 1 only from an exit), so a prefix of a run is never complete.
    b.assertZero(
      b.isTransition * (m(C.halts) - isReal + nextIsReal), "halts marks the last real row")
    b.assertZero(b.isLastRow * (m(C.halts) - isReal), "a full table halts on its last row")
    // The run ends in an exit syscall (halt kind 0; the syscall chip accepts halts = 1
    // only from exit/exit_group), a trap that fires (1; its condition is halts), BREAK (2)
    // or a reserved word (3) — the last two always halt —, an ADD/ADDI/SUB that overflows
    // (4) or a misaligned load or store (5): those two send their opcode tagged by halts,
    // which only an overflowing or misaligned row of their chip receives. A fault's pc is
    // public.
    let halts = m(C.halts)
    let kind = b.publicValue(1)
    let faults =
      f(.trap) + f(.breakpoint) + f(.reserved) + f(.alu) + f(.memory) + f(.fetchFault)
    b.assertZero(halts * (one - f(.syscall) - faults), "only a syscall or a fault halts")
    b.assertZero(halts * f(.syscall) * kind, "an exit halts with kind 0")
    b.assertZero(halts * f(.trap) * (kind - one), "a trap halts with kind 1")
    b.assertZero(f(.breakpoint) * (one - halts), "BREAK halts")
    b.assertZero(f(.breakpoint) * (kind - b.constant(2)), "BREAK halts with kind 2")
    b.assertZero(f(.reserved) * (one - halts), "a reserved word halts")
    b.assertZero(f(.reserved) * (kind - b.constant(3)), "a reserved word halts with kind 3")
    b.assertZero(halts * f(.alu) * (kind - b.constant(4)), "an overflow halts with kind 4")
    // A halting load or store is misaligned (kind 5) or, flagged unmapped, on an unmapped
    // page (kind 6); only a halting load or store may be flagged.
    let unmapped = m(C.unmapped)
    b.assertBoolean(unmapped, "unmapped flag is boolean")
    b.assertZero(
      unmapped * (b.constant(2) - halts - f(.memory)), "only a halting load or store is unmapped")
    b.assertZero(
      halts * f(.memory) * (kind - b.constant(5) - unmapped),
      "a faulting access halts with kind 5 or 6")
    // A fetch fault (a row that fetches nothing) halts at its pc, which the address columns
    // hold as bytes with the top one ≤ 126 (so below p: the field equation is the integer
    // one). Its low bits (split as a load's) decide the kind: misaligned, 5; aligned, 6,
    // and then its page is shown unmapped (fetchUnmapped sends it to the unmapped-access
    // chip) — the executor checks alignment first.
    let fetchFault = f(.fetchFault)
    b.assertZero(fetchFault * (one - halts), "a fetch fault halts")
    // The public fault pc c is (low = c mod 2^24, top = c >> 24, above = [c ≥ 0x7f000000]),
    // all computed by the verifier. A fetch fault's address limbs (bytes, byte bus) are c's
    // exactly: both sides of each equation are integers below 2^24 < p.
    let (pcLow, pcTop, pcAbove) = (b.publicValue(2), b.publicValue(3), b.publicValue(4))
    let address = C.address.limbs(b)
    // (Gated by halts, which a fetch fault sets, so each rule stands on its own.)
    b.assertZero(
      halts * fetchFault
        * (address[0] + b.constant(256) * address[1] + b.constant(65536) * address[2] - pcLow),
      "a fetch fault's address is the public pc (low bytes)")
    b.assertZero(
      halts * fetchFault * (address[3] - pcTop),
      "a fetch fault's address is the public pc (top byte)")
    // The address is the row's pc as a field element (the pc the previous rows moved to).
    b.assertZero(fetchFault * (C.address.value(b) - m(C.pc)), "a fetch fault's address is its pc")
    // Below the ceiling (above = 0) c < p, so that is the integer equation: the fault is at
    // the pc the run reached. At or above it, c ≡ pc mod p is ambiguous, so such a fault
    // must be the fetch of a JR/JALR's target that was shown equal to c (pcOut, below).
    b.assertZero(
      fetchFault * (one - m(C.pcOut)) * pcAbove,
      "a fetch fault above the ceiling follows a jump there")
    b.assertEqual(
      m(C.fetchUnmapped),
      fetchFault * (one - m(C.offsetBit0)) * (one - m(C.offsetBit1)),
      "a fetch fault at an aligned pc is unmapped")
    b.assertZero(
      fetchFault * (kind - b.constant(5) - m(C.fetchUnmapped)),
      "a fetch fault halts with kind 5 or 6")
    // Any other fault is at its fetched pc (a program-table pc, below the ceiling): c is
    // below the ceiling too (above = 0), so low + 2^24·top = c < p and the field equation
    // is the integer one.
    let fetched = faults - fetchFault
    b.assertZero(
      halts * fetched * (m(C.pc) - pcLow - b.constant(1 << 24) * pcTop), "a fault's pc is public")
    b.assertZero(halts * fetched * pcAbove, "only a fetch faults above the ceiling")

    // Jumps above the ceiling. A JR/JALR target rs at or above 0x7f000000 may be ≥ p, so its
    // field value (the new next pc, as for any JR) may equal a program address. Such a row
    // sets jumpsOut (boolean, JR/JALR only), which skips the range check of rs3 ≤ 126 and
    // binds rs3 to the public pc's top byte. The flag moves on two rows, to the delay slot
    // (nextOut) and the row after it (pcOut); that row must be a fetch fault (nothing is
    // fetched), whose address is c and ≡ its pc ≡ rs mod p (the pc chain from rs; a
    // nullified delay slot would add 4). Both rs and c are 32-bit words with the same top
    // byte, so |rs − c| < 2^24 < p and rs = c: the fault is at the jump's true target. When
    // no fetch fault follows (the delay slot halts), rs3 = c's top byte ≤ 126 (an exit has
    // c = 0; another fault's c is below the ceiling), so rs was below the ceiling anyway.
    let jumpsOut = m(C.jumpsOut)
    b.assertBoolean(jumpsOut, "jumpsOut flag is boolean")
    b.assertZero(jumpsOut * (one - f(.jumpRegister)), "only JR/JALR jump out")
    b.assertZero(jumpsOut * (m(C.rsValue[3]) - pcTop), "a jump out is to the public pc's top byte")
    // The first row has no row before it: nextOut + pcOut = 0 there. That leaves
    // pcOut = −nextOut = v; v ≠ 0 would make the first row a fetch fault (which halts) and
    // copy −v to the second row's pcOut, making that padding row a fetch fault too, which
    // is no padding row (is_real = 1 after the halting row). So both are 0.
    b.assertZero(b.isFirstRow * (m(C.nextOut) + m(C.pcOut)), "the entry is not out")
    b.assertZero(b.isTransition * (next(C.nextOut) - jumpsOut), "a jump out's delay slot is out")
    b.assertZero(b.isTransition * (next(C.pcOut) - m(C.nextOut)), "the row after it is out")
    b.assertZero(m(C.pcOut) * (one - fetchFault), "a pc above the ceiling is not fetched")

    // ALU operands: a = rs, rt or 0 and b = rt, the immediate, rs or 0, as the (static)
    // flags say; at most one source flag of each is set by the decoder.
    for i in 0..<4 {
      b.assertEqual(
        m(C.a[i]), f(.aFromRs) * m(C.rsValue[i]) + f(.aFromRt) * m(C.rtValue[i]), Self.aNames[i])
      b.assertEqual(
        m(C.b[i]),
        f(.bFromRt) * m(C.rtValue[i]) + f(.bFromImmediate) * m(C.immediate[i]) + f(.bFromRs)
          * m(C.rsValue[i]), Self.bNames[i])
    }

    // HI and LO: 0 at the start; each row's new value is the multiply/divide chip's result
    // (mulDiv, multiplyAdd: bound by the ALU bus), rs (MTHI/MTLO) or the old value; the
    // next row starts from it. Limb-wise, so nothing wraps.
    let writesHiLo = f(.mulDiv) + f(.multiplyAdd)
    for i in 0..<4 {
      let (hi, lo, newHi, newLo) = (m(C.hi[i]), m(C.lo[i]), m(C.newHi[i]), m(C.newLo[i]))
      b.assertZero(b.isFirstRow * hi, Self.hiLoNames[0][i])
      b.assertZero(b.isFirstRow * lo, Self.hiLoNames[1][i])
      b.assertZero((one - writesHiLo - f(.moveToHi)) * (newHi - hi), Self.hiLoNames[2][i])
      b.assertZero((one - writesHiLo - f(.moveToLo)) * (newLo - lo), Self.hiLoNames[3][i])
      b.assertZero(f(.moveToHi) * (newHi - m(C.rsValue[i])), Self.hiLoNames[4][i])
      b.assertZero(f(.moveToLo) * (newLo - m(C.rsValue[i])), Self.hiLoNames[5][i])
      b.assertZero(b.isTransition * (next(C.hi[i]) - newHi), Self.hiLoNames[6][i])
      b.assertZero(b.isTransition * (next(C.lo[i]) - newLo), Self.hiLoNames[7][i])
      // Results the CPU computes itself: MFHI, MFLO, RDHWR (rs is the thread pointer).
      b.assertZero(f(.moveFromHi) * (m(C.result[i]) - hi), Self.hiLoNames[8][i])
      b.assertZero(f(.moveFromLo) * (m(C.result[i]) - lo), Self.hiLoNames[9][i])
      b.assertZero(f(.readHardware) * (m(C.result[i]) - m(C.rsValue[i])), Self.hiLoNames[10][i])
    }
    // Link: result = pc + 8, its limbs range-checked bytes with the top one ≤ 126 (byte
    // bus), so the word is below 0x7f000000 < p and the field equation is the integer one.
    b.assertZero(
      f(.link) * (C.result.value(b) - m(C.pc) - b.constant(8)), "link register is pc + 8")

    // Control flow. newPC = nextPC, or nextPC + 4 when a not-taken branch-likely skips its
    // delay slot. newNextPC = nextPC + 4, or the branch target when taken (the immediate
    // is the absolute target, computed by the verifier), the jump target (immediate, or rs
    // for JR/JALR: below 0x7f000000 by the byte bus, so it is its own field value), or
    // nextPC + 8 after a skipped delay slot. `taken` is the condition chip's answer (a
    // boolean) on branch rows; likely is only set on branch rows.
    let nextPC = m(C.nextPC)
    let four = b.constant(4)
    let immediate = C.immediate.value(b)
    let taken = m(C.taken)
    b.assertZero(
      m(C.newPC) - nextPC - four * f(.likely) * (one - taken), "new pc skips a nullified slot")
    let jumped =
      f(.branch) * (taken * (immediate - nextPC - four) + (one - taken) * four * f(.likely))
      + f(.jumpImmediate) * (immediate - nextPC - four) + f(.jumpRegister)
      * (C.rsValue.value(b) - nextPC - four)
    b.assertEqual(m(C.newNextPC), nextPC + four + jumped, "new next pc")
    // The next real row continues from (newPC, newNextPC); every real row's pc is fetched
    // from the program table, so control can only reach the program's instructions.
    b.assertZero(b.isTransition * nextIsReal * (next(C.pc) - m(C.newPC)), "pc follows")
    b.assertZero(
      b.isTransition * nextIsReal * (next(C.nextPC) - m(C.newNextPC)), "next pc follows")

    // Loads and stores: address0 = 4·wordLow + 2·bit1 + bit0 with bits boolean and
    // wordLow a byte (byte bus), so wordLow < 64 and the word key 64 + address >> 2 is the
    // aligned word's (distinct for distinct words, ≥ 64 so never a register); the address
    // itself is the add/sub chip's rs + immediate, its top limb ≤ 126 (byte bus).
    b.assertBoolean(m(C.offsetBit0), "offset bit 0 is boolean")
    b.assertBoolean(m(C.offsetBit1), "offset bit 1 is boolean")
    b.assertEqual(
      m(C.address[0]),
      four * m(C.wordLow) + b.constant(2) * m(C.offsetBit1) + m(C.offsetBit0),
      "address limb 0 splits into word and offset")

    // Page mapping: address1 splits into nibbles (both bytes with 16× them bytes, so each
    // below 16), giving the page; its mapping is older than this row (clk − since − 1 is
    // three range-checked bytes), and the (page, since) lookup has a row only for a page
    // mapped from the start or by an earlier brk.
    C.page.evaluate(&b, address: C.address, clk: m(C.clk), gate: Self.accesses.evaluate(b))
    // Stores only to writable pages (code pages never are).
    b.assertZero(f(.store) * (one - m(C.pageWritable)), "stores go to writable pages")

    // Memory argument: each port's previous access is strictly earlier. timestamp −
    // previous − 1 is three range-checked bytes (< 2^24) on rows where the port is used;
    // timestamps are below 4·(2^22 + 1) < 2^25, so the difference is the integer one.
    for p in Port.allCases {
      let ts = four * m(C.clk) + b.constant(UInt32(p.rawValue))
      b.assertEqual(
        ts - m(C.previous(p)) - one,
        GapColumns(C.difference(p, 0)).value(b), Self.timestampNames[p.rawValue])
    }
  }

  // MARK: - Trace generation

  /// One executed instruction, as the CPU row needs it.
  public struct Row: Sendable, Equatable {
    public var pc: UInt32 = 0
    public var nextPC: UInt32 = 0
    public var newPC: UInt32 = 0
    public var newNextPC: UInt32 = 0
    public var instruction: DecodedInstruction
    public var rsValue: UInt32 = 0
    public var rtValue: UInt32 = 0
    public var result: UInt32 = 0
    public var oldValue: UInt32 = 0
    public var hi: UInt32 = 0
    public var lo: UInt32 = 0
    public var newHi: UInt32 = 0
    public var newLo: UInt32 = 0
    public var taken = false
    public var address: UInt32 = 0
    public var memoryOld: UInt32 = 0
    public var memoryNew: UInt32 = 0
    /// Previous-access timestamps per port (``Port`` order).
    public var previousTimestamps: [UInt32] = [0, 0, 0, 0]
    /// For a load or store: the clks between which its page is mapped (0: from the start;
    /// ``PageColumns/forever``: never unmapped), and whether it is writable.
    public var mappedSince: UInt32 = 0
    public var mappedUntil: UInt32 = PageColumns.forever
    public var pageWritable = false
    /// The run's last row, a load or store of an unmapped page.
    public var unmapped = false
    /// A JR/JALR to a target at or above the address ceiling (the run's fetch fault).
    public var jumpsOut = false

    /// A row for `instruction` (the other fields to be filled in).
    public init(instruction: DecodedInstruction) { self.instruction = instruction }
  }

  /// The trace for `rows` (clk = index + 1), padded with zero rows — HI/LO carried, clk
  /// counting on — to a power of two ≥ max(4, `minimumHeight`); the byte lookups it sends
  /// are added to `lookups`.
  public func generateTrace(_ rows: [Row], lookups: inout ByteLookups, minimumHeight: Int = 4)
    -> RowMajorMatrix
  {
    let C = Columns.self
    let height = paddedHeight(rows.count, minimum: minimumHeight)
    var t = RowMajorMatrix(zerosHeight: height, width: width)
    var hi: UInt32 = 0
    var lo: UInt32 = 0
    for r in 0..<height {
      let clk = UInt32(r + 1)
      t[r, C.clk] = KoalaBear(clk)
      guard r < rows.count else {
        // Padding: next pc = 0 + 4, HI/LO unchanged, every port's difference 0.
        t[r, C.newNextPC] = KoalaBear(4)
        C.hi.write(hi, to: &t, row: r)
        C.lo.write(lo, to: &t, row: r)
        C.newHi.write(hi, to: &t, row: r)
        C.newLo.write(lo, to: &t, row: r)
        for p in Port.allCases { t[r, C.previous(p)] = KoalaBear(4 * clk + UInt32(p.rawValue) - 1) }
        continue
      }
      let row = rows[r]
      let i = row.instruction
      t[r, C.pc] = KoalaBear(row.pc)
      t[r, C.nextPC] = KoalaBear(row.nextPC)
      t[r, C.newPC] = KoalaBear(row.newPC)
      t[r, C.newNextPC] = KoalaBear(row.newNextPC)
      t[r, C.opcode] = KoalaBear(UInt32(i.opcode.rawValue))
      t[r, C.rs] = KoalaBear(UInt32(i.rs))
      t[r, C.rt] = KoalaBear(UInt32(i.rt))
      t[r, C.writeRegister] = KoalaBear(UInt32(i.writeRegister))
      C.immediate.write(i.immediate, to: &t, row: r)
      for bit in Bit.allCases where i.flags.has(bit) { t[r, C.flag(bit)] = .one }
      C.rsValue.write(row.rsValue, to: &t, row: r)
      C.rtValue.write(row.rtValue, to: &t, row: r)
      C.result.write(row.result, to: &t, row: r)
      C.oldValue.write(row.oldValue, to: &t, row: r)
      let f = i.flags
      let a = f.has(.aFromRs) ? row.rsValue : f.has(.aFromRt) ? row.rtValue : 0
      let bValue =
        f.has(.bFromRt)
        ? row.rtValue : f.has(.bFromImmediate) ? i.immediate : f.has(.bFromRs) ? row.rsValue : 0
      C.a.write(a, to: &t, row: r)
      C.b.write(bValue, to: &t, row: r)
      C.hi.write(row.hi, to: &t, row: r)
      C.lo.write(row.lo, to: &t, row: r)
      C.newHi.write(row.newHi, to: &t, row: r)
      C.newLo.write(row.newLo, to: &t, row: r)
      (hi, lo) = (row.newHi, row.newLo)
      t[r, C.taken] = row.taken ? .one : .zero
      if r == rows.count - 1 { t[r, C.halts] = .one }
      if f.has(.fetchFault) && row.address & 3 == 0 { t[r, C.fetchUnmapped] = .one }
      if f.has(.memory) || f.has(.fetchFault) {
        C.address.write(row.address, to: &t, row: r)
        t[r, C.offsetBit0] = KoalaBear(row.address & 1)
        t[r, C.offsetBit1] = KoalaBear((row.address >> 1) & 1)
        t[r, C.wordLow] = KoalaBear((row.address & 0xff) >> 2)
        C.memoryOld.write(row.memoryOld, to: &t, row: r)
        C.memoryNew.write(row.memoryNew, to: &t, row: r)
        C.page.write(
          address: row.address, clk: clk, since: row.mappedSince, until: row.mappedUntil,
          writable: row.pageWritable, to: &t, row: r)
      }
      if row.unmapped { t[r, C.unmapped] = .one }
      if f.has(.linked) && r == rows.count - 1 { t[r, C.linkFault] = .one }
      // After a jump out to a target near 2^32, + 4 wraps in 32 bits but not in the field,
      // where the constraints add: the delay slot's and the fault's next pcs are field sums.
      if r >= 1 && rows[r - 1].jumpsOut && row.newNextPC == row.nextPC &+ 4 {
        t[r, C.newNextPC] = KoalaBear(row.nextPC) + KoalaBear(4)
      }
      if r >= 2 && rows[r - 2].jumpsOut {
        t[r, C.nextPC] = t[r - 1, C.newNextPC]
        t[r, C.newPC] = t[r, C.nextPC]
        t[r, C.newNextPC] = t[r, C.nextPC] + KoalaBear(4)
      }
      if row.jumpsOut {
        t[r, C.jumpsOut] = .one
        if r + 1 < height { t[r + 1, C.nextOut] = .one }
        if r + 2 < height { t[r + 2, C.pcOut] = .one }
      }
      let active: [Port: Bool] = [
        .rs: true, .rt: true, .memory: f.has(.memory) && !row.unmapped, .write: f.has(.writes),
      ]
      for p in Port.allCases {
        let ts = 4 * clk + UInt32(p.rawValue)
        let previous = active[p]! ? row.previousTimestamps[p.rawValue] : ts - 1
        precondition(previous < ts && ts - previous - 1 < 1 << 24, "timestamp gap too large")
        t[r, C.previous(p)] = KoalaBear(previous)
        let d = ts - previous - 1
        GapColumns(C.difference(p, 0)).write(d, to: &t, row: r)
      }
    }
    lookups.record(self, trace: t)
    return t
  }
}
