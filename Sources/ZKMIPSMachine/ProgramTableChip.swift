import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// One instruction of the program, decoded statically (by the verifier, from the ELF).
public struct DecodedInstruction: Sendable, Equatable {
  /// The instruction's address.
  public var pc: UInt32
  /// The decoded opcode (``ZKMIPSExecutor/Opcode/invalid`` for a reserved word).
  public var opcode: Opcode
  /// Source register indices (bits 25..21 and 20..16 of the word).
  public var rs: Int
  public var rt: Int
  /// The register the instruction writes, or 0 when it writes none or writes `$zero` (so a
  /// write to `$zero` has nowhere to go).
  public var writeRegister: Int
  /// The constant the instruction computes with (see ``ProgramTableChip/immediate(_:_:pc:)``).
  public var immediate: UInt32
  /// Which chip proves it.
  public var kind: ChipKind
  /// What the CPU chip does with it.
  public var flags: InstructionFlags

  /// Decodes the word `w` at `pc`.
  ///
  /// The register fields are the memory-argument keys the CPU reads: bits 25..21 and
  /// 20..16, except SYSCALL (rs = `$v0`, the number, and rt = `$a0`) and RDHWR (rs = the
  /// thread-pointer key, ``MemoryKey/threadPointer``).
  public init(word w: UInt32, pc: UInt32) {
    self.pc = pc
    opcode = Opcode.decode(w)
    switch opcode {
    case .syscall: (rs, rt) = (2, 4)
    case .rdhwr: (rs, rt) = (Int(MemoryKey.threadPointer), Int((w >> 16) & 31))
    default: (rs, rt) = (Int((w >> 21) & 31), Int((w >> 16) & 31))
    }
    writeRegister = opcode.destinationRegister(w)
    immediate = ProgramTableChip.immediate(w, opcode, pc: pc)
    kind = opcode.chip
    flags = InstructionFlags.decode(opcode, writeRegister: writeRegister)
  }
}

/// The program table: one preprocessed row per instruction word of the program's executable
/// segments, holding its address and statically decoded fields. The CPU chip fetches every
/// executed instruction from it over ``MachineBus/program``.
///
/// Soundness: the rows are computed by the verifier from the ELF (they are preprocessed, so
/// their commitment is part of the verifying key and identifies the program); the table has
/// no constraints because it only *receives*, with a free multiplicity, tuples that are true
/// by construction. Padding rows have `present = 0` and every fetch sends `present = 1`, so
/// no fetch can match a padding row (which would otherwise decode as `sll $0,$0,0` at pc 0).
///
/// Bus tuple: (present, pc, opcode value, rs, rt, writeRegister, flags, immediate limbs 0..3),
/// flags being ``InstructionFlags``' packed value.
public struct ProgramTableChip: AIR {
  /// The decoded instructions, in address order.
  public let instructions: [DecodedInstruction]

  /// The least height of the table.
  public let minimumHeight: Int

  /// The table of `program`'s executable (PF_X) segments, at least `minimumHeight` rows.
  public init(program: ELFProgram, minimumHeight: Int = 4) {
    self.minimumHeight = minimumHeight
    var rows: [DecodedInstruction] = []
    for s in program.segments where s.flags & 1 != 0 {
      var offset = 0
      while offset + 4 <= Int(s.memorySize) {
        var w: UInt32 = 0
        for k in 0..<4 where offset + k < s.data.count {
          w |= UInt32(s.data[offset + k]) << (8 * k)
        }
        rows.append(DecodedInstruction(word: w, pc: s.virtualAddress &+ UInt32(offset)))
        offset += 4
      }
    }
    instructions = rows
  }

  /// Preprocessed column layout.
  public enum Columns {
    public static let present = 0
    public static let pc = 1
    public static let opcode = 2
    public static let rs = 3
    public static let rt = 4
    public static let writeRegister = 5
    public static let flags = 6
    public static let immediate = WordColumns(7)
    public static let width = immediate.end
  }

