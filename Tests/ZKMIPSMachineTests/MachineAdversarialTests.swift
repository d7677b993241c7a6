import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSTestSupport
import ZKMIPSVerifier

/// Whole-machine evil provers (SECURITY items 8, 9, 11, 13, 14, 16): an honest witness with
/// one change, which the checker must name and the verifier must reject.
@Suite("Machine: evil provers")
struct MachineAdversarialTests {
  typealias CPU = CPUChip.Columns
  static let cpu = MachineKey.Table.cpu.rawValue

  /// Whether CPU row `r` executes an instruction.
  static func isReal(_ t: RowMajorMatrix, _ r: Int) -> Bool {
    InstructionFlags.classes.contains { b in t[r, CPU.flag(b)] == .one }
  }

  /// The CPU row of the first step whose opcode is `op`.
  static func row(of op: Opcode, in c: MachineCase) -> Int {
    let t = c.witness.traces[cpu]
    return (0..<t.height).first { r in
      isReal(t, r) && t[r, CPU.opcode] == KoalaBear(UInt32(op.rawValue))
    }!
  }

  /// Applies `change` to the CPU trace; expects a named violation (when `named` is given)
  /// or a bus imbalance, and a rejected proof.
  func expectRejected(
    _ c: MachineCase, named: String? = nil, _ change: (inout RowMajorMatrix) -> Void
  ) throws {
    var c = c
    change(&c.witness.traces[Self.cpu])
    let problems = c.problems
    if let named {
      #expect(problems.contains { $0.contains("table cpu") && $0.contains(named) }, "\(problems)")
    } else {
      #expect(!problems.isEmpty)
    }
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("a flag set to 2 or −1 (item 8)")
  func nonBooleanFlag() throws {
    let c = try MachineCase(straightLineBody)
    let r = Self.row(of: .addu, in: c)
    try expectRejected(c, named: "alu flag is boolean") { $0[r, CPU.flag(.alu)] = KoalaBear(2) }
    try expectRejected(c, named: "writes flag is boolean") {
      $0[r, CPU.flag(.writes)] = -KoalaBear.one
    }
  }

  @Test("a padding row that fetches or writes (item 9)")
  func livePadding() throws {
    let c = try MachineCase(straightLineBody)
    let last = c.witness.traces[Self.cpu].height - 1
    try expectRejected(c, named: "padding rows write no register") {
      $0[last, CPU.flag(.writes)] = .one
    }
    try expectRejected(c, named: "real rows are a prefix") { $0[last, CPU.flag(.nop)] = .one }
  }

  @Test("rs == rt reads: honest accepted, a different second read rejected (item 11)")
  func sameRegisterTwice() throws {
    let c = try MachineCase(straightLineBody)
    // `addu $t4, $t4, $t4` reads $t4 twice in one step.
    let t = c.witness.traces[Self.cpu]
    let r = (0..<t.height).first {
      t[$0, CPU.rs] == KoalaBear(12) && t[$0, CPU.rt] == KoalaBear(12)
    }!
    try expectRejected(c) { $0[r, CPU.rtValue[0]] += .one }
  }

  @Test("an altered jump target or next pc (item 13)")
  func forgedControlFlow() throws {
    let c = try MachineCase(straightLineBody)
    let j = Self.row(of: .j, in: c)
    try expectRejected(c, named: "new next pc") { $0[j, CPU.newNextPC] += KoalaBear(4) }
    let jr = Self.row(of: .jr, in: c)
    try expectRejected(c, named: "next pc follows") { $0[jr + 1, CPU.nextPC] += KoalaBear(4) }
  }

  @Test("a link address with a limb above 255 (item 14)")
  func wrappedLimb() throws {
    let c = try MachineCase(straightLineBody)
    let jal = Self.row(of: .jal, in: c)
    // Same field value (256 more in limb 0, one less in limb 1), limb 0 no byte.
    try expectRejected(c) { t in
      t[jal, CPU.result[0]] += KoalaBear(256)
      t[jal, CPU.result[1]] -= .one
    }
  }

  @Test("a load that returns something other than the last store (item 10)")
  func forgedLoad() throws {
    let c = try MachineCase(memoryBody)
    let lw = Self.row(of: .lw, in: c)
    // The load claims word + 1 (old = new, as a load must), and returns it.
    try expectRejected(c) { t in
      t[lw, CPU.memoryOld[0]] += .one
      t[lw, CPU.memoryNew[0]] += .one
      t[lw, CPU.result[0]] += .one
    }
  }

  @Test("LL/SC: an SC claimed to succeed without the reservation")
  func forgedStoreConditional() throws {
    let body = """
        ll    $t0, 0($s7)
        addiu $t0, $t0, 1
        sc    $t0, 0($s7)
        sc    $t1, 0($s7)
        ll    $t2, 4($s7)
        sc    $t2, 0($s7)
      """
    let c = try MachineCase(body)
    #expect(c.problems == [])
    #expect(try c.proveAndVerify() == nil)
    // The second SC fails (the first cleared the reservation): claim it succeeded.
    let link = MachineKey.Table.link.rawValue
    var forged = c
    forged.witness.traces[link][2, LinkChip.Columns.success] = .one
    #expect(forged.problems.contains { $0.contains("a successful SC had the reservation") })
    #expect(try forged.proveAndVerify() != nil)
  }

  @Test("a load from an unmapped page claimed to succeed (item 12)")
  func unmappedAccess() throws {
    let body = """
        lui   $t1, 0x1000
        lw    $t0, 0($t1)
        sw    $t0, 8($t1)
      """
    // Honestly the load faults (0x10000000 is not mapped): the proof states that fault.
    let honest = try MachineCase(body)
    #expect(honest.witness.fault?.kind == .unmappedAccess && honest.witness.cycles == 3)
    #expect(honest.problems == [])
    #expect(try honest.proveAndVerify() == nil)
    // An evil witness whose run sees that page mapped: every table but the page lookup is
    // consistent, and the verifier rejects it.
    let c = try MachineCase(body, forgingMappedPages: [0x10000])
    #expect(c.problems.contains { $0.hasPrefix("bus \(MachineBus.page)") }, "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("a store into the code claimed to succeed")
  func storeIntoCode() throws {
    let body = """
        la    $t0, __start
        sw    $zero, 0($t0)
      """
    // The executor lets the store through; a proof never does (code pages are not
    // writable, so the program table is what runs).
    #expect(throws: MachineProvingError.self) { try MachineCase(body) }
    let elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
    let c = try MachineCase(body, forgingMappedPages: [elf.entry >> 12])
    #expect(c.problems.contains { $0.hasPrefix("bus \(MachineBus.page)") }, "\(c.problems)")
    #expect(try c.proveAndVerify() != nil)
    // Admit the page is read-only (the lookup now matches its row): the store is caught.
    var honestLookup = c
    let sw = Self.row(of: .sw, in: c)
    honestLookup.witness.traces[Self.cpu][sw, CPU.pageWritable] = .zero
    #expect(
      honestLookup.problems == [
        "table cpu, row \(sw): constraint 'stores go to writable pages' fails"
      ])
    #expect(try honestLookup.proveAndVerify() != nil)
  }

  @Test("a read(0) into the code claimed to succeed")
  func readIntoCode() throws {
    let body = """
        li    $a0, 0
        la    $a1, __start
        li    $a2, 4
        li    $v0, 4003
        syscall
      """
    #expect(throws: MachineProvingError.self) { try MachineCase(body, input: [1, 2, 3, 4]) }
    let elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
    var c = try MachineCase(body, input: [1, 2, 3, 4], forgingMappedPages: [elf.entry >> 12])
    // The I/O row admits the page is read-only (its lookup matches the page's row).
    let io = MachineKey.Table.io.rawValue
    c.witness.traces[io][0, IOChip.Columns.pageWritable] = .zero
    #expect(c.problems == ["table io, row 0: constraint 'reads go to writable pages' fails"])
    #expect(try c.proveAndVerify() != nil)
  }

  @Test("brk: an access to a heap page before the brk that maps it")
  func heapAccessBeforeBrk() throws {
    let body = """
        li    $a0, 0
        li    $v0, 4045
        syscall
        move  $s0, $v0
        addiu $a0, $v0, 5000
        li    $v0, 4045
        syscall
        sw    $s0, 4096($s0)
        lw    $t0, 4096($s0)
      """
    let c = try MachineCase(body)
    #expect(c.problems == [])
    #expect(try c.proveAndVerify() == nil)
    // Claim the store's page was mapped since the store's own clk (not before it).
    let t = c.witness.traces[Self.cpu]
    let sw = Self.row(of: .sw, in: c)
    var forged = c
    forged.witness.traces[Self.cpu][sw, CPU.mappedSince] = t[sw, CPU.clk]
    #expect(forged.problems.contains { $0.contains("the page was mapped before") })
    #expect(try forged.proveAndVerify() != nil)
  }

  @Test("a key initialised twice; a final value other than the last write (item 17)")
  func memoryInitAndFinal() throws {
    let c = try MachineCase(memoryBody)
    typealias M = MemoryChip.Columns
    let memory = MachineKey.Table.memory.rawValue
    let t = c.witness.traces[memory]
    // The first row not from the image, after another real row: a word the run touched.
    let r = (1..<t.height).first { t[$0, M.isReal] == .one && t[$0, M.fromImage] == .zero }!
    // Initialise the previous row's key a second time (its chain starts again at 0).
    var twice = c
    for k in 0..<4 { twice.witness.traces[memory][r, M.key[k]] = t[r - 1, M.key[k]] }
    #expect(twice.problems.contains { $0.contains("keys strictly increase") })
    #expect(try twice.proveAndVerify() != nil)
    // Finalise a word with a value its last write did not leave.
    var final = c
    final.witness.traces[memory][r, M.final[0]] += .one
    #expect(final.problems.contains { $0.hasPrefix("bus \(MachineBus.memory)") })
    #expect(try final.proveAndVerify() != nil)
  }

  @Test("a prefix of the run claimed complete (item 16)")
  func truncatedRun() throws {
    let c = try MachineCase(straightLineBody)
    let t = c.witness.traces[Self.cpu]
    let last = (0..<t.height).last { r in Self.isReal(t, r) }!
    // Turn the exit into padding and halt one step early, on the ALU instruction before it
    // (li $v0): an ALU row halts only as an overflow fault (kind 4, not the exit's 0), and
    // its tagged opcode has no overflowing add/sub row to receive it.
    try expectRejected(c, named: "an overflow halts with kind 4") { t in
      for b in InstructionFlags.Bit.allCases { t[last, CPU.flag(b)] = .zero }
      t[last, CPU.halts] = .zero
      t[last - 1, CPU.halts] = .one
    }
  }
}
