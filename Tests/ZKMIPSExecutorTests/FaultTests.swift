import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

@Suite("Traps and exceptions")
struct FaultTests {
  /// Trap instructions with operands that must NOT fire, then a marker.
  @Test func trapsThatDoNotFire() throws {
    let (m, status) = try TestSupport.run(
      """
      li $t0, 1
      li $t1, 2
      li $t2, -1
      teq $t0, $t1
      tne $t0, $t0
      tge $t0, $t1
      tgeu $t0, $t2
      tlt $t1, $t0
      tltu $t2, $t0
      teqi $t0, 2
      tnei $t0, 1
      tgei $t2, 0
      tgeiu $t0, 2
      tlti $t0, -1
      tltiu $t2, 5
      li $t3, 77
      """)
    #expect(status == .exited(0))
    #expect(m.register(t3) == 77)
  }

  static let firing: [(String, String)] = [
    ("teq", "teq $t0, $t0"), ("tne", "tne $t0, $t1"), ("tge", "tge $t1, $t0"),
    ("tgeu", "tgeu $t2, $t0"), ("tlt", "tlt $t2, $t0"), ("tltu", "tltu $t0, $t2"),
    ("teqi", "teqi $t0, 1"), ("tnei", "tnei $t0, 5"), ("tgei", "tgei $t0, -3"),
    ("tgeiu", "tgeiu $t2, 7"), ("tlti", "tlti $t2, 0"), ("tltiu", "tltiu $t0, -1"),
  ]

  @Test(arguments: 0..<firing.count)
  func trapThatFires(_ i: Int) throws {
    let (name, insn) = Self.firing[i]
    let (m, status) = try TestSupport.run(
      "li $t0, 1\n li $t1, 2\n li $t2, -1\n \(insn)\n li $t3, 1")
    guard case .fault(let f) = status else {
      Issue.record("\(name) did not fire: \(status)")
      return
    }
    #expect(f.kind == .trap)
    #expect(Opcode.decode(f.instruction).mnemonic == name)
    #expect(m.register(t3) == 0, "nothing after the trap runs")
    #expect(status.processExitCode == 133)
  }

  @Test func trapCodeIsReported() throws {
    let (_, status) = try TestSupport.run("teq $zero, $zero, 7")
    guard case .fault(let f) = status else { Issue.record("no fault"); return }
    #expect(f.kind == .trap && f.detail == 7)
  }

  @Test(
    arguments: [
      ("li $t0, 0x7fffffff\n li $t1, 1\n add $t2, $t0, $t1", FaultKind.integerOverflow),
      ("li $t0, 0x80000000\n li $t1, 1\n sub $t2, $t0, $t1", .integerOverflow),
      ("li $t0, 0x7fffffff\n addi $t2, $t0, 1", .integerOverflow),
      ("break 3", .breakpoint),
      (".word 0x44000000", .reservedInstruction),  // COP1 (FPU): soft-float guests only
      (".word 0x7c0000bf", .reservedInstruction),  // SPECIAL3 funct 63: reserved
      ("lw $t0, 1($s7)", .unalignedAccess),
      ("sh $t0, 1($s7)", .unalignedAccess),
      ("lw $t0, 16($zero)", .unmappedAccess),
      ("li $t1, 0x7f000000\n lw $t0, 0($t1)", .unmappedAccess),
      ("li $t1, 0x90000000\n sw $t0, 0($t1)", .unmappedAccess),
      ("li $t1, 0x100\n jr $t1\n nop", .unmappedAccess),
      ("la $t1, 1f\n addiu $t1, $t1, 2\n jr $t1\n nop\n 1: nop", .unalignedAccess),
    ] as [(String, FaultKind)])
  func exceptionEndsTheRunWithItsKind(_ body: String, _ kind: FaultKind) throws {
    let (m, status) = try TestSupport.run(body + "\n li $t3, 1")
    guard case .fault(let f) = status else {
      Issue.record("expected \(kind), got \(status)")
      return
    }
    #expect(f.kind == kind)
    #expect(m.register(t3) == 0)
    #expect(status.processExitCode == 128 + kind.signal)
    #expect(!f.description.isEmpty)
  }

  @Test func overflowLeavesDestinationUnchanged() throws {
    let (m, _) = try TestSupport.run("li $t2, 5\n li $t0, 0x7fffffff\n add $t2, $t0, $t0")
    #expect(m.register(t2) == 5)
  }

  @Test func cycleLimitStopsAnInfiniteLoop() throws {
    let (m, status) = try TestSupport.run("1: b 1b\n nop", maxCycles: 10_000)
    #expect(status == .cycleLimit(10_000))
    #expect(m.cycles == 10_000)
    #expect(status.processExitCode == 124)
  }

  @Test func cycleCountIsExact() throws {
    // 2 (la) + 3 + 3 (li, li, syscall of the epilogue) instructions.
    let (m, status) = try TestSupport.run("nop\n nop\n nop")
    #expect(status == .exited(0))
    #expect(m.cycles == 2 + 3 + 3)
  }
}
