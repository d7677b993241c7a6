import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

/// Register numbers used by the snippets.
let t0 = 8, t1 = 9, t2 = 10, t3 = 11, t4 = 12, t5 = 13, t6 = 14, t7 = 15
let s0 = 16, s1 = 17, s2 = 18, s3 = 19, s4 = 20, t8 = 24, t9 = 25, v0 = 2, a3 = 7, ra = 31

/// One instruction-level case: a snippet and the registers it must leave behind. Expected
/// values are written by hand from the MIPS32r2 manual, not computed by the executor.
struct Case: CustomTestStringConvertible, Sendable {
  var name: String
  var body: String
  var expect: [Int: UInt32]
  var hi: UInt32? = nil
  var lo: UInt32? = nil
  var testDescription: String { name }
}

let arithmeticCases: [Case] = [
  Case(
    name: "addu wraps", body: "li $t0, 0xffffffff\n li $t1, 2\n addu $t2, $t0, $t1", expect: [t2: 1]
  ),
  Case(
    name: "add no overflow", body: "li $t0, -5\n li $t1, 3\n add $t2, $t0, $t1",
    expect: [t2: 0xffff_fffe]),
  Case(
    name: "sub/subu", body: "li $t0, 3\n li $t1, 5\n sub $t2, $t0, $t1\n subu $t3, $t1, $t0",
    expect: [t2: 0xffff_fffe, t3: 2]),
  Case(
    name: "addi/addiu sign-extend",
    body: "li $t0, 10\n addi $t1, $t0, -11\n addiu $t2, $t0, 0x7fff",
    expect: [t1: 0xffff_ffff, t2: 0x8009]),
  Case(
    name: "slt/sltu",
    body: "li $t0, -1\n li $t1, 1\n slt $t2, $t0, $t1\n sltu $t3, $t0, $t1\n slt $t4, $t1, $t0",
    expect: [t2: 1, t3: 0, t4: 0]),
  Case(
    name: "slti/sltiu sign-extended immediate",
    body: "li $t0, 5\n slti $t1, $t0, -1\n sltiu $t2, $t0, -1\n sltiu $t3, $zero, 1",
    expect: [t1: 0, t2: 1, t3: 1]),
  Case(
    name: "logic",
    body:
      "li $t0, 0xf0f0ff00\n li $t1, 0x0ff00ff0\n and $t2,$t0,$t1\n or $t3,$t0,$t1\n xor $t4,$t0,$t1\n nor $t5,$t0,$t1",
    expect: [t2: 0x00f0_0f00, t3: 0xfff0_fff0, t4: 0xff00_f0f0, t5: 0x000f_000f]),
  Case(
    name: "logic immediates zero-extend",
    body:
      "li $t0, 0x12345678\n andi $t1,$t0,0xff0f\n ori $t2,$zero,0x8000\n xori $t3,$t0,0xffff\n lui $t4, 0x8001",
    expect: [t1: 0x5608, t2: 0x8000, t3: 0x1234_a987, t4: 0x8001_0000]),
  Case(
    name: "write to $zero discarded",
    body: "li $t0, 7\n addu $zero, $t0, $t0\n addu $t1, $zero, $zero", expect: [0: 0, t1: 0]),
  Case(
    name: "rs == rt reads", body: "li $t0, 21\n addu $t1, $t0, $t0\n subu $t2, $t0, $t0",
    expect: [t1: 42, t2: 0]),
]

let shiftCases: [Case] = [
  Case(
    name: "sll/srl/sra by 0",
    body: "li $t0, 0x80000001\n sll $t1,$t0,0\n srl $t2,$t0,0\n sra $t3,$t0,0",
    expect: [t1: 0x8000_0001, t2: 0x8000_0001, t3: 0x8000_0001]),
  Case(
    name: "sll/srl/sra by 31",
    body: "li $t0, 0x80000001\n sll $t1,$t0,31\n srl $t2,$t0,31\n sra $t3,$t0,31",
    expect: [t1: 0x8000_0000, t2: 1, t3: 0xffff_ffff]),
  Case(
    name: "variable shifts use low 5 bits",
    body:
      "li $t0, 0x80000010\n li $t1, 36\n sllv $t2,$t0,$t1\n srlv $t3,$t0,$t1\n srav $t4,$t0,$t1\n li $t5, 32\n sllv $t6,$t0,$t5",
    expect: [t2: 0x0000_0100, t3: 0x0800_0001, t4: 0xf800_0001, t6: 0x8000_0010]),
  Case(
    name: "rotr/rotrv",
    body:
      "li $t0, 0x12345678\n rotr $t1,$t0,8\n rotr $t2,$t0,0\n li $t3, 36\n rotrv $t4,$t0,$t3\n rotr $t5,$t0,31",
    expect: [t1: 0x7812_3456, t2: 0x1234_5678, t4: 0x8123_4567, t5: 0x2468_acf0]),
]