  public var name: String { "program" }
  /// One main column: how many times each instruction was fetched.
  public var width: Int { 1 }
  public var preprocessedWidth: Int { Columns.width }
  public var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.program, direction: .receive,
        values: (0..<Columns.width).map { .preprocessed($0) }, multiplicity: .main(0))
    ]
  }

  /// Table height: the instruction count rounded up to a power of two (at least
  /// ``minimumHeight``).
  public var height: Int { paddedHeight(instructions.count, minimum: minimumHeight) }

  /// The bus tuple of one instruction (what a fetch of it must send).
  public static func tuple(_ i: DecodedInstruction) -> [KoalaBear] {
    [
      .one, KoalaBear(i.pc), KoalaBear(UInt32(i.opcode.rawValue)), KoalaBear(UInt32(i.rs)),
      KoalaBear(UInt32(i.rt)), KoalaBear(UInt32(i.writeRegister)), KoalaBear(i.flags.rawValue),
    ] + WordColumns.limbs(of: i.immediate).map { KoalaBear($0) }
  }

  public func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: Columns.width)
    for (row, i) in instructions.enumerated() {
      for (c, v) in Self.tuple(i).enumerated() { m[row, c] = v }
    }
    return m
  }

  /// The table has no constraints (see the type's soundness note).
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {}

  /// The multiplicity column for a run that fetched the instructions at `pcs` (one entry
  /// per executed step).
  ///
  /// - Precondition: every pc is an instruction of the program.
  public func generateTrace(fetched pcs: [UInt32]) -> RowMajorMatrix {
    var index: [UInt32: Int] = [:]
    for (row, i) in instructions.enumerated() { index[i.pc] = row }
    var counts = [UInt32](repeating: 0, count: height)
    for pc in pcs { counts[index[pc]!] += 1 }
    return RowMajorMatrix(values: counts.map { KoalaBear($0) }, width: 1)
  }

  /// The constant an instruction computes with, by form:
  /// - immediate ALU forms and traps: the ALU operand (sign-extended; zero-extended for
  ///   ANDI/ORI/XORI; the raw 16 bits for LUI), as in ``ZKMIPSExecutor/ALUEvent``;
  /// - shifts by a constant: the shift amount;
  /// - loads, stores, PREF, SYNCI: the sign-extended offset;
  /// - branches, J, JAL: the absolute target (pc + 4 + offset × 4 for branches), or 1 — no
  ///   instruction's address — when it is at or above ``ZKMIPSExecutor/GuestMemory/addressCeiling``
  ///   (the executor faults there; as a field element such a target could wrap onto a
  ///   program address);
  /// - EXT, INS: lsb | (msb or size − 1) << 8, the two 5-bit fields;
  /// - BREAK and register traps: the code; everything else 0.
  public static func immediate(_ w: UInt32, _ op: Opcode, pc: UInt32) -> UInt32 {
    let signed = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w)))
    switch op {
    case .addi, .addiu, .slti, .sltiu, .teqi, .tnei, .tgei, .tgeiu, .tlti, .tltiu: return signed
    case .andi, .ori, .xori, .lui: return w & 0xffff
    case .sll, .srl, .sra, .rotr: return (w >> 6) & 31
    case .lb, .lh, .lwl, .lw, .lbu, .lhu, .lwr, .sb, .sh, .swl, .sw, .swr, .ll, .sc, .pref, .synci:
      return signed
    case .beq, .bne, .blez, .bgtz, .bltz, .bgez, .bltzal, .bgezal, .beql, .bnel, .blezl, .bgtzl,
      .bltzl,
      .bgezl, .bltzall, .bgezall:
      return legalTarget(pc &+ 4 &+ (signed << 2))
    case .j, .jal: return legalTarget(((pc &+ 4) & 0xf000_0000) | ((w & 0x03ff_ffff) << 2))
    case .ext, .ins: return ((w >> 6) & 31) | ((w >> 11) & 31) << 8
    case .break: return (w >> 16) & 0x3ff
    case .tge, .tgeu, .tlt, .tltu, .teq, .tne: return (w >> 6) & 0x3ff
    default: return 0
    }
  }

  /// `target`, or 1 when no instruction can be there.
  static func legalTarget(_ target: UInt32) -> UInt32 {
    target < GuestMemory.addressCeiling ? target : 1
  }
}
