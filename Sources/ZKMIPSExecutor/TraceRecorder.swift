/// Records what the prover will need: every step, plus typed events, one array per chip,
/// and the register/memory accesses of the offline memory argument with their timestamps.
///
/// Events are derived from the ``StepRecord`` by the one shared decoder, so the executor's
/// hot loop only fills a step record when recording is on.
public struct TraceRecorder: ExecutionRecorder {
  public static var isRecording: Bool { true }

  /// Whether to keep the per-step records (the trace); the events are always kept.
  public var keepsSteps: Bool
  /// Upper bound on kept steps (the `trace` command only needs the first rows).
  public var stepLimit: Int

  public private(set) var steps: [StepRecord] = []
  /// ALU-like instructions, one array per chip (addSub, bitwise, shift, setLessThan,
  /// multiply, divide, countLeading, misc, trap).
  public private(set) var alu: [ChipKind: [ALUEvent]] = [:]
  public private(set) var branches: [BranchEvent] = []
  public private(set) var jumps: [JumpEvent] = []
  public private(set) var memoryInstructions: [MemoryInstructionEvent] = []
  public private(set) var syscalls: [SyscallEvent] = []
  /// Register and memory-word accesses in execution order, each with the value and
  /// timestamp of the previous access to the same location (offline memory checking).
  public private(set) var accesses: [MemoryAccessEvent] = []

  private var cycle: UInt32 = 0
  private var registerState = [(value: UInt32, timestamp: UInt32)](repeating: (0, 0), count: 34)
  private var memoryState: [UInt32: (value: UInt32, timestamp: UInt32)] = [:]
  /// Initial values of memory words first touched by the run (what memory init must prove).
  public private(set) var initialMemory: [UInt32: UInt32] = [:]

  public init(keepsSteps: Bool = true, stepLimit: Int = .max) {
    self.keepsSteps = keepsSteps
    self.stepLimit = stepLimit
  }

  /// Register indices 32 and 33 stand for HI and LO in ``MemoryAccessEvent/address``.
  public static let hiRegister: UInt32 = 32
  public static let loRegister: UInt32 = 33

  public mutating func record(_ s: StepRecord) {
    if keepsSteps && steps.count < stepLimit { steps.append(s) }
    let op = s.opcode
    let w = s.instruction
    let ts = cycle &* 8  // room for up to 8 accesses per step, in order
    // Register reads (rs then rt), in the order the memory argument consumes them.
    registerAccess(UInt32(s.rs), value: s.rsValue, timestamp: ts &+ 1, write: false)
    registerAccess(UInt32(s.rt), value: s.rtValue, timestamp: ts &+ 2, write: false)
    if s.memoryAccess != .none {
      memoryAccess(
        s.memoryAddress, before: s.memoryBefore, after: s.memoryAfter, timestamp: ts &+ 3)
    }
    if s.destination != 0 {
      registerAccess(
        UInt32(s.destination), value: s.destinationValue, timestamp: ts &+ 4, write: true)
    }
    registerAccess(Self.hiRegister, value: s.hi, timestamp: ts &+ 5, write: true)
    registerAccess(Self.loRegister, value: s.lo, timestamp: ts &+ 6, write: true)

    switch op.chip {
    case .branch:
      let target = s.pc &+ 4 &+ (UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w))) << 2)
      branches.append(
        BranchEvent(
          cycle: cycle, opcode: op, pc: s.pc, a: s.rsValue, b: s.rtValue, target: target,
          taken: s.newNextPC == target && s.newPC == s.nextPC))
    case .jump:
      let target =
        op == .j || op == .jal
        ? ((s.pc &+ 4) & 0xf000_0000) | ((w & 0x03ff_ffff) << 2) : s.rsValue
      jumps.append(JumpEvent(cycle: cycle, opcode: op, pc: s.pc, target: target))
    case .memory:
      memoryInstructions.append(
        MemoryInstructionEvent(
          cycle: cycle, opcode: op,
          address: s.rsValue &+ UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w))),
          wordBefore: s.memoryBefore, wordAfter: s.memoryAfter, rtBefore: s.rtValue,
          result: s.destinationValue))
    case .syscall, .nop:
      break
    default:
      let (a, b) = Self.aluOperands(s, op)
      alu[op.chip, default: []].append(
        ALUEvent(
          cycle: cycle, opcode: op, a: a, b: b, result: s.destinationValue, hi: s.hi, lo: s.lo))
    }
    cycle &+= 1
  }

  /// The two operands an ALU-like instruction computes with (see ``ALUEvent``).
  static func aluOperands(_ s: StepRecord, _ op: Opcode) -> (UInt32, UInt32) {
    let w = s.instruction
    let signed = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w)))
    switch op {
    case .addi, .addiu, .slti, .sltiu, .teqi, .tnei, .tgei, .tgeiu, .tlti, .tltiu:
      return (s.rsValue, signed)
    case .andi, .ori, .xori: return (s.rsValue, w & 0xffff)
    case .lui: return (0, w & 0xffff)
    case .sll, .srl, .sra, .rotr: return (s.rtValue, (w >> 6) & 31)
    case .sllv, .srlv, .srav, .rotrv: return (s.rtValue, s.rsValue)
    case .seb, .seh, .wsbh: return (s.rtValue, 0)
    default: return (s.rsValue, s.rtValue)
    }
  }

  public mutating func recordSyscall(_ event: SyscallEvent) {
    syscalls.append(event)
    // The bytes a read stored and a write took are memory accesses too.
    let ts = cycle &* 8 &+ 7
    var address = event.bufferAddress & ~3
    let end = UInt64(event.bufferAddress) + UInt64(event.data.count)
    let isRead = event.number == Kernel.Number.read.rawValue
    while UInt64(address) < end {
      let before = memoryState[address]?.value ?? 0
      var after = before
      if isRead {
        for k in 0..<4 {
          let byteAddress = address &+ UInt32(k)
          if byteAddress >= event.bufferAddress && UInt64(byteAddress) < end {
            let b = UInt32(event.data[Int(byteAddress - event.bufferAddress)])
            after = (after & ~(0xff << (8 * k))) | (b << (8 * k))
          }
        }
      }
      memoryAccess(address, before: before, after: after, timestamp: ts, knownBefore: false)
      address &+= 4
    }
  }

  private mutating func registerAccess(_ r: UInt32, value: UInt32, timestamp: UInt32, write: Bool) {
    let prev = registerState[Int(r)]
    accesses.append(
      MemoryAccessEvent(
        space: .register, address: r, value: value, previousValue: prev.value,
        timestamp: timestamp, previousTimestamp: prev.timestamp))
    registerState[Int(r)] = (value, timestamp)
  }

  private mutating func memoryAccess(
    _ address: UInt32, before: UInt32, after: UInt32, timestamp: UInt32, knownBefore: Bool = true
  ) {
    let prev: (value: UInt32, timestamp: UInt32)
    if let p = memoryState[address] {
      prev = p
    } else {
      // First touch: the previous value comes from the initial image (timestamp 0).
      prev = (before, 0)
      initialMemory[address] = before
    }
    accesses.append(
      MemoryAccessEvent(
        space: .memory, address: address, value: after, previousValue: prev.value,
        timestamp: timestamp, previousTimestamp: prev.timestamp))
    memoryState[address] = (after, timestamp)
  }
}

