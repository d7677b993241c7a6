import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

typealias UA = UnmappedAccessChip.Columns

/// The unmapped-access chip alone, with the byte table; the statement supplies what the CPU
/// and the memory argument would: the access (clk, address limbs 1..3) and, on a heap gap,
/// the heap's high-water page and the lowest mmap address as read at 4·clk + 2.
@Suite("Unmapped-access chip")
struct UnmappedAccessChipTests {
  /// Code at page 0x400, data at 0x401–0x402, the initial break in page 0x402, the stack's
  /// last page: gaps [0, 0x3ff], [0x403, 0x7e6ff] (brk and mmap reach it), [0x7e700,
  /// 0x7effe] (above the mmap top), [0x7f000, 0xfffff].
  static let chip = UnmappedAccessChip(
    staticPages: [0x400, 0x401, 0x402, 0x7efff], initialBreak: 0x402800, minimumHeight: 8)
  static let clk: UInt32 = 9
  static let previous: UInt32 = 17
  static let mmapPrevious: UInt32 = 23
  /// The lowest mmap address of these tests (below the mmap top: one mapping of 16 pages).
  static let mmapLow: UInt32 = Kernel.mmapTop - 0x10000

  @Test func gapsAreTheComplementOfTheStaticPagesSplitAtTheMmapTop() {
    #expect(Kernel.mmapTop >> 12 == 0x7e700)
    #expect(
      Self.chip.gaps == [
        .init(lo: 0, hi: 0x3ff, heap: false), .init(lo: 0x403, hi: 0x7e6ff, heap: true),
        .init(lo: 0x7e700, hi: 0x7effe, heap: false), .init(lo: 0x7f000, hi: 0xfffff, heap: false),
      ])
  }

  static func fault(address: UInt32, heapTop: UInt32, mmapLow: UInt32 = mmapLow)
    -> UnmappedAccessChip.Fault
  {
    var f = UnmappedAccessChip.Fault(clk: clk, address: address)
    (f.heapTop, f.heapPrevious, f.mmapLow, f.mmapPrevious) = (
      heapTop, previous, mmapLow, mmapPrevious
    )
    return f
  }

  /// The statement: the CPU's message and, for a heap gap, the memory accesses of the
  /// heap's high-water page and of the lowest mmap address.
  static func messages(address: UInt32, heapTop: UInt32?, mmapLow: UInt32 = mmapLow)
    -> [BusMessage]
  {
    let limbs = [(address >> 8) & 0xff, (address >> 16) & 0xff, address >> 24]
    var out = [
      BusMessage(
        bus: MachineBus.accessFault, values: ([clk] + limbs).map { KoalaBear($0) },
        multiplicity: .one)
    ]
    func read(_ key: UInt32, _ value: UInt32, previous: UInt32) -> [BusMessage] {
      let word = WordColumns.limbs(of: value).map { KoalaBear($0) }
      return [
        BusMessage(
          bus: MachineBus.memory, values: [KoalaBear(key)] + word + [KoalaBear(previous)],
          multiplicity: .one),
        BusMessage(
          bus: MachineBus.memory, values: [KoalaBear(key)] + word + [KoalaBear(4 * clk + 2)],
          multiplicity: -KoalaBear.one),
      ]
    }
    if let top = heapTop {
      out += read(MemoryKey.heapTop, top, previous: previous)
      out += read(MemoryKey.mmapLow, mmapLow, previous: mmapPrevious)
    }
    return out
  }

  /// Proves (chip, byte table) against the statement; the verifier's error, or nil.
  static func proveAndVerify(_ trace: RowMajorMatrix, _ messages: [BusMessage]) throws
    -> VerificationError?
  {
    var lookups = ByteLookups()
    lookups.record(chip, trace: trace)
    let bytes = ByteTableChip().generateTrace(lookups)
    let key = VerifyingKey(airs: [chip, ByteTableChip()], parameters: testParameters)
    let proof = try StarkProver.prove(
      key: key, traces: [trace, bytes], publicValues: [[], []], publicMessages: messages)
    do {
      try StarkVerifier.verify(proof, key: key, publicMessages: messages)
      return nil
    } catch { return error }
  }

  static func honest(address: UInt32, heapTop: UInt32) -> RowMajorMatrix {
    var lookups = ByteLookups()
    return chip.generateTrace(fault: fault(address: address, heapTop: heapTop), lookups: &lookups)
  }

  @Test(arguments: [
    (UInt32(0x10), false), (0x0040_3000, true), (0x0500_0000, true), (0x7e6e_f000, true),
    (0x7e70_0000, false), (0x8000_0003, false),
  ])
  func anUnmappedPageIsShownUnmapped(address: UInt32, heap: Bool) throws {
    let t = Self.honest(address: address, heapTop: 0x403)
    #expect(ConstraintChecker.violations(of: Self.chip, trace: t).isEmpty)
    #expect(
      try Self.proveAndVerify(t, Self.messages(address: address, heapTop: heap ? 0x403 : nil))
        == nil)
  }

  /// The best a forger can do for a page that is mapped: select a gap row, write each
  /// difference that is not negative as its three bytes and a negative one as a field
  /// element in its low limb (so every constraint holds): the byte table has no row for it.
  static func forged(address: UInt32, row: Int, heapTop: UInt32, mmapLow: UInt32 = mmapLow)
    -> RowMajorMatrix
  {
    var t = RowMajorMatrix(zerosHeight: chip.height, width: chip.width)
    let gap = chip.gaps[row]
    let page = Int64(address >> 12)
    func put(_ x: Int64, at c: Int) {
      if x >= 0 {
        for k in 0..<3 { t[row, c + k] = KoalaBear(UInt32((x >> (8 * Int64(k))) & 0xff)) }
      } else {
        t[row, c] = -KoalaBear(UInt32(-x))
      }
    }
    t[row, UA.selected] = .one
    t[row, UA.clk] = KoalaBear(clk)
    t[row, UA.address1] = KoalaBear((address >> 8) & 0xff)
    t[row, UA.address2] = KoalaBear((address >> 16) & 0xff)
    t[row, UA.address3] = KoalaBear(address >> 24)
    t[row, UA.high] = KoalaBear((address >> 12) & 0xf)
    t[row, UA.low] = KoalaBear((address >> 8) & 0xf)
    put(page - Int64(gap.lo), at: UA.aboveLow)
    put(Int64(gap.hi) - page, at: UA.belowHigh)
    if gap.heap {
      t[row, UA.heapSelected] = .one
      UA.heapTop.write(heapTop, to: &t, row: row)
      put(page - Int64(heapTop), at: UA.aboveHeap)
      t[row, UA.previous] = KoalaBear(previous)
      t[row, UA.difference] = KoalaBear(4 * clk + 2 - previous - 1)
      UA.mmapLow.write(mmapLow, to: &t, row: row)
      t[row, UA.mmapHigh] = KoalaBear((mmapLow >> 12) & 0xf)
      put(Int64(mmapLow >> 12) - page - 1, at: UA.belowMmap)
      t[row, UA.mmapPrevious] = KoalaBear(mmapPrevious)
      t[row, UA.mmapDifference] = KoalaBear(4 * clk + 2 - mmapPrevious - 1)
    }
    return t
  }

  @Test(arguments: [
    // A data page (0x401) claimed in each gap; a heap page below the heap top (0x405 with
    // the top at 0x410) claimed in the heap gap.
    (UInt32(0x0040_1000), 0, UInt32(0x403)), (0x0040_1000, 1, 0x403), (0x0040_1000, 2, 0x403),
    (0x0040_5000, 1, 0x410),
  ])
  func aMappedPageCannotBeShownUnmapped(address: UInt32, row: Int, heapTop: UInt32) throws {
    let t = Self.forged(address: address, row: row, heapTop: heapTop)
    #expect(ConstraintChecker.violations(of: Self.chip, trace: t).isEmpty)
    let heap = Self.chip.gaps[row].heap
    #expect(
      try Self.proveAndVerify(t, Self.messages(address: address, heapTop: heap ? heapTop : nil))
        == .busImbalance)
  }

  /// A page mmap mapped (at or above the lowest mmap address) claimed unmapped in the heap
  /// gap: the best forgery writes the negative M / 4096 − P − 1, which the byte table refuses.
  @Test(arguments: [UInt32(0), 5, 15])
  func anMmapPageCannotBeShownUnmapped(pagesAboveLow: UInt32) throws {
    let address = Self.mmapLow + pagesAboveLow << 12
    let t = Self.forged(address: address, row: 1, heapTop: 0x403)
    #expect(ConstraintChecker.violations(of: Self.chip, trace: t).isEmpty)
    #expect(
      try Self.proveAndVerify(t, Self.messages(address: address, heapTop: 0x403))
        == .busImbalance)
  }

  /// The page just below the lowest mmap address is shown unmapped; with M one page lower
  /// (that page mapped) it is not.
  @Test func thePageBelowTheLowestMappingIsTheLastUnmapped() throws {
    let address = Self.mmapLow - 0x1000
    #expect(
      try Self.proveAndVerify(
        Self.honest(address: address, heapTop: 0x403),
        Self.messages(address: address, heapTop: 0x403)) == nil)
    let lower = Self.mmapLow - 0x1000
    let t = Self.forged(address: address, row: 1, heapTop: 0x403, mmapLow: lower)
    #expect(ConstraintChecker.violations(of: Self.chip, trace: t).isEmpty)
    #expect(
      try Self.proveAndVerify(t, Self.messages(address: address, heapTop: 0x403, mmapLow: lower))
        == .busImbalance)
  }

  @Test func aHeapGapMustReadTheHeapTop() throws {
    // A page of the heap gap, claimed without reading the heap top (which is above it).
    var t = Self.honest(address: 0x0040_5000, heapTop: 0x403)
    for c in [UA.heapSelected, UA.aboveHeap, UA.previous, UA.difference] { t[1, c] = .zero }
    UA.heapTop.write(0, to: &t, row: 1)
    #expect(
      Set(ConstraintChecker.violations(of: Self.chip, trace: t).map(\.constraint)) == [
        "heap rows read the heap top"
      ])
    #expect(
      try Self.proveAndVerify(t, Self.messages(address: 0x0040_5000, heapTop: nil))
        == .constraintsNotSatisfied(table: "unmapped_access"))
  }

  @Test func everyConstraintIsNeeded() {
    let honest = Self.honest(address: 0x0500_0000, heapTop: 0x403)
    let r = 1
    let padding = Self.chip.height - 1
    let tampers: [Tamper] = [
      (
        "selected 2 (heap selected 2)",
        { t in
          t[r, UA.selected] = KoalaBear(2)
          t[r, UA.heapSelected] = KoalaBear(2)
        }
      ),
      ("a padding row selected", { $0[padding, UA.selected] = .one }),
      ("the heap gap without the heap top", { $0[r, UA.heapSelected] = .zero }),
      ("address limb 1 + 1", { $0[r, UA.address1] += .one }),
      ("P − lo + 1", { $0[r, UA.aboveLow] += .one }),
      ("hi − P + 1", { $0[r, UA.belowHigh] += .one }),
      ("P − heap top + 1", { $0[r, UA.aboveHeap] += .one }),
      ("timestamp difference + 1", { $0[r, UA.difference] += .one }),
      ("M / 4096 − P − 1 + 1", { $0[r, UA.belowMmap] += .one }),
      (
        "mmapHigh + 1 (and M / 4096 − P − 1 + 1)",
        { t in
          t[r, UA.mmapHigh] += .one
          t[r, UA.belowMmap] += .one
        }
      ),
      ("mmap low timestamp difference + 1", { $0[r, UA.mmapDifference] += .one }),
    ]
    let ended = Self.honestEnded()
    expectEveryConstraintIsNeeded(
      Self.chip,
      cases: [
        DeletionCase(honest: honest, publicValues: [], tampers: tampers),
        DeletionCase(
          honest: ended, publicValues: [],
          tampers: [
            ("the mapping's until + 1", { $0[r, UA.until] += .one }),
            ("a padding row with revoked −1", Self.answerALookup),
          ]),
      ])
  }
}

