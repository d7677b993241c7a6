import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSTestSupport

/// Random straight-line-and-forward-branch programs, run on zkMIPS and on qemu-mipsel; the
/// final registers, HI/LO and a 2 KiB data area are written to stdout and must agree byte
/// for byte.
enum RandomProgram {
  static let registers = Array(8...25).filter { $0 != 23 }  // $s7 holds the buffer address
  static let edgeValues: [UInt32] = [
    0, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 0xffff, 0x8000, 31, 32,
  ]

  static func reg<G: RandomNumberGenerator>(_ g: inout G, source: Bool = false) -> String {
    if source && g.next() % 8 == 0 { return "$zero" }
    return "$\(registers[Int(g.next() % UInt64(registers.count))])"
  }

  static func instruction<G: RandomNumberGenerator>(_ g: inout G) -> String {
    let d = reg(&g), a = reg(&g, source: true), b = reg(&g, source: true)
    let imm = Int16(truncatingIfNeeded: g.next())
    let uimm = UInt16(truncatingIfNeeded: g.next())
    let sa = Int(g.next() % 32)
    switch g.next() % 40 {
    case 0: return "addu \(d), \(a), \(b)"
    case 1: return "subu \(d), \(a), \(b)"
    case 2: return "and \(d), \(a), \(b)"
    case 3: return "or \(d), \(a), \(b)"
    case 4: return "xor \(d), \(a), \(b)"
    case 5: return "nor \(d), \(a), \(b)"
    case 6: return "slt \(d), \(a), \(b)"
    case 7: return "sltu \(d), \(a), \(b)"
    case 8: return ["sllv", "srlv", "srav", "rotrv"][Int(g.next() % 4)] + " \(d), \(a), \(b)"
    case 9: return ["sll", "srl", "sra", "rotr"][Int(g.next() % 4)] + " \(d), \(a), \(sa)"
    case 10: return "movn \(d), \(a), \(b)"
    case 11: return "movz \(d), \(a), \(b)"
    case 12: return "mul \(d), \(a), \(b)"
    case 13: return ["clz", "clo"][Int(g.next() % 2)] + " \(d), \(a)"
    case 14: return ["seb", "seh", "wsbh"][Int(g.next() % 3)] + " \(d), \(a)"
    case 15: return "addiu \(d), \(a), \(imm)"
    case 16: return "slti \(d), \(a), \(imm)"
    case 17: return "sltiu \(d), \(a), \(imm)"
    case 18: return ["andi", "ori", "xori"][Int(g.next() % 3)] + " \(d), \(a), \(uimm)"
    case 19: return "lui \(d), \(uimm)"
    case 20:
      let pos = Int(g.next() % 32), size = Int(g.next() % UInt64(32 - pos)) + 1
      return "ext \(d), \(a), \(pos), \(size)"
    case 21:
      let pos = Int(g.next() % 32), size = Int(g.next() % UInt64(32 - pos)) + 1
      return "ins \(d), \(a), \(pos), \(size)"
    case 22, 23:
      return ["mult", "multu", "madd", "maddu", "msub", "msubu"][Int(g.next() % 6)] + " \(a), \(b)"
    case 24: return ["div", "divu"][Int(g.next() % 2)] + " $zero, \(a), \(b)"
    case 25: return ["mfhi", "mflo"][Int(g.next() % 2)] + " \(d)"
    case 26: return ["mthi", "mtlo"][Int(g.next() % 2)] + " \(a)"
    case 27, 28, 29:
      let (op, align): (String, Int) = [
        ("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwl", 1), ("lwr", 1),
      ][Int(g.next() % 7)]
      return "\(op) \(d), \(Int(g.next() % 2044) / align * align)($s7)"
    case 30, 31, 32:
      let (op, align): (String, Int) = [("sb", 1), ("sh", 2), ("sw", 4), ("swl", 1), ("swr", 1)][
        Int(g.next() % 5)]
      return "\(op) \(a), \(Int(g.next() % 2044) / align * align)($s7)"
    default:
      return "addu \(d), \(a), \(b)"
    }
  }

  /// A program of `count` random instructions with forward branches sprinkled in.
  static func source(seed: UInt64, count: Int) -> String {
    var g = SplitMix64(seed: seed)
    var lines: [String] = []
    for r in registers {
      let v: UInt32 =
        g.next() % 3 == 0
        ? edgeValues[Int(g.next() % UInt64(edgeValues.count))]
        : UInt32(truncatingIfNeeded: g.next())
      lines.append("li $\(r), \(v)")
    }
    var label = 0
    var pending: [(at: Int, name: String)] = []
    for i in 0..<count {
      for p in pending where p.at == i { lines.append("\(p.name):") }
      if g.next() % 10 == 0 {
        let name = "L\(label)"
        label += 1
        pending.append((i + 1 + Int(g.next() % 3), name))
        let a = reg(&g, source: true), b = reg(&g, source: true)
        let branch = [
          "beq \(a), \(b),", "bne \(a), \(b),", "blez \(a),", "bgtz \(a),", "bltz \(a),",
          "bgez \(a),",
          "beql \(a), \(b),", "bnel \(a), \(b),", "blezl \(a),", "bgtzl \(a),", "bltzl \(a),",
          "bgezl \(a),",
        ][Int(g.next() % 12)]
        lines.append("\(branch) \(name)")
        lines.append(instruction(&g))  // delay slot
      } else {
        lines.append(instruction(&g))
      }
    }
    for p in pending where p.at >= count { lines.append("\(p.name):") }
    // Dump registers and HI/LO after the 2 KiB data area, then write buf[0..<2048+96].
    for (k, r) in registers.enumerated() { lines.append("sw $\(r), \(2048 + 4 * k)($s7)") }
    lines += ["mfhi $t0", "sw $t0, 2120($s7)", "mflo $t0", "sw $t0, 2124($s7)"]
    lines += ["li $a0, 1", "move $a1, $s7", "li $a2, 2128", "li $v0, 4004", "syscall"]
    return TestSupport.program(lines.joined(separator: "\n"))
  }
}

@Suite(
  "Differential: zkMIPS vs qemu-mipsel",
  .enabled(if: TestSupport.qemu != nil || TestSupport.requireQEMU))
struct DifferentialTests {
  @Test(arguments: 0..<40)
  func randomProgramMatchesQEMU(_ seed: Int) throws {
    let qemu = try #require(
      TestSupport.qemu, "qemu-mipsel is required in CI (apt-get install qemu-user)")
    let path = try TestSupport.assembleFile(RandomProgram.source(seed: UInt64(seed), count: 300))
    let machine = Machine(program: try TestSupport.loadELF(path))
    let status = machine.run(maxCycles: 100_000)
    let reference = try TestSupport.execute(qemu, [path])
    #expect(status == .exited(0))
    #expect(reference.status == 0)
    #expect(machine.kernel.output.count == 2128)
    if machine.kernel.output != reference.stdout {
      let ours = machine.kernel.output, theirs = reference.stdout
      let firstDiff =
        zip(ours, theirs).enumerated().first { $1.0 != $1.1 }?.offset
        ?? min(ours.count, theirs.count)
      Issue.record("seed \(seed): output differs from qemu at byte \(firstDiff) (program: \(path))")
    }
  }
}
