import ZKMIPSExecutor

/// What the CPU chip does with an instruction, decoded statically (by the verifier, from
/// the program) and carried in the program table's tuple as Σ 2^bit · flag.
///
/// The first ``classes`` flags are exclusive: exactly one is set for every provable
/// instruction, and the CPU row's "is real" is their sum. The rest modify a class (where
/// the ALU operands come from, branch-likely, link, register write).
///
/// Soundness: the CPU chip constrains each flag column boolean and sends the packed value
/// on the program bus, where it must equal the program table's row for the fetched pc. The
/// packing Σ 2^bit · flag over boolean flags is injective (30 bits: every packed value is
/// below 2^30 < p), so the CPU row's flags *are* the static ones.
public struct InstructionFlags: OptionSet, Sendable, Hashable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Bit positions, in column order.
  public enum Bit: Int, CaseIterable, Sendable {
    // Exclusive classes.
    case alu, mulDiv, multiplyAdd, moveFromHi, moveFromLo, moveToHi, moveToLo, miscImmediate
    case miscMove, branch, trap, jumpImmediate, jumpRegister, memory, syscall, nop, readHardware
    case breakpoint, reserved
    /// Not an instruction: the run's last row, a fetch at a misaligned or unmapped pc (never
    /// in the program table; such a row fetches nothing).
    case fetchFault
    // Modifiers.
    case aFromRs, aFromRt, bFromRt, bFromImmediate, bFromRs, likely, link, writes, linked, store
  }

  /// The flag of `bit`.
  public static func flag(_ bit: Bit) -> InstructionFlags {
    InstructionFlags(rawValue: 1 << bit.rawValue)
  }

  /// The exclusive class bits.
  public static let classes: [Bit] = Array(Bit.allCases[0...Bit.fetchFault.rawValue])

  /// Whether the CPU chip can prove the instruction (some class flag is set).
  public var isProvable: Bool { rawValue & ((1 << UInt32(Self.classes.count)) - 1) != 0 }

  /// The flags of `opcode` (its written register decides ``Bit/writes``).
  public static func decode(_ opcode: Opcode, writeRegister: Int) -> InstructionFlags {
    var f: [Bit] = []
    switch opcode {
    case .addi, .addiu, .slti, .sltiu, .andi, .ori, .xori: f = [.alu, .aFromRs, .bFromImmediate]
    case .lui: f = [.alu, .bFromImmediate]
    case .sll, .srl, .sra, .rotr: f = [.alu, .aFromRt, .bFromImmediate]
    case .sllv, .srlv, .srav, .rotrv: f = [.alu, .aFromRt, .bFromRs]
    case .add, .addu, .sub, .subu, .and, .or, .xor, .nor, .slt, .sltu, .mul, .clz, .clo:
      f = [.alu, .aFromRs, .bFromRt]
    case .mult, .multu, .div, .divu: f = [.mulDiv, .aFromRs, .bFromRt]
    case .madd, .maddu, .msub, .msubu: f = [.multiplyAdd, .aFromRs, .bFromRt]
    case .mfhi: f = [.moveFromHi]
    case .mflo: f = [.moveFromLo]
    case .mthi: f = [.moveToHi]
    case .mtlo: f = [.moveToLo]
    case .ext, .ins, .seb, .seh, .wsbh: f = [.miscImmediate]
    case .movn, .movz: f = [.miscMove]
    case .rdhwr: f = [.readHardware]
    case .beq, .bne: f = [.branch, .aFromRs, .bFromRt]
    case .beql, .bnel: f = [.branch, .aFromRs, .bFromRt, .likely]
    case .blez, .bgtz, .bltz, .bgez: f = [.branch, .aFromRs]
    case .blezl, .bgtzl, .bltzl, .bgezl: f = [.branch, .aFromRs, .likely]
    case .bltzal, .bgezal: f = [.branch, .aFromRs, .link]
    case .bltzall, .bgezall: f = [.branch, .aFromRs, .likely, .link]
    case .teq, .tne, .tge, .tgeu, .tlt, .tltu: f = [.trap, .aFromRs, .bFromRt]
    case .teqi, .tnei, .tgei, .tgeiu, .tlti, .tltiu: f = [.trap, .aFromRs, .bFromImmediate]
    case .j: f = [.jumpImmediate]
    case .jal: f = [.jumpImmediate, .link]
    case .jr: f = [.jumpRegister]
    case .jalr: f = [.jumpRegister, .link]
    case .lb, .lh, .lwl, .lw, .lbu, .lhu, .lwr: f = [.memory]
    case .sb, .sh, .swl, .sw, .swr: f = [.memory, .store]
    case .ll: f = [.memory, .linked]
    case .sc: f = [.memory, .linked, .store]
    case .syscall: f = [.syscall]
    case .sync, .synci, .pref: f = [.nop]
    // BREAK and reserved words always fault: provable only as the run's last row.
    case .break: f = [.breakpoint]
    case .invalid: f = [.reserved]
    }
    var flags = InstructionFlags(f.map(flag))
    if writeRegister != 0 { flags.insert(.flag(.writes)) }
    return flags
  }

  /// Whether `bit` is set.
  public func has(_ bit: Bit) -> Bool { contains(.flag(bit)) }
}
