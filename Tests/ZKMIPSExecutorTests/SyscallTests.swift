import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

@Suite("System calls")
struct SyscallTests {
  @Test func readInputAndWriteOutput() throws {
    let (m, status) = try TestSupport.run(
      """
      li $a0, 0
      move $a1, $s7
      li $a2, 100
      li $v0, 4003
      syscall
      move $s0, $v0
      li $a0, 1
      move $a1, $s7
      move $a2, $s0
      li $v0, 4004
      syscall
      li $a0, 0
      move $a1, $s7
      li $a2, 100
      li $v0, 4003
      syscall
      move $s1, $v0
      """, input: Array("hello".utf8))
    #expect(status == .exited(0))
    #expect(m.register(s0) == 5)
    #expect(m.kernel.output == Array("hello".utf8))
    #expect(m.register(s1) == 0, "EOF reads 0 bytes")
    #expect(Array(m.kernel.input.consumed) == Array("hello".utf8))
  }

  @Test func hintsComeFromFd3AndBadFdFails() throws {
    let path = try TestSupport.assembleFile(
      TestSupport.program(
        """
        li $a0, 3
        move $a1, $s7
        li $a2, 4
        li $v0, 4003
        syscall
        lw $s0, 0($s7)
        li $a0, 5
        li $v0, 4003
        syscall
        move $s1, $v0
        move $s2, $a3
        """))
    let elf = try TestSupport.loadELF(path)
    let m = Machine(program: elf, hints: InputStream(bytes: [1, 2, 3, 4]))
    #expect(m.run(maxCycles: 1000) == .exited(0))
    #expect(m.register(s0) == 0x0403_0201)
    #expect(m.register(s1) == 9 && m.register(s2) == 1, "EBADF with $a3 = 1")
  }

  @Test func exitStatusIsLow8Bits() throws {
    let (_, status) = try TestSupport.run("li $a0, 0x1234\n li $v0, 4001\n syscall")
    #expect(status == .exited(0x34))
  }

  @Test func unknownSyscallReturnsENOSYS() throws {
    let (m, status) = try TestSupport.run("li $v0, 4999\n syscall\n move $s0, $v0\n move $s1, $a3")
    #expect(status == .exited(0))
    #expect(m.register(s0) == 89 && m.register(s1) == 1)
  }

  @Test func brkGrowsTheHeap() throws {
    let (m, status) = try TestSupport.run(
      """
      li $a0, 0
      li $v0, 4045
      syscall
      move $s0, $v0
      addiu $a0, $v0, 8192
      li $v0, 4045
      syscall
      move $s1, $v0
      li $t0, 0x55
      sw $t0, 8188($s0)
      lw $s2, 8188($s0)
      """)
    #expect(status == .exited(0))
    #expect(m.register(s1) == m.register(s0) &+ 8192)
    #expect(m.register(s2) == 0x55)
  }

  @Test func anonymousMmap2IsZeroedAndWritable() throws {
    let (m, status) = try TestSupport.run(
      """
      addiu $sp, $sp, -32
      li $t0, -1
      sw $t0, 16($sp)
      sw $zero, 20($sp)
      li $a0, 0
      li $a1, 65536
      li $a2, 3
      li $a3, 0x802
      li $v0, 4210
      syscall
      move $s0, $v0
      lw $s1, 65532($s0)
      li $t1, 123
      sw $t1, 4($s0)
      lw $s2, 4($s0)
      """)
    #expect(status == .exited(0))
    #expect(m.register(s0) != 0 && m.register(s0) & 0xfff == 0)
    #expect(m.register(s1) == 0)
    #expect(m.register(s2) == 123)
  }

  @Test func initialStackHasArgcArgvEnvpAuxv() throws {
    let path = try TestSupport.assembleFile(
      TestSupport.program(
        "lw $s0, 0($sp)\n lw $s1, 4($sp)\n lw $s2, 8($sp)\n lw $s3, 12($sp)\n lbu $s4, 0($s1)"))
    let elf = try TestSupport.loadELF(path)
    let m = Machine(program: elf, arguments: ["prog", "x"], environment: ["A=1"])
    #expect(m.run(maxCycles: 1000) == .exited(0))
    #expect(m.register(s0) == 2)
    #expect(m.register(s4) == UInt8(ascii: "p"))
    #expect(m.register(s3) == 0, "argv terminator")
    #expect(m.register(29) % 8 == 0)
  }
}

@Suite("Guest memory edge cases")
struct GuestMemoryEdgeTests {
  @Test func unalignedWordAccessAcrossPagesIsByteWiseAndBounded() {
    let m = GuestMemory()
    m.map(start: 0x10000, size: 0x1000)
    // The last 2 bytes of the only mapped page, and 2 bytes of an unmapped one.
    #expect(m.loadWord(0x10ffe) == nil)
    #expect(!m.storeWord(0x10ffe, 0xdead_beef))
    #expect(m.loadByte(0x10ffe) == 0, "a refused store writes nothing")
    m.map(start: 0x11000, size: 0x1000)
    #expect(m.storeWord(0x10ffe, 0xdead_beef))
    #expect(m.loadWord(0x10ffe) == 0xdead_beef)
    #expect(m.loadByte(0x11001) == 0xde)
    #expect(m.storeHalf(0x10fff, 0x1234) && m.loadHalf(0x10fff) == 0x1234)
  }

  @Test func syscallsWithHostileBuffersReturnErrorsNotCrashes() throws {
    // writev with an unaligned iovec at a page end, mmap with an odd $sp, clock_gettime on
    // an unmapped or page-straddling pointer: each returns an error code.
    let (m, status) = try TestSupport.run(
      """
      li $a0, 1
      li $a1, 0x7efffffe
      li $a2, 1
      li $v0, 4146
      syscall
      move $s0, $a3
      li $a0, 1
      li $a1, 0x10
      li $v0, 4263
      syscall
      move $s1, $a3
      """)
    #expect(status == .exited(0))
    #expect(m.register(s0) == 1 && m.register(s1) == 1)
  }
}