/// A page brk or munmap unmapped: shown unmapped by its mapping row, whose end must lie
/// before the access.
extension UnmappedAccessChipTests {
  /// A heap page mapped at clk 3 and unmapped at clk 5, accessed at clk 9. It lies below
  /// the heap top 0x410, so it cannot be shown never mapped.
  static let ended = UnmappedAccessChip.Fault.Mapping(since: 3, until: 5)
  static let endedAddress: UInt32 = 0x0040_5000

  static func honestEnded() -> RowMajorMatrix {
    var f = fault(address: endedAddress, heapTop: 0x410)
    f.ended = ended
    var lookups = ByteLookups()
    return chip.generateTrace(fault: f, lookups: &lookups)
  }

  /// The statement with the mapping row's answer to the chip's page lookup.
  static func endedMessages(until: UInt32 = ended.until) -> [BusMessage] {
    messages(address: endedAddress, heapTop: 0x410) + [
      BusMessage(
        bus: MachineBus.page,
        values: [endedAddress >> 12, ended.since, until, 1].map { KoalaBear($0) },
        multiplicity: -KoalaBear.one)
    ]
  }

  /// revoked −1 on a padding row: its page message turns from a lookup into an answer, a
  /// forged mapping (page 0x400, since 0, until 0, writable) for any access to match.
  static func answerALookup(_ t: inout RowMajorMatrix) {
    let p = chip.height - 1
    t[p, UA.revoked] = -KoalaBear.one
    t[p, UA.high] = .zero
    t[p, UA.address2] = KoalaBear(0x04)
    t[p, UA.afterUntil] = -KoalaBear.one  // clk − 1 − until with clk = until = 0
  }

