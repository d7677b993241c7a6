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

  /// The CPU public values of a fault of `kind` at `pc` (what a verifier computes from such
  /// a statement), the other tables' as in `c`.
  static func claim(_ c: MachineCase, _ kind: MachineFault.Kind, at pc: UInt32) -> [[KoalaBear]] {
    var pv = c.publicValues
    pv[cpu] =
      c.tables.publicValues(
        exitCode: 0, fault: MachineFault(kind: kind, pc: pc), consumed: 0, outputLength: 0,
        inputLength: 0)[cpu]
    return pv
  }

  /// Sets the address columns of CPU row `r` to `x`.
  static func setAddress(_ t: inout RowMajorMatrix, _ r: Int, _ x: UInt32) {
    C.address.write(x, to: &t, row: r)
    t[r, C.offsetBit0] = KoalaBear(x & 1)
    t[r, C.offsetBit1] = KoalaBear((x >> 1) & 1)
    t[r, C.wordLow] = KoalaBear((x & 0xff) >> 2)
    t[r, C.pageHigh] = KoalaBear((x >> 12) & 0xf)
    t[r, C.pageLow] = KoalaBear((x >> 8) & 0xf)
  }

  static func halting(_ t: RowMajorMatrix) -> Int {
    (0..<t.height).first { t[$0, C.halts] == .one }!
  }

  @Test func aJumpBelowTheCeilingCannotBeClaimedAboveIt() throws {
    // JR to 19 (misaligned, kind 5): claimed an unmapped fetch at 19 + p = 0x7f000014, which
    // is ≡ 19 mod p, aligned and above the ceiling, the fault's address limbs set to it.
    var c = try MachineCase(Self.jumpOut(19))
    #expect(c.witness.fault == MachineFault(kind: .unalignedAccess, pc: 19))
    let forged = Self.claim(c, .unmappedAccess, at: 19 &+ KoalaBear.modulus)
    let h = Self.halting(c.witness.traces[Self.cpu])
    Self.setAddress(&c.witness.traces[Self.cpu], h, 19 &+ KoalaBear.modulus)
    c.witness.traces[Self.cpu][h, C.fetchUnmapped] = .one
    var names = ConstraintChecker.violations(
      of: CPUChip(), trace: c.witness.traces[Self.cpu], publicValues: forged[Self.cpu]
    ).map(\.constraint)
    #expect(names == ["a fetch fault above the ceiling follows a jump there"])
    #expect(try c.proveAndVerify(publicValues: forged) != nil)
    // The same with the JR flagged out (and its delay slot and the fault after it).
    let jr = h - 2
    c.witness.traces[Self.cpu][jr, C.jumpsOut] = .one
    c.witness.traces[Self.cpu][jr + 1, C.nextOut] = .one
    c.witness.traces[Self.cpu][h, C.pcOut] = .one
    names = ConstraintChecker.violations(
      of: CPUChip(), trace: c.witness.traces[Self.cpu], publicValues: forged[Self.cpu]
    ).map(\.constraint)
    #expect(names == ["a jump out is to the public pc's top byte"])
    #expect(try c.proveAndVerify(publicValues: forged) != nil)
  }

  @Test func aJumpAboveTheCeilingCannotBeClaimedBelowIt() throws {
    // JR to 0x80000000: claimed a misaligned fetch at 0x80000000 − p = 0x00ffffff (the same
    // field element), the jump not flagged out: the JR's rs3 = 0x80 fails its range check.
    var c = try MachineCase(Self.jumpOut(0x8000_0000))
    let forged = Self.claim(c, .unalignedAccess, at: 0x00ff_ffff)
    let h = Self.halting(c.witness.traces[Self.cpu])
    c.witness.traces[Self.cpu][h - 2, C.jumpsOut] = .zero
    c.witness.traces[Self.cpu][h - 1, C.nextOut] = .zero
    c.witness.traces[Self.cpu][h, C.pcOut] = .zero
    c.witness.traces[Self.cpu][h, C.fetchUnmapped] = .zero
    Self.setAddress(&c.witness.traces[Self.cpu], h, 0x00ff_ffff)
    #expect(
      ConstraintChecker.violations(
        of: CPUChip(), trace: c.witness.traces[Self.cpu], publicValues: forged[Self.cpu]
      ).isEmpty)
    #expect(c.problems.contains { $0.hasPrefix("bus \(MachineBus.byte)") }, "\(c.problems)")
    #expect(try c.proveAndVerify(publicValues: forged) != nil)
  }

  @Test func aFaultingSCDoesNotTouchTheReservation() throws {
    // The misaligned SC sent to the link chip after all (linkFault 0): the link chip has no
    // row for it, and with a flag that is rt's low byte none could answer.
    var c = try MachineCase(Self.scMisaligned)
    let h = Self.halting(c.witness.traces[Self.cpu])
    c.witness.traces[Self.cpu][h, C.linkFault] = .zero
    #expect(c.problems.contains { $0.contains("a faulting LL/SC leaves the reservation alone") })
    #expect(try c.proveAndVerify() != nil)
  }

  @Test func anSCOnAMappedPageCannotBeClaimedUnmapped() throws {
    // The SC at 0x10000000 (unmapped) moved to the mapped buf ($s7's page): address and
    // rs claimed so, the unmapped-access chip's message too; no gap holds that page.
    var c = try MachineCase(Self.scUnmapped)
    let t = c.witness.traces[Self.cpu]
    let h = Self.halting(t)
    let ll = h - 2
    let address = (0..<4).reduce(UInt32(0)) { $0 | t[ll, C.address[$1]].value << (8 * UInt32($1)) }
    Self.setAddress(&c.witness.traces[Self.cpu], h, address)
    C.rsValue.write(address, to: &c.witness.traces[Self.cpu], row: h)
    let u = MachineKey.Table.unmappedAccess.rawValue
    let U = UnmappedAccessChip.Columns.self
    let row = (0..<c.witness.traces[u].height).first {
      c.witness.traces[u][$0, U.selected] == .one
    }!
    c.witness.traces[u][row, U.address1] = KoalaBear((address >> 8) & 0xff)
    c.witness.traces[u][row, U.address2] = KoalaBear((address >> 16) & 0xff)
    c.witness.traces[u][row, U.address3] = KoalaBear(address >> 24)
    #expect(!c.problems.isEmpty)
    #expect(try c.proveAndVerify() != nil)
  }
}
