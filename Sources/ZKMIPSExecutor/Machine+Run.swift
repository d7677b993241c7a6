extension Machine {
  /// Runs until exit, fault or `maxCycles` total instructions, reporting every step to
  /// `recorder`.
  ///
  /// The interpreter is generic over the recorder so that with ``NoRecorder`` (plain
  /// `run`) every recording branch is removed at compile time and costs nothing.
  public func run<R: ExecutionRecorder>(maxCycles: UInt64, recorder: inout R) -> ExitStatus {
    if let done = exitStatus { return done }
    var pc = self.pc
    var next = self.nextPC
    var hi = self.hi
    var lo = self.lo
    var cycles = self.cycles
    let regs = self.regs
    let pages = memory.pages
    defer {
      self.pc = pc
      self.nextPC = next
      self.hi = hi
      self.lo = lo
      self.cycles = cycles
    }

    // Ends the run on an exception at the current pc; registers keep their values.
    func fault(_ kind: FaultKind, _ w: UInt32, _ detail: UInt32) -> ExitStatus {
      let s = ExitStatus.fault(Fault(kind: kind, pc: pc, instruction: w, detail: detail))
      exitStatus = s
      return s
    }

    while true {
      if cycles >= maxCycles { return .cycleLimit(maxCycles) }
      guard pc & 3 == 0 else { return fault(.unalignedAccess, 0, pc) }
      guard let page = pages[Int(pc &>> 12)] else { return fault(.unmappedAccess, 0, pc) }
      let w = UInt32(
        littleEndian: UnsafeRawPointer(page + Int(pc & 0xfff)).load(as: UInt32.self))
      let rs = Int((w &>> 21) & 31)
      let rt = Int((w &>> 16) & 31)
      let rd = Int((w &>> 11) & 31)
      let sa = (w &>> 6) & 31
      let imm = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w)))
      let a = regs[rs]
      let b = regs[rt]
      var newNext = next &+ 4
      var step = StepRecord()
      if R.isRecording {
        step = StepRecord(pc: pc, nextPC: next, instruction: w, rsValue: a, rtValue: b)
      }

      let op = Opcode.decode(w)
      switch op {
      // MARK: ALU, register operands
      case .sll: regs[rd] = b &<< sa
      case .srl: regs[rd] = b &>> sa
      case .rotr: regs[rd] = (b &>> sa) | (b &<< ((32 &- sa) & 31))
      case .sra: regs[rd] = UInt32(bitPattern: Int32(bitPattern: b) &>> Int32(sa))
      case .sllv: regs[rd] = b &<< (a & 31)
      case .srlv: regs[rd] = b &>> (a & 31)
      case .rotrv: regs[rd] = (b &>> (a & 31)) | (b &<< ((32 &- (a & 31)) & 31))
      case .srav: regs[rd] = UInt32(bitPattern: Int32(bitPattern: b) &>> Int32(a & 31))
      case .movz: if b == 0 { regs[rd] = a }
      case .movn: if b != 0 { regs[rd] = a }
      case .mfhi: regs[rd] = hi
      case .mthi: hi = a
      case .mflo: regs[rd] = lo
      case .mtlo: lo = a
      case .mult:
        let p = Int64(Int32(bitPattern: a)) &* Int64(Int32(bitPattern: b))
        hi = UInt32(truncatingIfNeeded: p &>> 32)
        lo = UInt32(truncatingIfNeeded: p)
      case .multu:
        let p = UInt64(a) &* UInt64(b)
        hi = UInt32(truncatingIfNeeded: p &>> 32)
        lo = UInt32(truncatingIfNeeded: p)
      case .div:
        // Division by zero and INT_MIN / −1 are UNPREDICTABLE in MIPS32; like qemu we
        // divide by 1 instead (LO = rs, HI = 0), which is also INT_MIN / −1 mod 2^32.
        let x = Int32(bitPattern: a)
        let y = Int32(bitPattern: b)
        if y == 0 || (x == .min && y == -1) {
          lo = a
          hi = 0
        } else {
          lo = UInt32(bitPattern: x / y)
          hi = UInt32(bitPattern: x % y)
        }
      case .divu:
        if b == 0 {
          lo = a
          hi = 0
        } else {
          lo = a / b
          hi = a % b
        }
      case .add:
        let (r, o) = Int32(bitPattern: a).addingReportingOverflow(Int32(bitPattern: b))
        if o { return fault(.integerOverflow, w, 0) }
        regs[rd] = UInt32(bitPattern: r)
      case .addu: regs[rd] = a &+ b
      case .sub:
        let (r, o) = Int32(bitPattern: a).subtractingReportingOverflow(Int32(bitPattern: b))
        if o { return fault(.integerOverflow, w, 0) }
        regs[rd] = UInt32(bitPattern: r)
      case .subu: regs[rd] = a &- b
      case .and: regs[rd] = a & b
      case .or: regs[rd] = a | b
      case .xor: regs[rd] = a ^ b
      case .nor: regs[rd] = ~(a | b)
      case .slt: regs[rd] = Int32(bitPattern: a) < Int32(bitPattern: b) ? 1 : 0
      case .sltu: regs[rd] = a < b ? 1 : 0
      // MARK: Traps
      case .tge:
        if Int32(bitPattern: a) >= Int32(bitPattern: b) {
          return fault(.trap, w, (w &>> 6) & 0x3ff)
        }
      case .tgeu: if a >= b { return fault(.trap, w, (w &>> 6) & 0x3ff) }
      case .tlt:
        if Int32(bitPattern: a) < Int32(bitPattern: b) { return fault(.trap, w, (w &>> 6) & 0x3ff) }
      case .tltu: if a < b { return fault(.trap, w, (w &>> 6) & 0x3ff) }
      case .teq: if a == b { return fault(.trap, w, (w &>> 6) & 0x3ff) }
      case .tne: if a != b { return fault(.trap, w, (w &>> 6) & 0x3ff) }
      case .tgei: if Int32(bitPattern: a) >= Int32(bitPattern: imm) { return fault(.trap, w, 0) }
      case .tgeiu: if a >= imm { return fault(.trap, w, 0) }
      case .tlti: if Int32(bitPattern: a) < Int32(bitPattern: imm) { return fault(.trap, w, 0) }
      case .tltiu: if a < imm { return fault(.trap, w, 0) }
      case .teqi: if a == imm { return fault(.trap, w, 0) }
      case .tnei: if a != imm { return fault(.trap, w, 0) }
      case .break: return fault(.breakpoint, w, (w &>> 16) & 0x3ff)
      case .sync, .synci, .pref: break
      case .syscall:
        let outcome = kernel.syscall(machine: self, regs: regs, cycle: cycles, recorder: &recorder)
        cycles &+= 1
        if R.isRecording {
          step.newPC = next
          step.newNextPC = newNext
          finishRecord(&step, op: op, w: w, hi: hi, lo: lo, recorder: &recorder)
        }
        if let status = outcome {
          exitStatus = status
          pc = next
          next = newNext
          return status
        }
        pc = next
        next = newNext
        continue
      // MARK: Jumps and branches (targets relative to the delay slot, pc + 4)
      case .j: newNext = ((pc &+ 4) & 0xf000_0000) | ((w & 0x03ff_ffff) &<< 2)
      case .jal:
        regs[31] = pc &+ 8
        newNext = ((pc &+ 4) & 0xf000_0000) | ((w & 0x03ff_ffff) &<< 2)
      case .jr: newNext = a
      case .jalr:
        regs[rd] = pc &+ 8
        newNext = a
      case .beq: if a == b { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .bne: if a != b { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .blez: if Int32(bitPattern: a) <= 0 { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .bgtz: if Int32(bitPattern: a) > 0 { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .bltz: if Int32(bitPattern: a) < 0 { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .bgez: if Int32(bitPattern: a) >= 0 { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .bltzal:
        regs[31] = pc &+ 8
        if Int32(bitPattern: a) < 0 { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .bgezal:
        regs[31] = pc &+ 8
        if Int32(bitPattern: a) >= 0 { newNext = pc &+ 4 &+ (imm &<< 2) }
      case .beql, .bnel, .blezl, .bgtzl, .bltzl, .bgezl, .bltzall, .bgezall:
        let s = Int32(bitPattern: a)
        let taken: Bool
        switch op {
        case .beql: taken = a == b
        case .bnel: taken = a != b
        case .blezl: taken = s <= 0
        case .bgtzl: taken = s > 0
        case .bltzl, .bltzall: taken = s < 0
        default: taken = s >= 0
        }
        if op == .bltzall || op == .bgezall { regs[31] = pc &+ 8 }
        if taken {
          newNext = pc &+ 4 &+ (imm &<< 2)
        } else {
          // Not taken: the delay slot is nullified (skipped entirely).
          regs[0] = 0
          cycles &+= 1
          if R.isRecording {
            step.newPC = next &+ 4
            step.newNextPC = next &+ 8
            finishRecord(&step, op: op, w: w, hi: hi, lo: lo, recorder: &recorder)
          }
          pc = next &+ 4
          next = next &+ 8
          continue
        }
      // MARK: ALU, immediate operands
      case .addi:
        let (r, o) = Int32(bitPattern: a).addingReportingOverflow(Int32(bitPattern: imm))
        if o { return fault(.integerOverflow, w, 0) }
        regs[rt] = UInt32(bitPattern: r)
      case .addiu: regs[rt] = a &+ imm
      case .slti: regs[rt] = Int32(bitPattern: a) < Int32(bitPattern: imm) ? 1 : 0
      case .sltiu: regs[rt] = a < imm ? 1 : 0
      case .andi: regs[rt] = a & (w & 0xffff)
      case .ori: regs[rt] = a | (w & 0xffff)
      case .xori: regs[rt] = a ^ (w & 0xffff)
      case .lui: regs[rt] = w &<< 16
      // MARK: SPECIAL2 / SPECIAL3
      case .madd, .maddu, .msub, .msubu:
        let acc = UInt64(hi) &<< 32 | UInt64(lo)
        let p: UInt64 =
          op == .madd || op == .msub
          ? UInt64(bitPattern: Int64(Int32(bitPattern: a)) &* Int64(Int32(bitPattern: b)))
          : UInt64(a) &* UInt64(b)
        let r = op == .madd || op == .maddu ? acc &+ p : acc &- p
        hi = UInt32(truncatingIfNeeded: r &>> 32)
        lo = UInt32(truncatingIfNeeded: r)
      case .mul:
        regs[rd] = UInt32(
          truncatingIfNeeded: Int64(Int32(bitPattern: a)) &* Int64(Int32(bitPattern: b)))
      case .clz: regs[rd] = UInt32(a.leadingZeroBitCount)
      case .clo: regs[rd] = UInt32((~a).leadingZeroBitCount)
      case .ext:
        let size = UInt32(rd) &+ 1
        guard sa &+ size <= 32 else { return fault(.reservedInstruction, w, 0) }
        let mask: UInt32 = size == 32 ? .max : (1 &<< size) &- 1
        regs[rt] = (a &>> sa) & mask
      case .ins:
        guard UInt32(rd) >= sa else { return fault(.reservedInstruction, w, 0) }
        let size = UInt32(rd) &- sa &+ 1
        let mask: UInt32 = size == 32 ? .max : (1 &<< size) &- 1
        regs[rt] = (b & ~(mask &<< sa)) | ((a & mask) &<< sa)
      case .wsbh: regs[rd] = ((b & 0x00ff_00ff) &<< 8) | ((b &>> 8) & 0x00ff_00ff)
      case .seb: regs[rd] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: b)))
      case .seh: regs[rd] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: b)))
      case .rdhwr: regs[rt] = threadPointer
      // MARK: Loads and stores
      case .lb, .lbu, .lh, .lhu, .lw, .ll, .lwl, .lwr, .sb, .sh, .sw, .sc, .swl, .swr:
        let addr = a &+ imm
        let aligned = addr & ~3
        let natural: UInt32 =
          switch op {
          case .lh, .lhu, .sh: 1
          case .lw, .ll, .sw, .sc: 3
          default: 0
          }
        guard addr & natural == 0 else { return fault(.unalignedAccess, w, addr) }
        guard let p = pages[Int(addr &>> 12)] else { return fault(.unmappedAccess, w, addr) }
        let wordPtr = UnsafeMutableRawPointer(p + Int(aligned & 0xfff))
        let old = UInt32(littleEndian: wordPtr.load(as: UInt32.self))
        let shift = (addr & 3) &<< 3
        var new = old
        switch op {
        case .lb: regs[rt] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: old &>> shift)))
        case .lbu: regs[rt] = (old &>> shift) & 0xff
        case .lh: regs[rt] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: old &>> shift)))
        case .lhu: regs[rt] = (old &>> shift) & 0xffff
        case .lw: regs[rt] = old
        case .ll:
          regs[rt] = old
          linkedAddress = addr
        case .lwl:
          // Little-endian LWL: the bytes from addr down to the word start fill the top of rt.
          let s = 24 &- shift
          regs[rt] = (old &<< s) | (b & (0x00ff_ffff &>> shift))
        case .lwr:
          // Little-endian LWR: the bytes from addr up to the word end fill the bottom of rt.
          regs[rt] = (old &>> shift) | (b & ~(0xffff_ffff &>> shift))
        case .sb: new = (old & ~(0xff &<< shift)) | ((b & 0xff) &<< shift)
        case .sh: new = (old & ~(0xffff &<< shift)) | ((b & 0xffff) &<< shift)
        case .sw: new = b
        case .sc:
          if linkedAddress == addr {
            new = b
            regs[rt] = 1
          } else {
            regs[rt] = 0
          }
          linkedAddress = nil
        case .swl:
          let s = 24 &- shift
          new = (b &>> s) | (old & ~(0xffff_ffff &>> s))
        default:  // .swr
          new = (b &<< shift) | (old & ~(0xffff_ffff &<< shift))
        }
        if new != old { wordPtr.storeBytes(of: new.littleEndian, as: UInt32.self) }
        if R.isRecording {
          step.memoryAddress = aligned
          step.memoryBefore = old
          step.memoryAfter = new
          step.memoryAccess = op.isStore ? .write : .read
        }
      case .invalid:
        return fault(.reservedInstruction, w, 0)
      }
      regs[0] = 0
      cycles &+= 1
      if R.isRecording {
        step.newPC = next
        step.newNextPC = newNext
        finishRecord(&step, op: op, w: w, hi: hi, lo: lo, recorder: &recorder)
      }
      pc = next
      next = newNext
    }
  }

  /// Fills in what a step wrote and hands the record to the recorder.
  @inline(__always)
  func finishRecord<R: ExecutionRecorder>(
    _ step: inout StepRecord, op: Opcode, w: UInt32, hi: UInt32, lo: UInt32, recorder: inout R
  ) {
    let dst = op.destinationRegister(w)
    step.destination = UInt8(dst)
    step.destinationValue = regs[dst]
    step.hi = hi
    step.lo = lo
    recorder.record(step)
  }
}
