import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// A forged exit code through the memory chip's key order (found by review): a row with a
/// huge key followed by an existing word's key, the order wrapping mod p, starts a second
/// chain for that word at 0, so a load can return 0 instead of the stored 5. Keys are
/// therefore bounded below 2^29, where key + 1 + difference cannot wrap.
@Suite("Machine: memory keys cannot wrap")
struct MemoryKeyWrapTests {
  @Test func aWrappedKeyOrderCannotForgeALoad() throws {
    let body = """
      li $t0, 5
      sw $t0, 0($s7)
      lw $a0, 0($s7)
      li $v0, 4001
      syscall
      """
    var c = try MachineCase(body)
    #expect(c.witness.exitCode == 5)
    #expect(c.problems == [])
    typealias C = CPUChip.Columns
    typealias M = MemoryChip.Columns
    typealias T = MachineKey.Table
    var cpu = c.witness.traces[T.cpu.rawValue]
    func op(_ r: Int) -> KoalaBear { cpu[r, C.opcode] }
    let lw = (0..<cpu.height).first {
      op($0) == KoalaBear(UInt32(Opcode.lw.rawValue)) && cpu[$0, C.flag(.memory)] == .one
    }!
    let sw = (0..<cpu.height).first {
      op($0) == KoalaBear(UInt32(Opcode.sw.rawValue)) && cpu[$0, C.flag(.memory)] == .one
    }!
    let exitRow = (0..<cpu.height).first { cpu[$0, C.halts] == .one }!
    let clkLW = cpu[lw, C.clk].value
    let clkSW = cpu[sw, C.clk].value
    let tsLW = 4 * clkLW + 2
    // The load reads a second chain of its word, started at 0.
    C.memoryOld.write(0, to: &cpu, row: lw)
    C.memoryNew.write(0, to: &cpu, row: lw)
    cpu[lw, C.previous(.memory)] = .zero
    let d = tsLW - 1
    for k in 0..<3 { cpu[lw, C.difference(.memory, k)] = KoalaBear((d >> (8 * UInt32(k))) & 0xff) }
    C.result.write(0, to: &cpu, row: lw)
    C.rtValue.write(0, to: &cpu, row: exitRow)
    c.witness.traces[T.cpu.rawValue] = cpu

    var sys = c.witness.traces[T.syscall.rawValue]
    sys[0, SyscallChip.Columns.a0[0]] = .zero
    c.witness.traces[T.syscall.rawValue] = sys

    var scratch = ByteLookups()
    c.witness.traces[T.memoryInstruction.rawValue] = MemoryInstructionChip().generateTrace(
      [MemoryOperation(.sw, offset: 0, w: 0, t: 5), MemoryOperation(.lw, offset: 0, w: 0, t: 0)],
      lookups: &scratch, minimumHeight: 4)

    // Memory: the word's first chain ends at the store; a4 ends at 0; then a huge key and
    // the word again (the key order wraps mod p).
    let address = (0..<4).reduce(UInt32(0)) {
      $0 | cpu[sw, C.address[$1]].value << (8 * UInt32($1))
    }
    let wordKey = MemoryKey.word(address)
    var m = c.witness.traces[T.memory.rawValue]
    func key(_ r: Int) -> UInt32 {
      (0..<4).reduce(UInt32(0)) { $0 | m[r, M.key[$1]].value << (8 * UInt32($1)) }
    }
    let last = (0..<m.height).last { m[$0, M.isReal] == .one }!
    if last + 3 > m.height {
      var bigger = RowMajorMatrix(zerosHeight: 2 * m.height, width: m.width)
      for r in 0..<m.height { for col in 0..<m.width { bigger[r, col] = m[r, col] } }
      m = bigger
    }
    let w = (0..<m.height).first { m[$0, M.isReal] == .one && key($0) == wordKey }!
    m[w, M.finalTimestamp] = KoalaBear(4 * clkSW + 2)
    let a0 = (0..<m.height).first { m[$0, M.isReal] == .one && key($0) == 4 }!
    M.final.write(0, to: &m, row: a0)
    let big: UInt32 = (1 << 30) - 1
    M.difference.write(big - key(last) - 1, to: &m, row: last)
    m[last + 1, M.isReal] = .one
    M.key.write(big, to: &m, row: last + 1)
    let p: UInt64 = 0x7f00_0001
    let wrap = UInt32(UInt64(wordKey) + p - UInt64(big) - 1)
    #expect(wrap < 1 << 30)
    M.difference.write(wrap, to: &m, row: last + 1)
    m[last + 2, M.isReal] = .one
    M.key.write(wordKey, to: &m, row: last + 2)
    m[last + 2, M.finalTimestamp] = KoalaBear(tsLW)
    c.witness.traces[T.memory.rawValue] = m

    var lookups = ByteLookups()
    for (t, air) in c.tables.key.airs.enumerated() where t != T.byte.rawValue {
      lookups.record(air, trace: c.witness.traces[t])
    }
    // The wrap needs a key of 2^29 or more, whose top limb fails the byte check.
    #expect(lookups.unmatched > 0)
    c.witness.traces[T.byte.rawValue] = ByteTableChip().generateTrace(lookups)
    c.witness.exitCode = 0
    #expect(!c.problems.isEmpty)
    #expect(try c.proveAndVerify() != nil)
  }
}
