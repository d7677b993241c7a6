import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSTestSupport

/// clock_gettime and uname store kernel constants into the guest (a `struct timespec` of
/// zeros at `$a1`, the 390-byte `struct utsname` at `$a0`) and return 0. The buffers are
/// unaligned, so the transfers start and end mid-word and every byte offset is stored.
/// The clock's buffer is pre-filled with 0xff, so the zeros it reads back are the clock's;
/// then the clock and the start of the utsname are written to fd 1, and the exit code is
/// the sum of both `$v0` and `$a3` (0).
let timeAndNameBody = """
  li    $t0, -1
  sw    $t0, 0($s7)
  sw    $t0, 4($s7)
  sw    $t0, 8($s7)
  li    $a0, 1
  addiu $a1, $s7, 1
  li    $v0, 4263
  syscall
  move  $s0, $v0
  move  $s1, $a3
  addiu $a0, $s7, 18
  li    $v0, 4122
  syscall
  addu  $s0, $s0, $v0
  addu  $s1, $s1, $a3
  li    $a0, 1
  move  $a1, $s7
  li    $a2, 88
  li    $v0, 4004
  syscall
  addu  $a0, $s0, $s1
  li    $v0, 4001
  syscall
  """

@Suite("Machine: clock_gettime and uname")
struct SyscallTimeAndNameTests {
  typealias T = MachineKey.Table
  typealias IO = IOChip.Columns
  typealias M = MemoryChip.Columns

  /// What the executor writes to fd 1 for ``timeAndNameBody``: the 0xff byte before the
  /// clock, its 8 zero bytes, the 0xff bytes after it, 6 untouched zero bytes, then the
  /// first 70 bytes of the utsname ("Linux", NUL padding, "zkmip").
  static let expectedOutput: [UInt8] =
    [0xff] + [UInt8](repeating: 0, count: 8) + [0xff, 0xff, 0xff] + [UInt8](repeating: 0, count: 6)
    + Kernel.utsname[..<70]

  @Test("a run calling both proves, and its proven output is the executor's")
  func honestRun() throws {
    let c = try MachineCase(timeAndNameBody)
    let (machine, status) = try TestSupport.run(timeAndNameBody)
    #expect(status == .exited(0))
    #expect(machine.kernel.output == Self.expectedOutput)
    #expect(c.witness.output == machine.kernel.output)
    #expect(c.witness.exitCode == 0)
    // Both transfers are there, with every byte offset taken.
    let io = c.witness.traces[T.io.rawValue]
    let clockRows = (0..<io.height).filter { io[$0, IO.isClock] == .one }
    let unameRows = (0..<io.height).filter { io[$0, IO.isUname] == .one }
    #expect(clockRows.count == 3 && unameRows.count == 98)
    #expect(c.problems == [])
    // The verifier holds the executor's output.
    let messages = MachineKey.publicMessages(consumedInput: [], output: machine.kernel.output)
    #expect(try c.proveAndVerify(verifierMessages: messages) == nil)
    // One utsname byte different in the claimed output: rejected.
    var other = machine.kernel.output
    other[20] ^= 1  // "Linux" → "Lhnux"
    let wrong = MachineKey.publicMessages(consumedInput: [], output: other)
    #expect(try c.proveAndVerify(verifierMessages: wrong) != nil)
  }

  /// clock_gettime at $s7 + 64 and uname at $s7 + 130; neither buffer is read again, so a
  /// forged stored byte changes only its I/O row and the word's final value.
  static let storeOnlyBody = """
      li    $a0, 1
      addiu $a1, $s7, 64
      li    $v0, 4263
      syscall
      addiu $a0, $s7, 130
      li    $v0, 4122
      syscall
    """

  /// The byte table's counts, recomputed for the (tampered) traces.
  static func rebalanceBytes(_ c: inout MachineCase) {
    var lookups = ByteLookups()
    for (i, air) in c.tables.key.airs.enumerated() where i != T.byte.rawValue {
      lookups.record(air, trace: c.witness.traces[i])
    }
    c.witness.traces[T.byte.rawValue] = ByteTableChip().generateTrace(lookups)
  }

