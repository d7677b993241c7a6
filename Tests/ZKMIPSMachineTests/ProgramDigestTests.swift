import Testing
import ZKMIPSExecutor
import ZKMIPSMachine

@Suite("Program digest")
struct ProgramDigestTests {
  static let base = ELFProgram(
    entry: 0x40_0000,
    segments: [
      .init(virtualAddress: 0x40_0000, data: [0x0d, 0, 0, 0, 1, 2, 3], memorySize: 8, flags: 5),
      .init(virtualAddress: 0x41_0000, data: [9, 9], memorySize: 0x1000, flags: 6),
    ])

  @Test func deterministicAndSensitiveToEveryPartOfTheImage() {
    let d = ProgramDigest.compute(Self.base)
    #expect(ProgramDigest.compute(Self.base) == d)
    var variants: [ELFProgram] = []
    var p = Self.base
    p.entry += 4
    variants.append(p)
    for byte in 0..<Self.base.segments[0].data.count {
      p = Self.base
      p.segments[0].data[byte] ^= 1
      variants.append(p)
    }
    p = Self.base
    p.segments[1].memorySize += 0x1000  // a larger .bss
    variants.append(p)
    p = Self.base
    p.segments[1].virtualAddress += 0x1000
    variants.append(p)
    p = Self.base
    p.segments[1].flags = 7
    variants.append(p)
    p = Self.base
    p.segments[0].data.append(0)  // a trailing zero byte is not the same image
    variants.append(p)
    p = Self.base
    p.segments.removeLast()
    variants.append(p)
    let digests = variants.map(ProgramDigest.compute)
    #expect(!digests.contains(d))
    #expect(Set(digests.map(\.bytes)).count == digests.count)
  }
}
