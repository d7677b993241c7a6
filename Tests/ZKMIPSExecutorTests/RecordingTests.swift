import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

@Suite("Recording for the prover")
struct RecordingTests {
  @Test(arguments: 0..<5)
  func recordedRunMatchesPlainRunAndIsConsistent(_ seed: Int) throws {
    let path = try TestSupport.assembleFile(
      RandomProgram.source(seed: UInt64(1000 + seed), count: 300))
    let program = try TestSupport.loadELF(path)
    let plain = Machine(program: program)
    let plainStatus = plain.run(maxCycles: 100_000)
    let recorded = Machine(program: program)
    var recorder = TraceRecorder()
    let status = recorded.run(maxCycles: 100_000, recorder: &recorder)

    // Recording changes nothing about the run.
    #expect(status == plainStatus)
    #expect(recorded.registers == plain.registers)
    #expect(recorded.kernel.output == plain.kernel.output)
    #expect(UInt64(recorder.steps.count) == recorded.cycles)

    // The (pc, nextPC) state chains from one step to the next.
    for (s, t) in zip(recorder.steps, recorder.steps.dropFirst()) {
      #expect(t.pc == s.newPC && t.nextPC == s.newNextPC)
    }

    // Offline memory checking: each access consumes exactly what the previous access to
    // the same location produced, with strictly increasing timestamps.
    var last: [String: (value: UInt32, timestamp: UInt32)] = [:]
    for e in recorder.accesses {
      let key = "\(e.space)-\(e.address)"
      if let prev = last[key] {
        #expect(e.previousValue == prev.value && e.previousTimestamp == prev.timestamp)
        #expect(e.timestamp > prev.timestamp)
      } else {
        #expect(e.previousTimestamp == 0)
        if e.space == .memory {
          #expect(recorder.initialMemory[e.address] == e.previousValue)
        } else {
          #expect(e.previousValue == 0 || e.address == 29, "registers start at zero except $sp")
        }
      }
      last[key] = (e.value, e.timestamp)
    }

    // Every step lands in exactly one chip's event list (or is a syscall/nop).
    let aluCount = recorder.alu.values.reduce(0) { $0 + $1.count }
    let other = recorder.steps.filter { [.syscall, .nop].contains($0.opcode.chip) }.count
    #expect(
      aluCount + recorder.branches.count + recorder.jumps.count + recorder.memoryInstructions.count
        + other == recorder.steps.count)
    // Branch events say whether control went to the target.
    for b in recorder.branches {
      let step = recorder.steps[Int(b.cycle)]
      #expect(b.taken == (step.newNextPC == b.target && step.newPC == step.nextPC))
    }
    #expect(recorder.syscalls.count == 2)  // the dump's write and exit_group
    #expect(recorder.syscalls.first?.data == plain.kernel.output)
  }
}

@Suite("ALU events carry the operands the instruction computes with")
struct ALUEventTests {
  @Test func operandsByInstructionForm() throws {
    let path = try TestSupport.assembleFile(
      TestSupport.program(
        "li $t0, 7\n addiu $t1, $t0, -3\n andi $t2, $t0, 0xfff0\n sll $t3, $t0, 4\n addu $t4, $t1, $t0"
      ))
    let m = Machine(program: try TestSupport.loadELF(path))
    var r = TraceRecorder()
    _ = m.run(maxCycles: 100, recorder: &r)
    let events =
      r.alu[.addSub, default: []] + r.alu[.bitwise, default: []] + r.alu[.shift, default: []]
    func event(_ op: Opcode, _ a: UInt32) -> ALUEvent? {
      events.first { $0.opcode == op && $0.a == a }
    }
    #expect(event(.addiu, 7).map { [$0.b, $0.result] } == [0xffff_fffd, 4])
    #expect(event(.andi, 7).map { [$0.b, $0.result] } == [0xfff0, 0])
    #expect(event(.sll, 7).map { [$0.b, $0.result] } == [4, 112])
    #expect(event(.addu, 4).map { [$0.b, $0.result] } == [7, 11])
  }
}