/// An ALU-like instruction: the operands it computes with and the result it writes.
///
/// Operands by form: register forms (a, b) = (rs, rt); immediate forms (rs, the immediate
/// sign-extended — zero-extended for ANDI/ORI/XORI); LUI (0, immediate); shifts by `sa`
/// (rt, sa) and by register (rt, rs); SEB/SEH/WSBH (rt, 0). EXT/INS take their field
/// positions from the instruction.
public struct ALUEvent: Sendable, Equatable {
  public var cycle: UInt32
  public var opcode: Opcode
  public var a: UInt32
  public var b: UInt32
  /// The destination register's value after the step.
  public var result: UInt32
  /// HI and LO after the step.
  public var hi: UInt32
  public var lo: UInt32

  /// An event with these fields (for tests and tools that synthesise events).
  public init(
    cycle: UInt32, opcode: Opcode, a: UInt32, b: UInt32, result: UInt32, hi: UInt32 = 0, lo: UInt32 = 0
  ) {
    self.cycle = cycle
    self.opcode = opcode
    self.a = a
    self.b = b
    self.result = result
    self.hi = hi
    self.lo = lo
  }
}

/// A conditional branch: its operands and the target it would take.
public struct BranchEvent: Sendable, Equatable {
  public var cycle: UInt32
  public var opcode: Opcode
  public var pc: UInt32
  public var a: UInt32
  public var b: UInt32
  public var target: UInt32
  /// Whether control went to `target` after the delay slot.
  public var taken: Bool
}

/// An unconditional jump and its target.
public struct JumpEvent: Sendable, Equatable {
  public var cycle: UInt32
  public var opcode: Opcode
  public var pc: UInt32
  public var target: UInt32
}

/// A load or store: effective address and the aligned word before and after.
public struct MemoryInstructionEvent: Sendable, Equatable {
  public var cycle: UInt32
  public var opcode: Opcode
  public var address: UInt32
  public var wordBefore: UInt32
  public var wordAfter: UInt32
  public var rtBefore: UInt32
  public var result: UInt32
}

/// One access of the offline memory argument: it consumes (address, previousValue,
/// previousTimestamp) and produces (address, value, timestamp).
public struct MemoryAccessEvent: Sendable, Equatable {
  public enum Space: UInt8, Sendable { case register, memory }
  public var space: Space
  public var address: UInt32
  public var value: UInt32
  public var previousValue: UInt32
  public var timestamp: UInt32
  public var previousTimestamp: UInt32
}