  /// Stores `byte` instead of the kernel's at stream index `index` of `stream`: the I/O
  /// row's new word and the word's final value in the memory chip change together, so the
  /// memory argument still balances and only the constant-table lookup can object.
  func forgeStoredByte(stream: UInt32, index: UInt32, byte: UInt8) throws -> MachineCase {
    var c = try MachineCase(Self.storeOnlyBody)
    #expect(c.problems == [])
    var io = c.witness.traces[T.io.rawValue]
    let flag = stream == IOChip.clockStream ? IO.isClock : IO.isUname
    let row = (0..<io.height).first { r in
      guard io[r, flag] == .one else { return false }
      let first = UInt32((0..<4).first { io[r, IO.first + $0] == .one }!)
      let k = UInt32(io[r, IO.remaining].value) - limbValue3(io, r, IO.left)
      return io[r, IO.index].value <= index && index < io[r, IO.index].value + k
        && first + index - io[r, IO.index].value < 4
    }!
    let first = UInt32((0..<4).first { io[row, IO.first + $0] == .one }!)
    let j = Int(first + index - io[row, IO.index].value)
    #expect(io[row, IO.new[j]] != KoalaBear(UInt32(byte)))
    io[row, IO.new[j]] = KoalaBear(UInt32(byte))
    let address = limbValue(io, row, IO.address)
    c.witness.traces[T.io.rawValue] = io
    var memory = c.witness.traces[T.memory.rawValue]
    let key = MemoryKey.word(address)
    let mr = (0..<memory.height).first {
      memory[$0, M.isReal] == .one && limbValue(memory, $0, M.key) == key
    }!
    memory[mr, M.final[j]] = KoalaBear(UInt32(byte))
    c.witness.traces[T.memory.rawValue] = memory
    Self.rebalanceBytes(&c)
    return c
  }

