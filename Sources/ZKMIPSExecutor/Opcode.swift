/// Every MIPS32r2 instruction the machine executes, after decoding.
///
/// This one decoder is shared by the interpreter, the disassembler, the trace and the
/// recorded events, so they can never disagree on what a word means. `invalid` is a
/// reserved instruction (it ends the run with ``FaultKind/reservedInstruction``); that
/// includes every floating-point instruction, since guests are soft-float.
public enum Opcode: UInt8, CaseIterable, Sendable {
  // SPECIAL
  case sll, srl, rotr, sra, sllv, srlv, rotrv, srav, jr, jalr, movz, movn, syscall, `break`, sync
  case mfhi, mthi, mflo, mtlo, mult, multu, div, divu
  case add, addu, sub, subu, and, or, xor, nor, slt, sltu
  case tge, tgeu, tlt, tltu, teq, tne
  // REGIMM
  case bltz, bgez, bltzl, bgezl, tgei, tgeiu, tlti, tltiu, teqi, tnei
  case bltzal, bgezal, bltzall, bgezall, synci
  // Primary
  case j, jal, beq, bne, blez, bgtz, addi, addiu, slti, sltiu, andi, ori, xori, lui
  case beql, bnel, blezl, bgtzl
  // SPECIAL2
  case madd, maddu, mul, msub, msubu, clz, clo
  // SPECIAL3
  case ext, ins, wsbh, seb, seh, rdhwr
  // Loads and stores
  case lb, lh, lwl, lw, lbu, lhu, lwr, sb, sh, swl, sw, swr, ll, sc, pref
  case invalid

  /// The assembler mnemonic.
  public var mnemonic: String {
    switch self {
    case .break: "break"
    case .invalid: "(reserved)"
    default: String(describing: self)
    }
  }

  /// Decodes one instruction word.
  @inlinable @inline(__always)
  public static func decode(_ w: UInt32) -> Opcode {
    switch w >> 26 {
    case 0: return decodeSpecial(w)
    case 1: return decodeRegimm(w)
    case 2: return .j
    case 3: return .jal
    case 4: return .beq
    case 5: return .bne
    case 6: return (w >> 16) & 31 == 0 ? .blez : .invalid
    case 7: return (w >> 16) & 31 == 0 ? .bgtz : .invalid
    case 8: return .addi
    case 9: return .addiu
    case 10: return .slti
    case 11: return .sltiu
    case 12: return .andi
    case 13: return .ori
    case 14: return .xori
    case 15: return (w >> 21) & 31 == 0 ? .lui : .invalid
    case 20: return .beql
    case 21: return .bnel
    case 22: return (w >> 16) & 31 == 0 ? .blezl : .invalid
    case 23: return (w >> 16) & 31 == 0 ? .bgtzl : .invalid
    case 28: return decodeSpecial2(w)
    case 31: return decodeSpecial3(w)
    case 32: return .lb
    case 33: return .lh
    case 34: return .lwl
    case 35: return .lw
    case 36: return .lbu
    case 37: return .lhu
    case 38: return .lwr
    case 40: return .sb
    case 41: return .sh
    case 42: return .swl
    case 43: return .sw
    case 46: return .swr
    case 48: return .ll
    case 51: return .pref
    case 56: return .sc
    default: return .invalid
    }
  }

  @inlinable @inline(__always)
  static func decodeSpecial(_ w: UInt32) -> Opcode {
    let rs = (w >> 21) & 31
    let sa = (w >> 6) & 31
    switch w & 63 {
    case 0: return rs == 0 ? .sll : .invalid
    case 2: return rs == 0 ? .srl : rs == 1 ? .rotr : .invalid
    case 3: return rs == 0 ? .sra : .invalid
    case 4: return sa == 0 ? .sllv : .invalid
    case 6: return sa == 0 ? .srlv : sa == 1 ? .rotrv : .invalid
    case 7: return sa == 0 ? .srav : .invalid
    case 8: return .jr
    case 9: return .jalr
    case 10: return .movz
    case 11: return .movn
    case 12: return .syscall
    case 13: return .break
    case 15: return .sync
    case 16: return .mfhi
    case 17: return .mthi
    case 18: return .mflo
    case 19: return .mtlo
    case 24: return .mult
    case 25: return .multu
    case 26: return .div
    case 27: return .divu
    case 32: return .add
    case 33: return .addu
    case 34: return .sub
    case 35: return .subu
    case 36: return .and
    case 37: return .or
    case 38: return .xor
    case 39: return .nor
    case 42: return .slt
    case 43: return .sltu
    case 48: return .tge
    case 49: return .tgeu
    case 50: return .tlt
    case 51: return .tltu
    case 52: return .teq
    case 54: return .tne
    default: return .invalid
    }
  }

  @inlinable @inline(__always)
  static func decodeRegimm(_ w: UInt32) -> Opcode {
    switch (w >> 16) & 31 {
    case 0: return .bltz
    case 1: return .bgez
    case 2: return .bltzl
    case 3: return .bgezl
    case 8: return .tgei
    case 9: return .tgeiu
    case 10: return .tlti
    case 11: return .tltiu
    case 12: return .teqi
    case 14: return .tnei
    case 16: return .bltzal
    case 17: return .bgezal
    case 18: return .bltzall
    case 19: return .bgezall
    case 31: return .synci
    default: return .invalid
    }
  }

  @inlinable @inline(__always)
  static func decodeSpecial2(_ w: UInt32) -> Opcode {
    switch w & 63 {
    case 0: return .madd
    case 1: return .maddu
    case 2: return .mul
    case 4: return .msub
    case 5: return .msubu
    case 32: return .clz
    case 33: return .clo
    default: return .invalid
    }
  }

  @inlinable @inline(__always)
  static func decodeSpecial3(_ w: UInt32) -> Opcode {
    switch w & 63 {
    case 0: return .ext
    case 4: return .ins
    case 32:
      switch (w >> 6) & 31 {
      case 2: return .wsbh
      case 16: return .seb
      case 24: return .seh
      default: return .invalid
      }
    case 59: return (w >> 11) & 31 == 29 ? .rdhwr : .invalid
    default: return .invalid
    }
  }
}
