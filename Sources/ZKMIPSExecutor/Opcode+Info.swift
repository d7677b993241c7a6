/// The chip (prover table) that will prove an instruction, by ISA area.
public enum ChipKind: String, Sendable, CaseIterable {
  case addSub, bitwise, shift, setLessThan, multiply, divide, countLeading
  case branch, jump, memory, misc, trap, syscall, nop
}

extension Opcode {
  /// The chip that proves this instruction.
  public var chip: ChipKind {
    switch self {
    case .add, .addu, .sub, .subu, .addi, .addiu: .addSub
    case .and, .or, .xor, .nor, .andi, .ori, .xori, .lui: .bitwise
    case .sll, .srl, .sra, .sllv, .srlv, .srav, .rotr, .rotrv: .shift
    case .slt, .sltu, .slti, .sltiu: .setLessThan
    case .mult, .multu, .mul, .madd, .maddu, .msub, .msubu, .mfhi, .mflo, .mthi, .mtlo: .multiply
    case .div, .divu: .divide
    case .clz, .clo: .countLeading
    case .beq, .bne, .blez, .bgtz, .bltz, .bgez, .bltzal, .bgezal, .beql, .bnel, .blezl, .bgtzl,
      .bltzl, .bgezl, .bltzall, .bgezall:
      .branch
    case .j, .jal, .jr, .jalr: .jump
    case .lb, .lh, .lwl, .lw, .lbu, .lhu, .lwr, .sb, .sh, .swl, .sw, .swr, .ll, .sc: .memory
    case .ext, .ins, .wsbh, .seb, .seh, .movn, .movz, .rdhwr: .misc
    case .tge, .tgeu, .tlt, .tltu, .teq, .tne, .tgei, .tgeiu, .tlti, .tltiu, .teqi, .tnei, .break:
      .trap
    case .syscall: .syscall
    case .sync, .synci, .pref, .invalid: .nop
    }
  }

  /// Whether the instruction writes data memory.
  @inlinable public var isStore: Bool {
    switch self {
    case .sb, .sh, .sw, .swl, .swr, .sc: true
    default: false
    }
  }

  /// The general-purpose register this instruction writes when executed (0 = none), given
  /// its word. (MOVN/MOVZ name rd even when the condition leaves it unchanged.)
  public func destinationRegister(_ w: UInt32) -> Int {
    let rt = Int((w >> 16) & 31)
    let rd = Int((w >> 11) & 31)
    switch self {
    case .sll, .srl, .rotr, .sra, .sllv, .srlv, .rotrv, .srav, .movz, .movn, .mfhi, .mflo,
      .add, .addu, .sub, .subu, .and, .or, .xor, .nor, .slt, .sltu, .jalr, .mul, .clz, .clo,
      .wsbh, .seb, .seh:
      return rd
    case .addi, .addiu, .slti, .sltiu, .andi, .ori, .xori, .lui, .ext, .ins, .rdhwr,
      .lb, .lh, .lwl, .lw, .lbu, .lhu, .lwr, .ll, .sc:
      return rt
    case .jal, .bltzal, .bgezal, .bltzall, .bgezall: return 31
    case .syscall: return 2
    default: return 0
    }
  }
}
