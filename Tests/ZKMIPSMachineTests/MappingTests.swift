import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol

/// brk that shrinks the heap, anonymous mmap/mmap2 and munmap: real runs prove, and a
/// witness that claims a page mapped when the executor has it unmapped (or the converse
/// result) is rejected.
@Suite("Mapping syscalls")
struct MappingTests {
  typealias S = SyscallChip.Columns
  typealias H = MappedPageChip.Columns

  @Test func mappingSyscallsProve() throws {
    let c = try MachineCase(MachineConstraintDeletionTests.mappingBody)
    #expect(c.problems.isEmpty, "\(c.problems)")
    #expect(try c.proveAndVerify() == nil)
  }
  /// A load from a heap page that a shrinking brk unmapped: the executor faults (SIGSEGV)
  /// and the proof shows it, the page's mapping row ending at the brk. (qemu-user does not
  /// unmap on a shrink, so this is no conformance program; `faults/munmap_access.S` is the
  /// munmap case.)
  static let loadAfterShrink = """
      li    $a0, 0
      li    $v0, 4045
      syscall
      move  $s0, $v0
      addiu $a0, $v0, 8192
      li    $v0, 4045
      syscall
      sw    $a0, 4096($s0)
      move  $a0, $s0
      li    $v0, 4045
      syscall
      lw    $t0, 4096($s0)
    """

  /// An mmap that does not fit between the break and the lowest mapping: ENOMEM (12,
  /// error flag set) proves, and so does the EINVAL after it.
  @Test func anMmapWithoutRoomProvesENOMEM() throws {
    let c = try MachineCase(MachineConstraintDeletionTests.enomemBody)
    let sys = MachineKey.Table.syscall.rawValue
    let t = c.witness.traces[sys]
    let k = SyscallChip.entries.firstIndex { $0.number == .mmap2 }!
    let rows = (0..<t.height).filter { t[$0, S.selectors + k] == .one }
    #expect(rows.map { t[$0, S.result[0]] } == [.zero, KoalaBear(12), KoalaBear(22)])
    #expect(rows.map { t[$0, S.fails] } == [.zero, .one, .one])
    #expect(rows.map { t[$0, S.noRoom] } == [.zero, .one, .zero])
    #expect(c.problems.isEmpty, "\(c.problems)")
    #expect(try c.proveAndVerify() == nil)
  }

  @Test func aLoadFromAPageBrkUnmappedProvesItsFault() throws {
    let c = try MachineCase(Self.loadAfterShrink)
    #expect(c.witness.fault?.kind == .unmappedAccess)
    #expect(c.problems.isEmpty, "\(c.problems)")
    #expect(try c.proveAndVerify() == nil)
  }
}

extension MappingTests {
  static let mappedPages = MachineKey.Table.mappedPages.rawValue

  /// The page munmap unmapped, claimed still mapped: its row not revoked (until forever),
  /// so a later access could match it. Every constraint holds; the munmap's revoke chain
  /// finds no row and the bus does not balance.
  @Test func aMunmappedPageKeptMappedIsRejected() throws {
    var c = try MachineCase(MachineConstraintDeletionTests.mappingBody)
    var t = c.witness.traces[Self.mappedPages]
    let rows = (0..<t.height).filter { t[$0, H.revoked] == .one }
    // The last revoked row is the mmap page (the brk shrink's come first).
    let r = rows.last!
    t[r, H.revoked] = .zero
    t[r, H.until] = KoalaBear(PageColumns.forever)
    for k in 0..<3 { t[r, H.revokedLeft + k] = .zero }
    c.witness.traces[Self.mappedPages] = t
    #expect(
      c.problems.allSatisfy {
        $0.hasPrefix("bus 14") || $0.hasPrefix("bus 0") || $0.hasPrefix("bus 10")
      },
      "\(c.problems)")
    #expect(try c.proveAndVerify() == .busImbalance)
  }

  /// A munmap claimed to unmap nothing (its revoke chain empty: dropped 0) while the page
  /// stays mapped: the syscall chip's "munmap unmaps the length's pages" refuses it.
  @Test func aMunmapThatUnmapsNothingIsRejected() throws {
    var c = try MachineCase(MachineConstraintDeletionTests.mappingBody)
    let sys = MachineKey.Table.syscall.rawValue
    var t = c.witness.traces[sys]
    let k = SyscallChip.entries.firstIndex { $0.behaviour == .munmap }!
    let r = (0..<t.height).first { t[$0, S.selectors + k] == .one }!
    for i in 0..<3 { t[r, S.dropped + i] = .zero }
    c.witness.traces[sys] = t
    #expect(c.problems.contains { $0.contains("munmap unmaps the length's pages") })
    #expect(try c.proveAndVerify() == .constraintsNotSatisfied(table: "syscall"))
  }
}
