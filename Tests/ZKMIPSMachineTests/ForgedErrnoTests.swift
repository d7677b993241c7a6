import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

func limbValue(_ t: RowMajorMatrix, _ r: Int, _ w: WordColumns) -> UInt32 {
  (0..<4).reduce(UInt32(0)) { $0 | t[r, w[$1]].value << (8 * UInt32($1)) }
}

/// A forged errno (found by review): EBADF's and ENOSYS's $v0 were once unconstrained, so a
/// run exiting with $v0 could be proven to exit 0. Now the forged witnesses are rejected.
@Suite("Machine: a forged errno is rejected")
struct ForgedErrnoTests {
  /// `prefix` ends in a syscall of entry `k` (EBADF or ENOSYS); the program then exits with
  /// its $v0. Forges that $v0 to `v` and patches the rest of the witness to match.
  func forge(prefix: String, entry k: Int, value v: UInt32) throws -> (MachineCase, MachineCase) {
    let body =
      prefix + """

          addu  $a0, $v0, $zero
          li    $v0, 4001
          syscall
        """
    let honest = try MachineCase(body)
    var c = honest
    typealias T = MachineKey.Table
    let S = SyscallChip.Columns.self, C = CPUChip.Columns.self, M = MemoryChip.Columns.self
    let A = AddSubChip.Columns.self
    var st = c.witness.traces[T.syscall.rawValue]
    var ct = c.witness.traces[T.cpu.rawValue]
    var mt = c.witness.traces[T.memory.rawValue]
    var at = c.witness.traces[T.addSub.rawValue]
    let row = (0..<st.height).first { st[$0, S.selectors + k] == .one }!
    let honestV0 = limbValue(st, row, S.result)
    let r = Int(st[row, S.clk].value) - 1
    // 1. the syscall's $v0
    S.result.write(v, to: &st, row: row)
    C.result.write(v, to: &ct, row: r)
    // 2. move $a0, $v0 (addu $a0, $v0, $zero): reads v, writes v
    #expect(ct[r + 1, C.rs] == KoalaBear(2) && ct[r + 1, C.writeRegister] == KoalaBear(4))
    C.rsValue.write(v, to: &ct, row: r + 1)
    C.a.write(v, to: &ct, row: r + 1)
    C.result.write(v, to: &ct, row: r + 1)
    let ar = (0..<at.height).first {
      limbValue(at, $0, A.a) == honestV0 && limbValue(at, $0, A.b) == 0
        && limbValue(at, $0, A.c) == honestV0
    }!
    A.a.write(v, to: &at, row: ar)
    A.c.write(v, to: &at, row: ar)
    // 3. li $v0, 4001 overwrites v
    #expect(ct[r + 2, C.writeRegister] == KoalaBear(2))
    C.oldValue.write(v, to: &ct, row: r + 2)
    if ct[r + 2, C.rt] == KoalaBear(2) { C.rtValue.write(v, to: &ct, row: r + 2) }
    if ct[r + 2, C.rs] == KoalaBear(2) { C.rsValue.write(v, to: &ct, row: r + 2) }
    // 4. exit($a0 = v)
    C.rtValue.write(v, to: &ct, row: r + 3)
    S.a0.write(v, to: &st, row: row + 1)
    let mr = (0..<mt.height).first { limbValue(mt, $0, M.key) == 4 }!
    M.final.write(v, to: &mt, row: mr)
    c.witness.exitCode = UInt8(v)
    c.witness.traces[T.syscall.rawValue] = st
    c.witness.traces[T.cpu.rawValue] = ct
    c.witness.traces[T.memory.rawValue] = mt
    c.witness.traces[T.addSub.rawValue] = at
    // The byte table's counts, recomputed.
    var lookups = ByteLookups()
    for (i, air) in c.tables.key.airs.enumerated() where i != T.byte.rawValue {
      lookups.record(air, trace: c.witness.traces[i])
    }
    c.witness.traces[T.byte.rawValue] = ByteTableChip().generateTrace(lookups)
    return (honest, c)
  }

  @Test("EBADF: write(5) then exit($v0) claimed to exit 0")
  func ebadf() throws {
    let k = SyscallChip.entries.firstIndex { $0.behaviour == .badFD(1, 2) }!
    let (honest, c) = try forge(
      prefix: """
          li    $a0, 5
          li    $a2, 5
          li    $v0, 4004
          syscall
        """, entry: k, value: 0)
    #expect(honest.witness.exitCode == 9)
    #expect(honest.problems == [])
    #expect(c.problems.contains { $0.contains("constant result limb 0") }, "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("ENOSYS: syscall 4999 then exit($v0) claimed to exit 0")
  func enosys() throws {
    let k = SyscallChip.entries.firstIndex { $0.behaviour == .unknown }!
    let (honest, c) = try forge(
      prefix: """
          li    $v0, 4999
          syscall
        """, entry: k, value: 0)
    #expect(honest.witness.exitCode == 89)
    #expect(honest.problems == [])
    #expect(c.problems.contains { $0.contains("constant result limb 0") }, "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }
}
