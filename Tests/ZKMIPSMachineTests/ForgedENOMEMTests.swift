import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// A granted mmap claimed ENOMEM (found by review): the break port's timestamp difference
/// was once not range-checked, so previous = ts made its receive and send cancel and the
/// break word was free — set to M, "no room" held and the run (exit($a3)) was proven to
/// exit 1 instead of 0. Every constraint still holds; the range check of the difference −1
/// now leaves the bus unbalanced.
@Suite("Machine: forged ENOMEM")
struct ForgedENOMEMTests {
  static let body = """
      li    $a0, 0
      li    $a1, 4096
      li    $a2, 3
      li    $a3, 0x802
      li    $v0, 4210
      syscall
      addu  $a0, $a3, $zero
      li    $v0, 4001
      syscall
    """

  @Test func aGrantedMmapClaimedENOMEMIsRejected() throws {
    typealias T = MachineKey.Table
    let S = SyscallChip.Columns.self, C = CPUChip.Columns.self, Mc = MemoryChip.Columns.self
    let A = AddSubChip.Columns.self, H = MappedPageChip.Columns.self
    let honest = try MachineCase(Self.body)
    #expect(honest.witness.exitCode == 0)
    #expect(honest.problems.isEmpty, "\(honest.problems)")
    var c = honest
    var st = c.witness.traces[T.syscall.rawValue]
    var ct = c.witness.traces[T.cpu.rawValue]
    var mt = c.witness.traces[T.memory.rawValue]
    var at = c.witness.traces[T.addSub.rawValue]
    var ht = c.witness.traces[T.mappedPages.rawValue]
    let k = SyscallChip.entries.firstIndex { $0.number == .mmap2 }!
    let row = (0..<st.height).first { st[$0, S.selectors + k] == .one }!
    let clk = st[row, S.clk]
    let M = limbValue(st, row, S.stateOld)
    let honestPrevious = st[row, S.previous(4)]
    // 1. the syscall row: ENOMEM with the break word forged to M.
    st[row, S.granted] = .zero
    st[row, S.noRoom] = .one
    st[row, S.fails] = .one
    S.result.write(12, to: &st, row: row)
    st[row, S.resultHigh] = .zero
    for i in 0..<3 {
      st[row, S.pages + i] = .zero
      st[row, S.room + i] = .zero
      st[row, S.noRoomGap + i] = .zero  // ⌈a1/4096⌉ − M/4096 + M/4096 − 1 = 0
    }
    S.stateNew.write(M, to: &st, row: row)
    S.breakWord.write(M, to: &st, row: row)
    S.a0Page.write(M, to: &st, row: row)
    let ts = KoalaBear(4) * clk + KoalaBear(2)
    st[row, S.previous(4)] = ts
    st[row, S.difference(4, 0)] = -KoalaBear.one  // ts − previous − 1 = −1, never range-checked
    st[row, S.difference(4, 1)] = .zero
    st[row, S.difference(4, 2)] = .zero
    // 2. CPU: $v0 = 12; move $a0, $a3 reads 1; li $v0 overwrites 12; exit(1).
    let r = Int(clk.value) - 1
    C.result.write(12, to: &ct, row: r)
    C.rsValue.write(1, to: &ct, row: r + 1)
    C.a.write(1, to: &ct, row: r + 1)
    C.result.write(1, to: &ct, row: r + 1)
    C.oldValue.write(12, to: &ct, row: r + 2)
    if ct[r + 2, C.rt] == KoalaBear(2) { C.rtValue.write(12, to: &ct, row: r + 2) }
    C.rtValue.write(1, to: &ct, row: r + 3)
    S.a0.write(1, to: &st, row: row + 1)
    let ar = (0..<at.height).first {
      limbValue(at, $0, A.a) == 0 && limbValue(at, $0, A.b) == 0 && limbValue(at, $0, A.c) == 0
        && at[$0, A.selectors.column(of: .addu)] == .one
    }!
    A.a.write(1, to: &at, row: ar)
    A.c.write(1, to: &at, row: ar)
    // 3. memory finals: $a0 = 1, $a3 = 1, M unchanged, break's last timestamp the old one.
    func memRow(_ key: UInt32) -> Int {
      (0..<mt.height).first { limbValue(mt, $0, Mc.key) == key }!
    }
    Mc.final.write(1, to: &mt, row: memRow(4))
    Mc.final.write(1, to: &mt, row: memRow(7))
    Mc.final.write(M, to: &mt, row: memRow(MemoryKey.mmapLow))
    mt[memRow(MemoryKey.programBreak), Mc.finalTimestamp] = honestPrevious
    // 4. the mapped page that mmap granted: gone.
    for hr in 0..<ht.height where ht[hr, H.isReal] == .one && ht[hr, H.clk] == clk {
      for col in 0..<H.width { ht[hr, col] = .zero }
    }
    c.witness.exitCode = 1
    c.witness.traces[T.syscall.rawValue] = st
    c.witness.traces[T.cpu.rawValue] = ct
    c.witness.traces[T.memory.rawValue] = mt
    c.witness.traces[T.addSub.rawValue] = at
    c.witness.traces[T.mappedPages.rawValue] = ht
    var lookups = ByteLookups()
    for (i, air) in c.tables.key.airs.enumerated() where i != T.byte.rawValue {
      lookups.record(air, trace: c.witness.traces[i])
    }
    c.witness.traces[T.byte.rawValue] = ByteTableChip().generateTrace(lookups)
    #expect(c.problems.allSatisfy { $0.hasPrefix("bus ") } && !c.problems.isEmpty, "\(c.problems)")
    #expect(try c.proveAndVerify() == .busImbalance)
  }
}
