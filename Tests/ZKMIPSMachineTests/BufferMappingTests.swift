import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSTestSupport

/// The executor answers EFAULT when a read's or write's buffer is not mapped: all a2 bytes,
/// also those of a write to fd 2 (not part of the statement) and those a read asks for but
/// does not get. A proof must show them mapped, or a program could be proven to see a
/// success where it really sees EFAULT. (Found while making clock_gettime and uname
/// provable: before, both forged witnesses below were accepted.)
@Suite("Machine: syscall buffers must be mapped")
struct BufferMappingTests {
  /// Builds `body`: the honest run must end with `honestExit` and be refused with the
  /// EFAULT line; a witness whose run sees `page` mapped (no static-page row exists for it)
  /// ends with `forgedExit` and must be rejected for its page lookups.
  func expectRefusedAndForgeryRejected(
    _ body: String, input: [UInt8] = [], page: (ELFProgram) -> UInt32, honestExit: UInt8,
    forgedExit: UInt8
  ) throws {
    let (_, status) = try TestSupport.run(body, input: input)
    #expect(status == .exited(honestExit))
    do {
      _ = try MachineCase(body, input: input)
      Issue.record("a run whose syscall answered EFAULT was proven")
    } catch let e as MachineProvingError {
      #expect(e.description.contains("EFAULT"), "\(e)")
    }
    let elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
    let c = try MachineCase(body, input: input, forgingMappedPages: [page(elf)])
    #expect(c.witness.exitCode == forgedExit)
    let problems = c.problems
    #expect(
      !problems.isEmpty && problems.allSatisfy { $0.hasPrefix("bus \(MachineBus.page):") },
      "\(problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("a write to fd 2 from an unmapped page claimed to succeed is rejected")
  func stderrFromUnmappedPage() throws {
    // write(2, 0x10000000, 4), then exit($v0 + $a3): EFAULT exits 15, a success 4.
    let body = """
        li    $a0, 2
        lui   $a1, 0x1000
        li    $a2, 4
        li    $v0, 4004
        syscall
        addu  $a0, $v0, $a3
        li    $v0, 4001
        syscall
      """
    try expectRefusedAndForgeryRejected(
      body, page: { _ in 0x10000 }, honestExit: 15, forgedExit: 4)
  }

  @Test("a read whose buffer runs into an unmapped page claimed to succeed is rejected")
  func readIntoUnmappedTail() throws {
    // read(0, B − 2, 8) with B the first page boundary at or above the image's end: two
    // bytes of input land below B, the six asked for beyond are unmapped. Then exit($v0 +
    // $a3): EFAULT exits 15, the short read 2.
    let body = """
        la    $t0, _end
        addiu $t0, $t0, 4095
        srl   $t0, $t0, 12
        sll   $t0, $t0, 12
        li    $a0, 0
        addiu $a1, $t0, -2
        li    $a2, 8
        li    $v0, 4003
        syscall
        addu  $a0, $v0, $a3
        li    $v0, 4001
        syscall
      """
    try expectRefusedAndForgeryRejected(
      body, input: Array("ab".utf8), page: { ($0.endOfImage + 0xfff) >> 12 }, honestExit: 15,
      forgedExit: 2)
  }
}
