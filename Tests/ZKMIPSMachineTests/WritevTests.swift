import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSTestSupport

/// writev(1, iov, 3) with entries "Hello, " (aligned), an empty one and "world!\n" (at an
/// unaligned address, in words of its own), writev(2, iov2, 2) of "oops\n" and "He",
/// write(1, "Hello", 5) (the cursor goes on after the writev), an empty writev(1, 0, 0)
/// and a writev on fd 5 (EBADF, $a3 = 1). Exits with 14 + 7 + 0 + 1 = 22.
let writevBody = """
    b     1f
    nop
    .data
    .align 4
  iov:
    .space 24
  iov2:
    .space 16
    .align 4
  hello:
    .ascii "Hello, "
    .space 9
    .byte 42
  world:
    .ascii "world!\\n"
  oops:
    .ascii "oops\\n"
    .text
  1:
    la    $t0, iov
    la    $t1, hello
    sw    $t1, 0($t0)
    li    $t2, 7
    sw    $t2, 4($t0)
    la    $t1, oops
    sw    $t1, 8($t0)
    sw    $zero, 12($t0)
    la    $t1, world
    sw    $t1, 16($t0)
    sw    $t2, 20($t0)
    li    $a0, 1
    move  $a1, $t0
    li    $a2, 3
    li    $v0, 4146
    syscall
    move  $s0, $v0
    la    $t0, iov2
    la    $t1, oops
    sw    $t1, 0($t0)
    li    $t2, 5
    sw    $t2, 4($t0)
    la    $t1, hello
    sw    $t1, 8($t0)
    li    $t2, 2
    sw    $t2, 12($t0)
    li    $a0, 2
    move  $a1, $t0
    li    $a2, 2
    li    $v0, 4146
    syscall
    addu  $s0, $s0, $v0
    li    $a0, 1
    la    $a1, hello
    li    $a2, 5
    li    $v0, 4004
    syscall
    li    $a0, 1
    move  $a1, $zero
    li    $a2, 0
    li    $v0, 4146
    syscall
    addu  $s0, $s0, $v0
    li    $a0, 5
    la    $a1, iov
    li    $a2, 1
    li    $v0, 4146
    syscall
    addu  $s0, $s0, $a3
    move  $a0, $s0
    li    $v0, 4001
    syscall
  """

@Suite("Machine: writev")
struct WritevTests {
  typealias V = IovecChip.Columns
  typealias S = SyscallChip.Columns
  static let iovec = MachineKey.Table.iovec.rawValue
  static let syscall = MachineKey.Table.syscall.rawValue

  /// The iovec rows of the first writev (fd 1): entries "Hello, ", empty, "world!\n".
  static func firstWritevRows(_ c: MachineCase) -> [Int] {
    let t = c.witness.traces[iovec]
    let clk = t[0, V.clk]
    let rows = (0..<t.height).filter { t[$0, V.isOutput] == .one && t[$0, V.clk] == clk }
    precondition(rows.count == 3)
    precondition(t[rows[0], V.length[0]] == KoalaBear(7) && t[rows[1], V.length[0]] == .zero)
    return rows
  }