  @Test("a forged utsname byte is rejected")
  func forgedUnameByte() throws {
    // The release field starts at index 130: claim "6.10.0" instead of "5.10.0".
    #expect(Kernel.utsname[130] == UInt8(ascii: "5"))
    let c = try forgeStoredByte(stream: IOChip.utsnameStream, index: 130, byte: UInt8(ascii: "6"))
    #expect(
      c.problems.allSatisfy { $0.hasPrefix("bus \(MachineBus.syscallNumbers):") }
        && !c.problems.isEmpty,
      "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("a non-zero clock byte is rejected")
  func forgedClockByte() throws {
    let c = try forgeStoredByte(stream: IOChip.clockStream, index: 5, byte: 0x42)
    #expect(
      c.problems.allSatisfy { $0.hasPrefix("bus \(MachineBus.syscallNumbers):") }
        && !c.problems.isEmpty,
      "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("clock bytes claimed to be hints (any bytes) are rejected")
  func clockAsHints() throws {
    var c = try MachineCase(Self.storeOnlyBody)
    var io = c.witness.traces[T.io.rawValue]
    for r in 0..<io.height where io[r, IO.isClock] == .one {
      io[r, IO.isClock] = .zero
      io[r, IO.isHint] = .one
      for j in 0..<4 { io[r, IO.constant + j] = .zero }
    }
    c.witness.traces[T.io.rawValue] = io
    Self.rebalanceBytes(&c)
    // The chain's stream is no longer the syscall's.
    #expect(c.problems.contains { $0.hasPrefix("bus \(MachineBus.transfer):") }, "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("a constant byte left out of the lookup is rejected")
  func byteNotLookedUp() throws {
    var c = try MachineCase(Self.storeOnlyBody)
    let r = (0..<c.witness.traces[T.io.rawValue].height).first {
      c.witness.traces[T.io.rawValue][$0, IO.isUname] == .one
    }!
    let j = (0..<4).first { c.witness.traces[T.io.rawValue][r, IO.constant + $0] == .one }!
    c.witness.traces[T.io.rawValue][r, IO.constant + j] = .zero
    // (The table's count for it is then one too many: an imbalance too.)
    #expect(
      c.problems.contains {
        $0.contains("table io, row \(r): constraint 'byte \(j) looked up iff constant'")
      },
      "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("clock_gettime claimed to return EFAULT (14) and exit 14")
  func forgedClockResult() throws {
    let k = SyscallChip.entries.firstIndex { $0.behaviour == .clockGettime }!
    let (honest, c) = try ForgedErrnoTests().forge(
      prefix: """
          li    $a0, 1
          addiu $a1, $s7, 64
          li    $v0, 4263
          syscall
        """, entry: k, value: 14)
    #expect(honest.witness.exitCode == 0)
    #expect(honest.problems == [])
    #expect(
      c.problems == c.problems.filter { $0.contains("constant result limb 0") }, "\(c.problems)")
    #expect(!c.problems.isEmpty)
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("uname claimed to return 1 and exit 1")
  func forgedUnameResult() throws {
    let k = SyscallChip.entries.firstIndex { $0.behaviour == .uname }!
    let (honest, c) = try ForgedErrnoTests().forge(
      prefix: """
          addiu $a0, $s7, 128
          li    $v0, 4122
          syscall
        """, entry: k, value: 1)
    #expect(honest.witness.exitCode == 0)
    #expect(honest.problems == [])
    #expect(
      c.problems == c.problems.filter { $0.contains("constant result limb 0") }, "\(c.problems)")
    #expect(!c.problems.isEmpty)
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("clock_gettime and uname on an unmapped buffer (EFAULT) are refused with one line")
  func unmappedBuffer() throws {
    for (name, body) in [
      ("clockGettime", "li $a0, 0\n  lui $a1, 0x1000\n  li $v0, 4263\n  syscall\n"),
      ("uname", "lui $a0, 0x1000\n  li $v0, 4122\n  syscall\n"),
    ] {
      let (_, status) = try TestSupport.run(body)
      #expect(status == .exited(0))
      do {
        _ = try MachineCase(body)
        Issue.record("\(name) on an unmapped buffer was proven")
      } catch let e as MachineProvingError {
        let line = e.description
        #expect(line.contains("EFAULT") && line.contains(name) && !line.contains("\n"), "\(line)")
      }
    }
  }
}

func limbValue3(_ t: RowMajorMatrix, _ r: Int, _ first: Int) -> UInt32 {
  (0..<3).reduce(UInt32(0)) { $0 | t[r, first + $1].value << (8 * UInt32($1)) }
}

/// The uname buffer's top limb is at most 126: a register holding address + p (p the field's
/// modulus) equals the address as a field element, but the executor sees an unmapped
/// address above the ceiling and answers EFAULT.
@Suite("Machine: uname at an address + p")
struct UnameWrapTests {
  typealias T = MachineKey.Table
  typealias C = CPUChip.Columns
  typealias S = SyscallChip.Columns
  typealias IO = IOChip.Columns
  typealias M = MemoryChip.Columns
  typealias MI = MemoryInstructionChip.Columns

  /// $a0 = the public input's first word, then uname($a0) and exit($v0 + $a3).
  static let body = """
      li    $a0, 0
      move  $a1, $s7
      li    $a2, 4
      li    $v0, 4003
      syscall
      lw    $a0, 0($s7)
      li    $v0, 4122
      syscall
      addu  $a0, $v0, $a3
      li    $v0, 4001
      syscall
    """

  static func bytes(_ w: UInt32) -> [UInt8] { (0..<4).map { UInt8((w >> (8 * $0)) & 0xff) } }

  @Test("input X + p claimed to make uname store at X and exit 0 is rejected")
  func addressPlusP() throws {
    let elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(Self.body)))
    // X: 256 bytes into the data buffer (`buf`, the start of the writable segment).
    let x = elf.segments.first { $0.flags == 6 }!.virtualAddress + 256
    let forged = x + KoalaBear.modulus
    #expect(forged >> 24 == 127)
    // Honestly, on input X + p uname answers EFAULT and the run exits 15.
    let (_, status) = try TestSupport.run(Self.body, input: Self.bytes(forged))
    #expect(status == .exited(15))
    // The evil prover runs on input X (uname stores at X, exit 0) and claims input X + p:
    // every place the word travels (the read's stored bytes, the load, $a0 into the syscall,
    // $a0's next write) holds X + p's limbs, which equal X as a field element.
    var c = try MachineCase(Self.body, input: Self.bytes(x))
    #expect(c.witness.exitCode == 0 && c.problems == [])
    var cpu = c.witness.traces[T.cpu.rawValue]
    var io = c.witness.traces[T.io.rawValue]
    var mi = c.witness.traces[T.memoryInstruction.rawValue]
    var sys = c.witness.traces[T.syscall.rawValue]
    var mem = c.witness.traces[T.memory.rawValue]
    let read = (0..<io.height).first { io[$0, IO.isInput] == .one }!
    IO.new.write(forged, to: &io, row: read)
    let lw = (0..<cpu.height).first { cpu[$0, C.opcode] == KoalaBear(UInt32(Opcode.lw.rawValue)) }!
    for w in [C.memoryOld, C.memoryNew, C.result] { w.write(forged, to: &cpu, row: lw) }
    let m = (0..<mi.height).first { limbValue(mi, $0, MI.w) == x }!
    for w in [MI.w, MI.n, MI.r] { w.write(forged, to: &mi, row: m) }
    // The syscall row reads $a0 (rt), then `addu $a0, $v0, $a3` overwrites it.
    C.rtValue.write(forged, to: &cpu, row: lw + 2)
    #expect(cpu[lw + 3, C.writeRegister] == KoalaBear(4))
    C.oldValue.write(forged, to: &cpu, row: lw + 3)
    let u = (0..<sys.height).first { limbValue(sys, $0, S.number) == 4122 }!
    S.a0.write(forged, to: &sys, row: u)
    let word = (0..<mem.height).first {
      mem[$0, M.isReal] == .one && limbValue(mem, $0, M.key) == MemoryKey.word(x - 256)
    }!
    M.final.write(forged, to: &mem, row: word)
    c.witness.traces[T.cpu.rawValue] = cpu
    c.witness.traces[T.io.rawValue] = io
    c.witness.traces[T.memoryInstruction.rawValue] = mi
    c.witness.traces[T.syscall.rawValue] = sys
    c.witness.traces[T.memory.rawValue] = mem
    c.witness.input = Self.bytes(forged)
    SyscallTimeAndNameTests.rebalanceBytes(&c)
    // Only the buffer's ceiling check objects: (range, 126 − 127, 0, 0) is no table row.
    let problems = c.problems
    #expect(
      !problems.isEmpty && problems.allSatisfy { $0.hasPrefix("bus \(MachineBus.byte):") },
      "\(problems)")
    #expect(try c.proveAndVerify() != nil)
  }
}
