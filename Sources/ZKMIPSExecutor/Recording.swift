/// Receives what the interpreter did, one step at a time.
///
/// The interpreter is specialised per recorder type; with ``isRecording`` false (see
/// ``NoRecorder``) the compiler removes every recording branch, so plain runs pay nothing.
public protocol ExecutionRecorder {
  /// Whether the interpreter should build ``StepRecord``s at all.
  static var isRecording: Bool { get }
  /// Called after every executed instruction (including a syscall and a not-taken
  /// branch-likely; a faulting instruction is not executed and not recorded).
  mutating func record(_ step: StepRecord)
  /// Called by a syscall for each guest memory word it reads or writes (the buffers of
  /// read and write), and once per syscall with its arguments and results.
  mutating func recordSyscall(_ event: SyscallEvent)
}

/// The recorder of plain runs: records nothing.
public struct NoRecorder: ExecutionRecorder {
  public init() {}
  @inlinable public static var isRecording: Bool { false }
  @inlinable public mutating func record(_ step: StepRecord) {}
  @inlinable public mutating func recordSyscall(_ event: SyscallEvent) {}
}

/// Kind of data-memory access made by one step.
public enum MemoryAccessKind: UInt8, Sendable {
  case none, read, write
}

/// Everything one executed instruction read and wrote: the row of the execution trace.
public struct StepRecord: Sendable, Equatable {
  /// Address of the instruction.
  public var pc: UInt32 = 0
  /// The address that was to follow it (the delay slot for a branch).
  public var nextPC: UInt32 = 0
  /// The (pc, nextPC) state after the step: normally (nextPC, target or nextPC + 4); a
  /// not-taken branch-likely skips its delay slot.
  public var newPC: UInt32 = 0
  public var newNextPC: UInt32 = 0
  /// The instruction word.
  public var instruction: UInt32 = 0
  /// Value of register rs (bits 25..21) before the step.
  public var rsValue: UInt32 = 0
  /// Value of register rt (bits 20..16) before the step.
  public var rtValue: UInt32 = 0
  /// Register written by the step (0 = none; writes to $0 are discarded).
  public var destination: UInt8 = 0
  /// Its value after the step.
  public var destinationValue: UInt32 = 0
  /// HI and LO after the step.
  public var hi: UInt32 = 0
  public var lo: UInt32 = 0
  /// Data-memory access: the aligned word address, the word before and after.
  public var memoryAccess: MemoryAccessKind = .none
  public var memoryAddress: UInt32 = 0
  public var memoryBefore: UInt32 = 0
  public var memoryAfter: UInt32 = 0

  public init() {}

  public init(pc: UInt32, nextPC: UInt32, instruction: UInt32, rsValue: UInt32, rtValue: UInt32) {
    self.pc = pc
    self.nextPC = nextPC
    self.instruction = instruction
    self.rsValue = rsValue
    self.rtValue = rtValue
  }

  /// The decoded opcode.
  public var opcode: Opcode { Opcode.decode(instruction) }
  /// Index of rs.
  public var rs: Int { Int((instruction >> 21) & 31) }
  /// Index of rt.
  public var rt: Int { Int((instruction >> 16) & 31) }
}

/// One system call: its number, arguments, results and the guest bytes it moved.
public struct SyscallEvent: Sendable, Equatable {
  /// The cycle (step index) of the syscall instruction.
  public var cycle: UInt64
  /// $v0 on entry (4000 + Linux o32 number).
  public var number: UInt32
  /// $a0...$a3 on entry.
  public var arguments: [UInt32]
  /// $v0 and $a3 on return.
  public var result: UInt32
  public var errorFlag: UInt32
  /// For read: the bytes stored into guest memory; for write: the bytes taken from it.
  public var data: [UInt8]
  /// The guest buffer address of `data`.
  public var bufferAddress: UInt32

  public init(
    cycle: UInt64, number: UInt32, arguments: [UInt32], result: UInt32, errorFlag: UInt32,
    data: [UInt8] = [], bufferAddress: UInt32 = 0
  ) {
    self.cycle = cycle
    self.number = number
    self.arguments = arguments
    self.result = result
    self.errorFlag = errorFlag
    self.data = data
    self.bufferAddress = bufferAddress
  }
}
