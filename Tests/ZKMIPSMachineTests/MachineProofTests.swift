import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// A MIPS snippet exercising every add/sub and bitwise opcode with edge-case operands.
let aluProgram = """
    li    $t0, 0x7fffffff
    li    $t1, 1
    li    $t3, -1
    lui   $t6, 0x8000
    addu  $t2, $t0, $t1       # 0x7fffffff + 1: signed overflow, fine for ADDU
    addu  $t4, $t3, $t1       # 0xffffffff + 1 = 0: a carry through all four limbs
    subu  $t5, $zero, $t1     # 0 - 1 = 0xffffffff: a borrow through all four limbs
    subu  $t7, $t6, $t1       # INT_MIN - 1 = 0x7fffffff
    addiu $s0, $t0, -32768    # negative immediates are sign-extended
    addiu $s1, $t3, -1
    addi  $s2, $t1, -1        # 1 + (-1) = 0 (no overflow)
    addi  $s3, $t3, 32767
    add   $s4, $t0, $t3       # INT_MAX + (-1)
    add   $s5, $t6, $t0       # INT_MIN + INT_MAX = -1
    sub   $s6, $t6, $t3       # INT_MIN - (-1)
    sub   $s7, $t1, $t0       # 1 - INT_MAX
    sub   $a0, $t3, $t6       # -1 - INT_MIN = INT_MAX
    addu  $zero, $t0, $t1     # a write to $zero: the event's result is 0
    li    $a1, 0x12345678
    li    $a2, 0x0ff0f00f
    and   $v0, $a1, $a2
    or    $v1, $a1, $a2
    xor   $a3, $a1, $a2
    nor   $t8, $a1, $a2
    nor   $t9, $zero, $zero    # 0xffffffff
    andi  $t2, $a1, 0xffff     # zero-extended immediates
    ori   $t4, $t3, 0x8000
    xori  $t5, $a1, 0xffff
    lui   $t7, 0xffff
    lui   $t8, 0
    and   $zero, $a1, $a2
    addu  $t9, $a1, $a1       # rs == rt
    xor   $t9, $a1, $a1
    li    $t0, 0x00ffffff
    addiu $t0, $t0, 1          # 0x01000000: the carry stops at the top limb
    li    $t1, 0x9e3779b9       # a short loop mixing all the operations
    li    $t2, 20
  1:
    addu  $t1, $t1, $t0
    xor   $t0, $t0, $t1
    subu  $t3, $t1, $t0
    nor   $t4, $t3, $t0
    andi  $t5, $t4, 0x5a5a
    or    $t0, $t0, $t5
    xori  $t0, $t0, 0x3c3c
    addiu $t2, $t2, -1
    bnez  $t2, 1b
    nop
  """

@Suite("Machine chips: honest traces from real executions prove and verify")
struct MachineProofTests {
  @Test func recordedEventsMatchTheReferenceSemantics() throws {
    let recorder = try recordedRun(aluProgram)
    let events = recorder.alu[.addSub, default: []] + recorder.alu[.bitwise, default: []]
    #expect(Set(events.map(\.opcode)) == Set(AddSubChip.opcodes + BitwiseChip.opcodes))
    #expect(events.count > 150)
    for e in events where recorder.steps[Int(e.cycle)].destination != 0 {
      #expect(e.result == referenceResult(e.opcode, e.a, e.b), "\(e)")
    }
    // The edge cases are there, with the results MIPS defines.
    let tuples = Set(MachineTables(events: events).tuples)
    let expected: [ALUTuple] = [
      ALUTuple(opcode: .addu, a: 0xffff_ffff, b: 1, c: 0),
      ALUTuple(opcode: .subu, a: 0, b: 1, c: 0xffff_ffff),
      ALUTuple(opcode: .subu, a: 0x8000_0000, b: 1, c: 0x7fff_ffff),
      ALUTuple(opcode: .addiu, a: 0x7fff_ffff, b: 0xffff_8000, c: 0x7fff_7fff),
      ALUTuple(opcode: .sub, a: 0xffff_ffff, b: 0x8000_0000, c: 0x7fff_ffff),
      ALUTuple(opcode: .addu, a: 0x7fff_ffff, b: 1, c: 0x8000_0000),
      ALUTuple(opcode: .nor, a: 0, b: 0, c: 0xffff_ffff),
      ALUTuple(opcode: .nor, a: 0x1234_5678, b: 0x0ff0_f00f, c: 0xe00b_0980),
      ALUTuple(opcode: .xori, a: 0x1234_5678, b: 0xffff, c: 0x1234_a987),
      ALUTuple(opcode: .lui, a: 0, b: 0xffff, c: 0xffff_0000),
    ]
    for t in expected { #expect(tuples.contains(t), "\(t)") }
  }

  @Test func tracesFromARealRunSatisfyEveryConstraintAndBus() throws {
    let recorder = try recordedRun(aluProgram)
    let tables = MachineTables(
      events: recorder.alu[.addSub, default: []] + recorder.alu[.bitwise, default: []])
    #expect(tables.violations.isEmpty, "\(tables.violations.prefix(5))")
    #expect(tables.busImbalances.isEmpty, "\(tables.busImbalances)")
    // Heights: powers of two with at least one padding row here.
    for t in [tables.addSub, tables.bitwise] {
      #expect(t.height >= 4 && t.height & (t.height - 1) == 0)
    }
  }

  @Test func aRealRunProvesAndVerifies() throws {
    let recorder = try recordedRun(aluProgram)
    let tables = MachineTables(
      events: recorder.alu[.addSub, default: []] + recorder.alu[.bitwise, default: []])
    #expect(try tables.proveAndVerify() == nil)
  }

  @Test func minimalTablesProveAndVerify() throws {
    // One event per chip: four-row tables, three of them padding.
    let tables = MachineTables([
      ALUOperation(.subu, 5, 7), ALUOperation(.nor, 0xf0f0_f0f0, 0x0000_ffff),
    ])
    #expect(tables.addSub.height == 4 && tables.bitwise.height == 4)
    #expect(try tables.proveAndVerify() == nil)
  }
}
