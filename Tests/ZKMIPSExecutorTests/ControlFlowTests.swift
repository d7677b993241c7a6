import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

@Suite("Branches, jumps and delay slots")
struct ControlFlowTests {
  /// `cond` branches to `taken` with a delay slot that sets $t1; the fall-through sets $t2.
  static func branchProgram(_ setup: String, _ branch: String) -> String {
    """
    \(setup)
    li $t1, 0
    li $t2, 0
    li $t3, 0
    \(branch) 1f
    addiu $t1, $t1, 1
    addiu $t2, $t2, 1
    1:
    addiu $t3, $t3, 1
    """
  }

  static let branchCases: [(String, String, Bool)] = [
    ("li $t0, 1\n li $t4, 1", "beq $t0, $t4,", true),
    ("li $t0, 1\n li $t4, 2", "beq $t0, $t4,", false),
    ("li $t0, 1\n li $t4, 2", "bne $t0, $t4,", true),
    ("li $t0, 0", "blez $t0,", true),
    ("li $t0, 1", "blez $t0,", false),
    ("li $t0, 1", "bgtz $t0,", true),
    ("li $t0, 0", "bgtz $t0,", false),
    ("li $t0, -1", "bltz $t0,", true),
    ("li $t0, 0", "bltz $t0,", false),
    ("li $t0, 0", "bgez $t0,", true),
    ("li $t0, -5", "bgez $t0,", false),
  ]

  @Test(arguments: 0..<branchCases.count)
  func conditionalBranchExecutesDelaySlot(_ i: Int) throws {
    let (setup, branch, taken) = Self.branchCases[i]
    let (m, status) = try TestSupport.run(Self.branchProgram(setup, branch))
    #expect(status == .exited(0))
    #expect(m.register(t1) == 1, "delay slot always executes")
    #expect(m.register(t2) == (taken ? 0 : 1), "\(branch) taken=\(taken)")
    #expect(m.register(t3) == 1)
  }

  static let likelyCases: [(String, String, Bool)] = [
    ("li $t0, 1\n li $t4, 1", "beql $t0, $t4,", true),
    ("li $t0, 1\n li $t4, 2", "beql $t0, $t4,", false),
    ("li $t0, 1\n li $t4, 2", "bnel $t0, $t4,", true),
    ("li $t0, 1\n li $t4, 1", "bnel $t0, $t4,", false),
    ("li $t0, 0", "blezl $t0,", true),
    ("li $t0, 1", "blezl $t0,", false),
    ("li $t0, 1", "bgtzl $t0,", true),
    ("li $t0, -1", "bgtzl $t0,", false),
    ("li $t0, -1", "bltzl $t0,", true),
    ("li $t0, 1", "bltzl $t0,", false),
    ("li $t0, 0", "bgezl $t0,", true),
    ("li $t0, -1", "bgezl $t0,", false),
  ]

  @Test(arguments: 0..<likelyCases.count)
  func branchLikelyNullifiesDelaySlotWhenNotTaken(_ i: Int) throws {
    let (setup, branch, taken) = Self.likelyCases[i]
    let (m, status) = try TestSupport.run(Self.branchProgram(setup, branch))
    #expect(status == .exited(0))
    #expect(m.register(t1) == (taken ? 1 : 0), "delay slot runs only when taken")
    #expect(m.register(t2) == (taken ? 0 : 1))
    #expect(m.register(t3) == 1)
  }

  @Test func linkingBranchesAndJumps() throws {
    let (m, status) = try TestSupport.run(
      """
      li $t0, -1
      bltzal $t0, 1f
      li $t1, 11
      li $t1, 99
      1:
      move $s0, $ra
      bgezal $t0, 2f
      li $t2, 22
      move $s1, $ra
      2:
      bal 3f
      nop
      li $t3, 99
      3:
      move $s2, $ra
      jal 4f
      li $t4, 44
      4:
      move $t5, $ra
      la $t6, 5f
      jalr $t7, $t6
      nop
      5:
      la $t8, 6f
      jr $t8
      li $t9, 66
      li $t9, 99
      6:
      j 7f
      nop
      li $a0, 99
      7:
      """)
    #expect(status == .exited(0))
    #expect(m.register(t1) == 11)
    #expect(m.register(t2) == 22)
    #expect(m.register(s1) == m.register(s0) &+ 16, "bgezal not taken still links")
    #expect(m.register(t3) == 0)
    #expect(m.register(t4) == 44)
    #expect(m.register(t7) != 0 && m.register(t7) == m.register(t6))
    #expect(m.register(t9) == 66)
    #expect(m.register(4) == 0)
  }
}
