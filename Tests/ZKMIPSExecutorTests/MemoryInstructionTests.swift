import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

/// Byte-level reference for the unaligned instructions, written from the manual's
/// description (little-endian), independent of the executor's word formulas.
enum UnalignedReference {
  /// LWL: bytes addr, addr−1, ... down to the word boundary become rt's bytes 3, 2, ...
  static func lwl(memory: [UInt8], address: Int, rt: UInt32) -> UInt32 {
    var bytes = withUnsafeBytes(of: rt.littleEndian) { Array($0) }
    var a = address, k = 3
    while true {
      bytes[k] = memory[a]
      if a % 4 == 0 { break }
      a -= 1
      k -= 1
    }
    return bytes.withUnsafeBytes { UInt32(littleEndian: $0.load(as: UInt32.self)) }
  }
  /// LWR: bytes addr, addr+1, ... up to the word end become rt's bytes 0, 1, ...
  static func lwr(memory: [UInt8], address: Int, rt: UInt32) -> UInt32 {
    var bytes = withUnsafeBytes(of: rt.littleEndian) { Array($0) }
    var a = address, k = 0
    while true {
      bytes[k] = memory[a]
      if a % 4 == 3 { break }
      a += 1
      k += 1
    }
    return bytes.withUnsafeBytes { UInt32(littleEndian: $0.load(as: UInt32.self)) }
  }
  static func swl(memory: inout [UInt8], address: Int, rt: UInt32) {
    let bytes = withUnsafeBytes(of: rt.littleEndian) { Array($0) }
    var a = address, k = 3
    while true {
      memory[a] = bytes[k]
      if a % 4 == 0 { break }
      a -= 1
      k -= 1
    }
  }
  static func swr(memory: inout [UInt8], address: Int, rt: UInt32) {
    let bytes = withUnsafeBytes(of: rt.littleEndian) { Array($0) }
    var a = address, k = 0
    while true {
      memory[a] = bytes[k]
      if a % 4 == 3 { break }
      a += 1
      k += 1
    }
  }
}

/// Initialises buf[0..<16] to 0x10, 0x11, ..., 0x1f.
let fillBuffer = """
  li $t9, 0x13121110
  sw $t9, 0($s7)
  li $t9, 0x17161514
  sw $t9, 4($s7)
  li $t9, 0x1b1a1918
  sw $t9, 8($s7)
  li $t9, 0x1f1e1d1c
  sw $t9, 12($s7)

  """
let initialBuffer: [UInt8] = Array(0x10...0x1f)

@Suite("Loads and stores")
struct MemoryInstructionTests {
  @Test(arguments: 4..<8)
  func lwlLwrAtEveryOffset(_ address: Int) throws {
    let seed: UInt32 = 0xa1b2_c3d4
    let (m, status) = try TestSupport.run(
      fillBuffer + """
        li $t0, \(seed)
        li $t1, \(seed)
        lwl $t0, \(address)($s7)
        lwr $t1, \(address)($s7)
        """)
    #expect(status == .exited(0))
    #expect(
      m.register(t0) == UnalignedReference.lwl(memory: initialBuffer, address: address, rt: seed))
    #expect(
      m.register(t1) == UnalignedReference.lwr(memory: initialBuffer, address: address, rt: seed))
  }

  @Test(arguments: 4..<8)
  func swlSwrAtEveryOffset(_ address: Int) throws {
    let value: UInt32 = 0xa1b2_c3d4
    let (m, status) = try TestSupport.run(
      fillBuffer + """
        li $t0, \(value)
        swl $t0, \(address)($s7)
        swr $t0, \(address + 4)($s7)
        lw $t1, 4($s7)
        lw $t2, 8($s7)
        lw $t3, 12($s7)
        """)
    #expect(status == .exited(0))
    var mem = initialBuffer
    UnalignedReference.swl(memory: &mem, address: address, rt: value)
    UnalignedReference.swr(memory: &mem, address: address + 4, rt: value)
    func word(_ i: Int) -> UInt32 {
      UInt32(mem[i]) | UInt32(mem[i + 1]) << 8 | UInt32(mem[i + 2]) << 16 | UInt32(mem[i + 3]) << 24
    }
    #expect(m.register(t1) == word(4))
    #expect(m.register(t2) == word(8))
    #expect(m.register(t3) == word(12))
  }

  @Test(arguments: 0..<4)
  func unalignedPairLoadsAndStoresAWord(_ offset: Int) throws {
    // The compiler's idiom for an unaligned word: lwr at addr, lwl at addr + 3.
    let (m, _) = try TestSupport.run(
      fillBuffer + """
        lwr $t0, \(offset)($s7)
        lwl $t0, \(offset + 3)($s7)
        li $t1, 0xcafef00d
        swr $t1, \(offset + 16)($s7)
        swl $t1, \(offset + 19)($s7)
        lwr $t2, \(offset + 16)($s7)
        lwl $t2, \(offset + 19)($s7)
        """)
    let expected = (0..<4).reduce(UInt32(0)) { $0 | UInt32(initialBuffer[offset + $1]) << (8 * $1) }
    #expect(m.register(t0) == expected)
    #expect(m.register(t2) == 0xcafe_f00d)
  }

  @Test func byteAndHalfLoadsSignAndZeroExtend() throws {
    let (m, _) = try TestSupport.run(
      """
      li $t0, 0x80ff7f01
      sw $t0, 0($s7)
      lb $t1, 2($s7)
      lbu $t2, 2($s7)
      lh $t3, 2($s7)
      lhu $t4, 2($s7)
      lb $t5, 0($s7)
      li $t6, 0x1234abcd
      sb $t6, 5($s7)
      sh $t6, 6($s7)
      lw $t7, 4($s7)
      """)
    #expect(m.register(t1) == 0xffff_ffff)
    #expect(m.register(t2) == 0xff)
    #expect(m.register(t3) == 0xffff_80ff)
    #expect(m.register(t4) == 0x80ff)
    #expect(m.register(t5) == 1)
    #expect(m.register(t7) == 0xabcd_cd00)
  }

  @Test func llScSucceedsAfterLLAndFailsWithout() throws {
    let (m, _) = try TestSupport.run(
      """
      li $t0, 5
      sw $t0, 0($s7)
      ll $t1, 0($s7)
      addiu $t1, $t1, 1
      sc $t1, 0($s7)
      lw $t2, 0($s7)
      li $t3, 99
      sc $t3, 0($s7)
      lw $t4, 0($s7)
      """)
    #expect(m.register(t1) == 1)  // sc success flag
    #expect(m.register(t2) == 6)
    #expect(m.register(t3) == 0)  // no reservation: fails, memory unchanged
    #expect(m.register(t4) == 6)
  }
}
