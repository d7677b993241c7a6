/// Turns instruction words into assembler text, e.g. `addiu $sp, $sp, -32`.
public enum Disassembler {
  /// Conventional o32 register names, $0...$31.
  public static let registerNames = [
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6",
    "t7", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp",
    "ra",
  ]

  /// `$name` of register `index`.
  public static func register(_ index: Int) -> String { "$" + registerNames[index & 31] }

  /// The assembler text of `w`; `pc` (the instruction's address) resolves branch targets.
  public static func text(_ w: UInt32, pc: UInt32) -> String {
    let op = Opcode.decode(w)
    let rs = register(Int((w >> 21) & 31))
    let rt = register(Int((w >> 16) & 31))
    let rd = register(Int((w >> 11) & 31))
    let sa = (w >> 6) & 31
    let simm = Int32(Int16(truncatingIfNeeded: w))
    let uimm = w & 0xffff
    let branchTarget = "0x" + String(pc &+ 4 &+ (UInt32(bitPattern: simm) << 2), radix: 16)
    let m = op.mnemonic
    switch op {
    case .sll where w == 0: return "nop"
    case .sll, .srl, .sra, .rotr: return "\(m) \(rd), \(rt), \(sa)"
    case .sllv, .srlv, .srav, .rotrv: return "\(m) \(rd), \(rt), \(rs)"
    case .jr: return "jr \(rs)"
    case .jalr: return "jalr \(rd), \(rs)"
    case .syscall, .sync: return m
    case .break: return "break \((w >> 16) & 0x3ff)"
    case .mfhi, .mflo: return "\(m) \(rd)"
    case .mthi, .mtlo: return "\(m) \(rs)"
    // DIV and DIVU take the explicit $zero destination: the two-operand form is an
    // assembler macro that adds a divide-by-zero check.
    case .div, .divu: return "\(m) $zero, \(rs), \(rt)"
    case .mult, .multu, .madd, .maddu, .msub, .msubu: return "\(m) \(rs), \(rt)"
    case .tge, .tgeu, .tlt, .tltu, .teq, .tne: return "\(m) \(rs), \(rt), \((w >> 6) & 0x3ff)"
    case .tgei, .tgeiu, .tlti, .tltiu, .teqi, .tnei: return "\(m) \(rs), \(simm)"
    case .bltz, .bgez, .bltzl, .bgezl, .bltzal, .bgezal, .bltzall, .bgezall, .blez, .bgtz, .blezl,
      .bgtzl:
      if op == .bgezal && (w >> 21) & 31 == 0 { return "bal \(branchTarget)" }
      return "\(m) \(rs), \(branchTarget)"
    case .beq, .bne, .beql, .bnel: return "\(m) \(rs), \(rt), \(branchTarget)"
    case .synci: return "synci \(simm)(\(rs))"
    case .j, .jal:
      return "\(m) 0x" + String(((pc &+ 4) & 0xf000_0000) | ((w & 0x03ff_ffff) << 2), radix: 16)
    case .addi, .addiu, .slti, .sltiu: return "\(m) \(rt), \(rs), \(simm)"
    case .andi, .ori, .xori: return "\(m) \(rt), \(rs), 0x\(String(uimm, radix: 16))"
    case .lui: return "lui \(rt), 0x\(String(uimm, radix: 16))"
    case .mul, .movz, .movn, .add, .addu, .sub, .subu, .and, .or, .xor, .nor, .slt, .sltu:
      return "\(m) \(rd), \(rs), \(rt)"
    case .clz, .clo: return "\(m) \(rd), \(rs)"
    case .ext: return "ext \(rt), \(rs), \(sa), \(((w >> 11) & 31) + 1)"
    case .ins:
      return "ins \(rt), \(rs), \(sa), \(Int((w >> 11) & 31) - Int(sa) + 1)"
    case .wsbh, .seb, .seh: return "\(m) \(rd), \(rt)"
    case .rdhwr: return "rdhwr \(rt), $29"
    case .lb, .lh, .lwl, .lw, .lbu, .lhu, .lwr, .sb, .sh, .swl, .sw, .swr, .ll, .sc:
      return "\(m) \(rt), \(simm)(\(rs))"
    case .pref: return "pref \((w >> 16) & 31), \(simm)(\(rs))"
    case .invalid: return ".word 0x" + hex(w)
    }
  }
}
