import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// LL/SC that fault (misaligned or unmapped) and jumps above the address ceiling: honest
/// runs prove as the executor's fault, and evil provers that claim a different ending are
/// rejected.
@Suite("Machine: faulting LL/SC and jumps above the ceiling")
struct FaultingLinkAndJumpTests {
  typealias C = CPUChip.Columns
  static let cpu = MachineKey.Table.cpu.rawValue

  /// A misaligned SC after an LL of its word (the reservation held, so only the alignment
  /// stops it), and the other LL/SC faults.
  static let scMisaligned = """
      ll    $t1, 0($s7)
      sc    $t1, 1($s7)
    """
  static let llMisaligned = """
      li    $t1, 9
      ll    $t1, 2($s7)
    """
  static let llUnmapped = """
      lui   $t0, 0x1000
      ll    $t1, 0($t0)
    """
  static let scUnmapped = """
      ll    $t1, 0($s7)
      lui   $t0, 0x1000
      sc    $t1, 0($t0)
    """
  /// JR/JALR above the ceiling: 0x80000000 (≥ p) and 0x7f000000 (the ceiling itself, < p).
  static func jumpOut(_ target: UInt32, link: Bool = false) -> String {
    """
      lui   $t0, \(target >> 16)
      ori   $t0, $t0, \(target & 0xffff)
      \(link ? "jalr" : "jr")    $t0
      addiu $t1, $zero, 1
    """
  }

  static let cases: [(String, MachineFault.Kind)] = [
    (scMisaligned, .unalignedAccess), (llMisaligned, .unalignedAccess),
    (llUnmapped, .unmappedAccess), (scUnmapped, .unmappedAccess),
    (jumpOut(0x8000_0000), .unmappedAccess), (jumpOut(0x7f00_0000, link: true), .unmappedAccess),
    (jumpOut(0xffff_fffe), .unalignedAccess), (jumpOut(0xffff_fffc, link: true), .unmappedAccess),
  ]

  @Test(arguments: cases.indices)
  func honestRunProvesItsFault(_ i: Int) throws {
    let (body, kind) = Self.cases[i]
    let c = try MachineCase(body)
    #expect(c.witness.fault?.kind == kind)
    #expect(c.problems == [], "\(c.problems)")
    #expect(try c.proveAndVerify() == nil)
  }
}
