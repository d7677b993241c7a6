/// Why a guest run ended by an exception rather than by `exit`.
///
/// Each kind is a distinct, documented outcome; the statement a proof proves carries it.
public enum FaultKind: UInt8, Sendable, CaseIterable {
  /// ADD, ADDI or SUB overflowed (signed 32-bit). The destination is left unchanged.
  case integerOverflow = 1
  /// A trap instruction (TEQ, TNE, TGE, ..., TEQI, ...) whose condition held.
  case trap = 2
  /// A BREAK instruction.
  case breakpoint = 3
  /// A word that is not a supported MIPS32r2 integer instruction (including FPU ones), or
  /// an EXT/INS with an UNPREDICTABLE field combination.
  case reservedInstruction = 4
  /// LH/LHU/LW/LL/SH/SW/SC at a misaligned address, or a jump to a pc that is not 4-aligned.
  case unalignedAccess = 5
  /// A load, store or instruction fetch on an unmapped page (or at/above the address
  /// ceiling 0x7f000000).
  case unmappedAccess = 6

  /// The Linux signal a native run would die with; the CLI exits with 128 + this, like a
  /// shell does for `qemu-mipsel`.
  public var signal: Int32 {
    switch self {
    case .integerOverflow: 8  // SIGFPE
    case .trap, .breakpoint: 5  // SIGTRAP
    case .reservedInstruction: 4  // SIGILL
    case .unalignedAccess: 7  // SIGBUS
    case .unmappedAccess: 11  // SIGSEGV
    }
  }

  /// A short human name.
  public var name: String {
    switch self {
    case .integerOverflow: "integer overflow"
    case .trap: "trap"
    case .breakpoint: "breakpoint"
    case .reservedInstruction: "reserved instruction"
    case .unalignedAccess: "unaligned access"
    case .unmappedAccess: "access to unmapped memory"
    }
  }
}

/// A fault with its location.
public struct Fault: Sendable, Equatable, CustomStringConvertible {
  public var kind: FaultKind
  /// The pc of the faulting instruction.
  public var pc: UInt32
  /// The instruction word at `pc` (0 when the fetch itself faulted).
  public var instruction: UInt32
  /// The data or fetch address for access faults; the trap/break code for traps.
  public var detail: UInt32

  /// Whether the fetch itself faulted (a misaligned or unmapped pc): no instruction word.
  public var isFetch: Bool {
    (kind == .unalignedAccess || kind == .unmappedAccess) && instruction == 0 && detail == pc
  }

  public init(kind: FaultKind, pc: UInt32, instruction: UInt32, detail: UInt32) {
    self.kind = kind
    self.pc = pc
    self.instruction = instruction
    self.detail = detail
  }

  public var description: String {
    let at = "at pc 0x\(hex(pc))"
    switch kind {
    case .unalignedAccess, .unmappedAccess:
      if instruction == 0 && detail == pc { return "\(kind.name) fetching the instruction \(at)" }
      return
        "\(kind.name) at address 0x\(hex(detail)) by `\(Disassembler.text(instruction, pc: pc))` \(at)"
    case .trap, .breakpoint:
      return "\(kind.name) (code \(detail)) by `\(Disassembler.text(instruction, pc: pc))` \(at)"
    default:
      return "\(kind.name) by `\(Disassembler.text(instruction, pc: pc))` \(at)"
    }
  }
}

/// How a run ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
  /// The guest called exit or exit_group with this status (low 8 bits, as Linux reports).
  case exited(UInt8)
  /// The guest raised an exception.
  case fault(Fault)
  /// The cycle limit was reached before the guest ended; the run is incomplete.
  case cycleLimit(UInt64)

  /// The process exit code a shell would see: the guest's status, 128 + signal for a
  /// fault, 124 when the cycle limit cut the run short.
  public var processExitCode: Int32 {
    switch self {
    case .exited(let c): Int32(c)
    case .fault(let f): 128 + f.kind.signal
    case .cycleLimit: 124
    }
  }

  public var description: String {
    switch self {
    case .exited(let c): "exited with status \(c)"
    case .fault(let f): "guest fault: \(f)"
    case .cycleLimit(let n): "cycle limit of \(n) reached before the guest exited"
    }
  }
}

@usableFromInline func hex(_ v: UInt32) -> String {
  let s = String(v, radix: 16)
  return String(repeating: "0", count: max(0, 8 - s.count)) + s
}
