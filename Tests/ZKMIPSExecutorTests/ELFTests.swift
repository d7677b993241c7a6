import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSTestSupport

/// Builds a minimal valid ELF32 LE MIPS executable in memory, with knobs to break it.
struct ELFBuilder {
  var elfClass: UInt8 = 1
  var data: UInt8 = 1
  var type: UInt16 = 2
  var machine: UInt16 = 8
  var entry: UInt32 = 0x400000
  var segments: [(vaddr: UInt32, bytes: [UInt8], memsz: UInt32, flags: UInt32)] = [
    (0x400000, [0x0d, 0x00, 0x00, 0x00], 4, 5)  // break
  ]
  var extraProgramHeaderType: UInt32? = nil

  func build() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 52)
    func put16(_ v: UInt16, _ at: Int) { out[at] = UInt8(v & 0xff); out[at + 1] = UInt8(v >> 8) }
    func put32(_ v: UInt32, _ at: Int) {
      for k in 0..<4 { out[at + k] = UInt8((v >> (8 * k)) & 0xff) }
    }
    out[0] = 0x7f; out[1] = 0x45; out[2] = 0x4c; out[3] = 0x46
    out[4] = elfClass; out[5] = data; out[6] = 1
    put16(type, 16); put16(machine, 18); put32(1, 20); put32(entry, 24)
    let count = segments.count + (extraProgramHeaderType == nil ? 0 : 1)
    put32(52, 28); put16(52, 40); put16(32, 42); put16(UInt16(count), 44)
    var dataOffset = 52 + 32 * count
    var headers: [UInt8] = []
    var payload: [UInt8] = []
    for s in segments {
      var h = [UInt8](repeating: 0, count: 32)
      func h32(_ v: UInt32, _ at: Int) {
        for k in 0..<4 { h[at + k] = UInt8((v >> (8 * k)) & 0xff) }
      }
      h32(1, 0); h32(UInt32(dataOffset), 4); h32(s.vaddr, 8); h32(s.vaddr, 12)
      h32(UInt32(s.bytes.count), 16); h32(s.memsz, 20); h32(s.flags, 24); h32(4, 28)
      headers += h
      payload += s.bytes
      dataOffset += s.bytes.count
    }
    if let t = extraProgramHeaderType {
      var h = [UInt8](repeating: 0, count: 32)
      h[0] = UInt8(t)
      headers += h
    }
    return out + headers + payload
  }
}

@Suite("ELF loader")
struct ELFTests {
  @Test func validMinimalProgramLoadsAndRuns() throws {
    let program = try ELFProgram(elf: ELFBuilder().build())
    #expect(program.entry == 0x400000)
    #expect(program.segments.count == 1)
    let status = Machine(program: program).run(maxCycles: 10)
    guard case .fault(let f) = status else { Issue.record("\(status)"); return }
    #expect(f.kind == .breakpoint)
  }

  @Test func bssIsZeroFilled() throws {
    var b = ELFBuilder()
    b.segments.append((0x410000, [1, 2, 3, 4], 0x2000, 6))
    let m = Machine(program: try ELFProgram(elf: b.build()))
    #expect(m.memory.loadWord(0x410000) == 0x0403_0201)
    #expect(m.memory.loadWord(0x411ffc) == 0)
    #expect(!m.memory.isMapped(0x412000))
  }

  @Test func everyTruncationIsRejected() throws {
    let bytes = ELFBuilder().build()
    for n in 0..<bytes.count {
      #expect(throws: ELFError.self) { try ELFProgram(elf: Array(bytes[..<n])) }
    }
  }

  nonisolated(unsafe) static let breakers: [(String, (inout ELFBuilder) -> Void, ELFError)] = [
    ("class", { $0.elfClass = 2 }, .wrongClass(2)),
    ("endianness", { $0.data = 2 }, .wrongEndianness(2)),
    ("type", { $0.type = 3 }, .wrongType(3)),
    ("machine", { $0.machine = 62 }, .wrongMachine(62)),
    ("entry", { $0.entry = 0x500000 }, .entryOutsideSegments(0x500000)),
    ("overlap", { $0.segments.append((0x400002, [0], 8, 6)) }, .segmentsOverlap(0, 1)),
    ("ceiling", { $0.segments.append((0x7eff_f000, [], 0x2000, 6)) }, .segmentOutOfRange(index: 1)),
    ("wrap", { $0.segments.append((0xffff_f000, [], 0x2000, 6)) }, .segmentOutOfRange(index: 1)),
    (
      "interp", { $0.extraProgramHeaderType = 3 },
      .unsupported("dynamically linked program (PT_INTERP/PT_DYNAMIC); link with -static")
    ),
  ]

  @Test(arguments: 0..<breakers.count)
  func malformedHeaderIsRejected(_ i: Int) {
    let (name, breakIt, expected) = Self.breakers[i]
    var b = ELFBuilder()
    breakIt(&b)
    #expect(throws: expected, "\(name)") { try ELFProgram(elf: b.build()) }
  }

  @Test func notAnELF() {
    #expect(throws: ELFError.notELF) { try ELFProgram(elf: Array("#!/bin/sh\necho hi\n".utf8)) }
  }

  @Test func randomBytesNeverCrash() {
    var rng = SplitMix64(seed: 42)
    let valid = ELFBuilder().build()
    for _ in 0..<2000 {
      var bytes = valid
      for _ in 0..<Int(rng.next() % 6 + 1) {
        bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
      }
      if let p = try? ELFProgram(elf: bytes) {
        // Whatever loads must also run without crashing the host.
        _ = Machine(program: p).run(maxCycles: 1000)
      }
    }
  }
}
