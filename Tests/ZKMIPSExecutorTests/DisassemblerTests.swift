import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

@Suite("Disassembler")
struct DisassemblerTests {
  /// Every non-control-flow instruction of random programs, disassembled and reassembled by
  /// clang, gives back the same word: the trace shows what the machine executes.
  @Test(arguments: 0..<4)
  func disassemblyReassemblesToTheSameWords(_ seed: Int) throws {
    let program = try TestSupport.loadELF(
      try TestSupport.assembleFile(RandomProgram.source(seed: UInt64(500 + seed), count: 200)))
    let text = try #require(program.segments.first { $0.flags & 1 != 0 })
    var words: [UInt32] = []
    for k in stride(from: 0, to: text.data.count - 3, by: 4) {
      let w =
        UInt32(text.data[k]) | UInt32(text.data[k + 1]) << 8 | UInt32(text.data[k + 2]) << 16
        | UInt32(text.data[k + 3]) << 24
      let op = Opcode.decode(w)
      if [.branch, .jump].contains(op.chip) || op == .invalid || op == .syscall { continue }
      words.append(w)
    }
    #expect(words.count > 150)
    let lines = words.map { Disassembler.text($0, pc: 0) }
    let source =
      "  .set noreorder\n  .globl __start\n__start:\n"
      + lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
    let reassembled = try TestSupport.loadELF(try TestSupport.assembleFile(source))
    let data = try #require(reassembled.segments.first { $0.flags & 1 != 0 }?.data)
    for (i, w) in words.enumerated() {
      let r =
        UInt32(data[4 * i]) | UInt32(data[4 * i + 1]) << 8 | UInt32(data[4 * i + 2]) << 16
        | UInt32(data[4 * i + 3]) << 24
      #expect(
        r == w, "'\(lines[i])': 0x\(String(w, radix: 16)) reassembled as 0x\(String(r, radix: 16))")
    }
  }
}