  @Test func aNegativeRevokedCannotAnswerAPageLookup() throws {
    var t = Self.honestEnded()
    Self.answerALookup(&t)
    #expect(
      ConstraintChecker.violations(of: Self.chip, trace: t).map(\.constraint) == [
        "revoked is boolean"
      ])
    let forged = BusMessage(
      bus: MachineBus.page, values: [0x400, 0, 0, 1].map { KoalaBear($0) }, multiplicity: .one)
    #expect(
      try Self.proveAndVerify(t, Self.endedMessages() + [forged])
        == .constraintsNotSatisfied(table: "unmapped_access"))
  }

  @Test func aPageWhoseMappingEndedIsShownUnmapped() throws {
    let t = Self.honestEnded()
    #expect(ConstraintChecker.violations(of: Self.chip, trace: t).isEmpty)
    #expect(try Self.proveAndVerify(t, Self.endedMessages()) == nil)
  }

  /// A mapping that ends after the access (until 12 > clk 9): the best forgery writes the
  /// negative clk − 1 − until in the gap's low limb, which the byte table refuses.
  @Test func aMappingThatEndsAfterTheAccessDoesNotShowThePageUnmapped() throws {
    var t = Self.honestEnded()
    t[1, UA.until] = KoalaBear(12)
    for k in 0..<3 { t[1, UA.afterUntil + k] = .zero }
    t[1, UA.afterUntil] = KoalaBear(Self.clk) - .one - KoalaBear(12)
    #expect(ConstraintChecker.violations(of: Self.chip, trace: t).isEmpty)
    #expect(try Self.proveAndVerify(t, Self.endedMessages(until: 12)) == .busImbalance)
  }
}