  /// Applies `change` to table `table`; expects a problem (a violation or bus imbalance)
  /// and a rejected proof.
  func expectRejected(
    _ c: MachineCase, _ table: Int, named: String? = nil, _ change: (inout RowMajorMatrix) -> Void
  ) throws {
    var c = c
    change(&c.witness.traces[table])
    let problems = c.problems
    #expect(!problems.isEmpty)
    if let named { #expect(problems.contains { $0.contains(named) }, "\(problems)") }
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("writev on fd 1 and fd 2 proves; the proven output is the executor's")
  func honest() throws {
    let (machine, status) = try TestSupport.run(writevBody)
    #expect(status == .exited(22))
    #expect(machine.kernel.output == Array("Hello, world!\nHello".utf8))
    let c = try MachineCase(writevBody)
    #expect(c.witness.exitCode == 22)
    #expect(c.witness.output == machine.kernel.output)
    #expect(c.problems.isEmpty, "\(c.problems)")
    #expect(try c.proveAndVerify() == nil)
    // Another output (one byte changed, or the empty entry's stderr bytes spliced in) is
    // rejected by the verifier.
    var other = c.witness.output
    other[8] = UInt8(ascii: "W")
    #expect(
      try c.proveAndVerify(
        verifierMessages: MachineKey.publicMessages(consumedInput: [], output: other)) != nil)
  }

  @Test("a forged iovec length is rejected (the memory argument holds the word)")
  func forgedLength() throws {
    let c = try MachineCase(writevBody)
    let rows = Self.firstWritevRows(c)
    // Entry 0 claimed 6 bytes long, the totals after it consistent: only the memory bus
    // (the len word read) and the transfer chain disagree.
    try expectRejected(c, Self.iovec) { t in
      t[rows[0], V.length[0]] = KoalaBear(6)
      t[rows[0], V.lengthInverse] = KoalaBear(6).inverse()!
      for r in rows {
        if r != rows[0] { t[r, V.total] -= .one }
        t[r, V.newTotal] -= .one
      }
    }
  }

  @Test("a forged iovec base is rejected")
  func forgedBase() throws {
    let c = try MachineCase(writevBody)
    let rows = Self.firstWritevRows(c)
    try expectRejected(c, Self.iovec) { $0[rows[2], V.base[0]] += .one }
  }

  @Test("a skipped iovec is rejected")
  func skippedEntry() throws {
    let c = try MachineCase(writevBody)
    let rows = Self.firstWritevRows(c)
    // The empty entry's row dropped: the chain from entry 0 does not reach entry 2.
    try expectRejected(c, Self.iovec) { t in
      for col in 0..<t.width { t[rows[1], col] = .zero }
      t[rows[1], V.basePrevious] = .one
      t[rows[1], V.lengthPrevious] = .one
      t[rows[1], V.lenAddress[0]] = KoalaBear(4)
    }
    // Or entry 1 claimed to be the last (remaining 1): row 2 dangles.
    try expectRejected(c, Self.iovec) { t in
      t[rows[1], V.remaining] = .one
      t[rows[1], V.left] = .zero
    }
  }

  @Test("a forged writev return value is rejected")
  func forgedResult() throws {
    let c = try MachineCase(writevBody)
    let t = c.witness.traces[Self.syscall]
    let writev = SyscallChip.entries.firstIndex { $0.behaviour == .writevOutput }!
    let r = (0..<t.height).first { t[$0, S.selectors + writev] == .one }!
    precondition(t[r, S.result[0]] == KoalaBear(14))
    // $v0 and the cursor claim one byte more.
    try expectRejected(c, Self.syscall) { t in
      t[r, S.result[0]] += .one
      t[r, S.stateNew[0]] += .one
    }
  }

  /// An iovec whose words the executor cannot load (EFAULT: `$v0` 14, `$a3` 1, so the run
  /// exits 15) is refused; a witness whose run sees `page` mapped reads the entry as (0, 0),
  /// claims writev returned 0 (exit 0), and is rejected for its page lookups alone.
  func expectUnmappedIovecRejected(_ body: String, page: (ELFProgram) -> UInt32) throws {
    let (_, status) = try TestSupport.run(body)
    #expect(status == .exited(15))
    #expect(throws: MachineProvingError.self) { _ = try MachineCase(body) }
    let elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
    let c = try MachineCase(body, forgingMappedPages: [page(elf)])
    #expect(c.witness.exitCode == 0)
    let problems = c.problems
    #expect(
      !problems.isEmpty && problems.allSatisfy { $0.hasPrefix("bus \(MachineBus.page):") },
      "\(problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("an iovec array on an unmapped page claimed read is rejected")
  func iovecOnUnmappedPage() throws {
    let body = """
          li    $a0, 1
          lui   $a1, 0x1000
          li    $a2, 1
          li    $v0, 4146
          syscall
          addu  $a0, $v0, $a3
          li    $v0, 4001
          syscall
      """
    try expectUnmappedIovecRejected(body, page: { _ in 0x10000 })
  }

  @Test("an iovec whose len word starts an unmapped page claimed read is rejected")
  func lengthWordOnUnmappedPage() throws {
    // iov = B − 4 for B the first page boundary at or above the image's end: base at B − 4
    // (mapped, 0), len at B (unmapped).
    let body = """
          la    $t0, _end
          addiu $t0, $t0, 4095
          srl   $t0, $t0, 12
          sll   $t0, $t0, 12
          sw    $zero, -4($t0)
          li    $a0, 1
          addiu $a1, $t0, -4
          li    $a2, 1
          li    $v0, 4146
          syscall
          addu  $a0, $v0, $a3
          li    $v0, 4001
          syscall
      """
    try expectUnmappedIovecRejected(body, page: { ($0.endOfImage + 0xfff) >> 12 })
  }

  @Test("writev with more than 1024 entries (EINVAL) or an unmapped buffer (EFAULT) is refused")
  func refused() throws {
    let einval = """
          li    $a0, 1
          move  $a1, $s7
          li    $a2, 1025
          li    $v0, 4146
          syscall
      """
    let efault = """
          lui   $t0, 0x1000
          sw    $t0, 0($s7)
          li    $t1, 4
          sw    $t1, 4($s7)
          li    $a0, 1
          move  $a1, $s7
          li    $a2, 1
          li    $v0, 4146
          syscall
      """
    // Two entries reading the same word ("ab" at buf + 8, twice).
    let shared = """
          addiu $t0, $s7, 8
          sw    $t0, 0($s7)
          sw    $t0, 8($s7)
          li    $t1, 2
          sw    $t1, 4($s7)
          sw    $t1, 12($s7)
          li    $a0, 1
          move  $a1, $s7
          li    $a2, 2
          li    $v0, 4146
          syscall
      """
    for (body, reason) in [(einval, "EINVAL"), (efault, "EFAULT"), (shared, "share")] {
      do {
        _ = try MachineCase(body)
        Issue.record("a writev answering \(reason) was proven")
      } catch let e as MachineProvingError {
        #expect(e.description.contains(reason) && e.description.contains("4146"), "\(e)")
      }
    }
  }
}