let multiplyCases: [Case] = [
  Case(
    name: "mult signed", body: "li $t0, -3\n li $t1, 0x40000000\n mult $t0, $t1", expect: [:],
    hi: 0xffff_ffff, lo: 0x4000_0000),
  Case(
    name: "multu", body: "li $t0, 0xffffffff\n li $t1, 0xffffffff\n multu $t0, $t1", expect: [:],
    hi: 0xffff_fffe, lo: 1),
  Case(
    name: "mul low word, hi/lo kept",
    body: "li $t0, 7\n mthi $t0\n mtlo $t0\n li $t1, -6\n mul $t2, $t0, $t1",
    expect: [t2: 0xffff_ffd6], hi: 7, lo: 7),
  Case(
    name: "madd/msub",
    body:
      "li $t0, 0x10000\n mthi $zero\n li $t9, 5\n mtlo $t9\n madd $t0, $t0\n li $t1, -1\n li $t2, 2\n msub $t1, $t2",
    expect: [:], hi: 1, lo: 7),
  Case(
    name: "maddu/msubu carry",
    body:
      "li $t0, 0xffffffff\n mtlo $t0\n mthi $zero\n li $t1, 1\n maddu $t1, $t1\n msubu $t0, $t1",
    expect: [:], hi: 0, lo: 1),
  Case(
    name: "mfhi/mflo",
    body: "li $t0, 0x1234\n mthi $t0\n li $t1, 0x5678\n mtlo $t1\n mfhi $t2\n mflo $t3",
    expect: [t2: 0x1234, t3: 0x5678]),
  Case(
    name: "div truncates toward zero", body: "li $t0, -7\n li $t1, 2\n div $zero, $t0, $t1",
    expect: [:], hi: 0xffff_ffff, lo: 0xffff_fffd),
  Case(
    name: "div INT_MIN / -1", body: "li $t0, 0x80000000\n li $t1, -1\n div $zero, $t0, $t1",
    expect: [:], hi: 0, lo: 0x8000_0000),
  Case(
    name: "divu large", body: "li $t0, 0xfffffffe\n li $t1, 0x80000000\n divu $zero, $t0, $t1",
    expect: [:], hi: 0x7fff_fffe, lo: 1),
  Case(
    name: "div by zero continues (documented: LO = rs, HI = 0)",
    body: "li $t0, 9\n div $zero, $t0, $zero\n li $t2, 1", expect: [t2: 1], hi: 0, lo: 9),
  Case(
    name: "clz/clo",
    body:
      "li $t0, 0x80000000\n clz $t1,$zero\n clz $t2,$t0\n li $t3, 1\n clz $t4,$t3\n li $t5,-1\n clo $t6,$t5\n clo $t7,$zero\n clo $s0,$t0",
    expect: [t1: 32, t2: 0, t4: 31, t6: 32, t7: 0, s0: 1]),
]

let miscCases: [Case] = [
  Case(
    name: "seb/seh",
    body: "li $t0, 0x1234ff80\n seb $t1,$t0\n seh $t2,$t0\n li $t3, 0x7f\n seb $t4, $t3",
    expect: [t1: 0xffff_ff80, t2: 0xffff_ff80, t4: 0x7f]),
  Case(name: "wsbh", body: "li $t0, 0x11223344\n wsbh $t1,$t0", expect: [t1: 0x2211_4433]),
  Case(
    name: "ext",
    body:
      "li $t0, 0x12345678\n ext $t1,$t0,4,8\n ext $t2,$t0,0,32\n ext $t3,$t0,31,1\n ext $t4,$t0,28,4",
    expect: [t1: 0x67, t2: 0x1234_5678, t3: 0, t4: 1]),
  Case(
    name: "ins",
    body:
      "li $t0, 0xabcd\n li $t1, 0xffffffff\n ins $t1,$t0,8,8\n li $t2, 0\n ins $t2,$t0,0,32\n li $t3, 0\n ins $t3,$t0,31,1",
    expect: [t1: 0xffff_cdff, t2: 0xabcd, t3: 0x8000_0000]),
  Case(
    name: "movn/movz",
    body:
      "li $t0, 5\n li $t1, 9\n li $t2, 1\n movn $t1,$t0,$t2\n li $t3, 3\n movz $t3,$t0,$t2\n li $t4, 3\n movz $t4,$t0,$zero",
    expect: [t1: 5, t3: 3, t4: 5]),
]

@Suite("Instructions: hand-computed results")
struct InstructionTests {
  @Test(arguments: arithmeticCases + shiftCases + multiplyCases + miscCases)
  func instruction(_ c: Case) throws {
    let (m, status) = try TestSupport.run(c.body)
    #expect(status == .exited(0))
    for (r, v) in c.expect {
      #expect(
        m.register(r) == v,
        "\(c.name): $\(r) = 0x\(String(m.register(r), radix: 16)), expected 0x\(String(v, radix: 16))"
      )
    }
    if let hi = c.hi { #expect(m.hi == hi, "\(c.name): HI = 0x\(String(m.hi, radix: 16))") }
    if let lo = c.lo { #expect(m.lo == lo, "\(c.name): LO = 0x\(String(m.lo, radix: 16))") }
  }
}
