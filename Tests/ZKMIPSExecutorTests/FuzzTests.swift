import Testing
import ZKMIPSExecutor
import ZKMIPSField

/// Random instruction words and random syscalls: whatever the guest does, the run ends with
/// an exit, a fault or the cycle limit, and the host survives.
@Suite("Executor fuzzing")
struct FuzzTests {
  /// A program whose text is `words` at 0x400000 and a writable data page at 0x410000.
  static func program(_ words: [UInt32]) -> ELFProgram {
    let text = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    return ELFProgram(
      entry: 0x40_0000,
      segments: [
        .init(virtualAddress: 0x40_0000, data: text, memorySize: UInt32(text.count), flags: 5),
        .init(virtualAddress: 0x41_0000, data: [], memorySize: 0x1000, flags: 6),
      ])
  }

  @Test(arguments: 0..<8)
  func randomWordsNeverCrashTheHost(_ seed: Int) {
    var g = SplitMix64(seed: UInt64(seed))
    for _ in 0..<200 {
      let words = (0..<64).map { _ in UInt32(truncatingIfNeeded: g.next()) }
      let m = Machine(program: Self.program(words))
      let status = m.run(maxCycles: 10_000)
      switch status {
      case .exited, .fault, .cycleLimit: break
      }
      #expect(m.cycles <= 10_000)
    }
  }

  /// Valid instructions that use registers pointing into real memory, plus syscalls with
  /// random numbers and arguments.
  @Test(arguments: 0..<8)
  func randomSyscallsNeverCrashTheHost(_ seed: Int) {
    var g = SplitMix64(seed: UInt64(100 + seed))
    for _ in 0..<100 {
      var words: [UInt32] = []
      for _ in 0..<16 {
        // lui/ori a random value into $v0 and $a0..$a3, sometimes a syscall number near 4000.
        for reg: UInt32 in [2, 4, 5, 6, 7] {
          let v: UInt32 =
            reg == 2 && g.next() % 2 == 0
            ? 4000 + UInt32(g.next() % 400) : UInt32(truncatingIfNeeded: g.next())
          words.append(0x3c00_0000 | reg << 16 | v >> 16)  // lui
          words.append(0x3400_0000 | reg << 21 | reg << 16 | (v & 0xffff))  // ori
        }
        if g.next() % 3 == 0 {  // point $a1 into the data page
          words.append(0x3c05_0041)  // lui $a1, 0x41
        }
        words.append(0x0000_000c)  // syscall
      }
      let m = Machine(
        program: Self.program(words),
        input: InputStream(bytes: (0..<300).map { _ in UInt8(truncatingIfNeeded: g.next()) }))
      m.kernel.keepsOutput = true
      _ = m.run(maxCycles: 100_000)
      #expect(m.cycles <= 100_000)
    }
  }
}
