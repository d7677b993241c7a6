import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// An honest trace of one chip from a real run, the public values the chip reads, and named
/// tampers of it.
struct DeletionCase {
  var honest: RowMajorMatrix
  var publicValues: [KoalaBear]
  var tampers: [Tamper]
}

/// `expectEveryConstraintIsNeeded` (SingleChipFixture) for chips that read public values,
/// over several honest traces: every tamper breaks some constraint of `air`, and for every
/// constraint k not in `exempt` some tamper passes once k alone is deleted
/// (``WithoutConstraint``). `exempt` maps a constraint name to why it is implied by the
/// others.
func expectEveryConstraintIsNeeded<A: AIR>(
  _ air: A, cases: [DeletionCase], exempt: [String: String] = [:]
) {
  let names = AIRAnalysis(air).constraintNames
  for name in exempt.keys {
    #expect(names.contains(name), "exempt '\(name)' is no constraint of \(air.name)")
  }
  var tampered:
    [(name: String, trace: RowMajorMatrix, publicValues: [KoalaBear], violated: Set<String>)] = []
  for c in cases {
    let honest = ConstraintChecker.violations(
      of: air, trace: c.honest, publicValues: c.publicValues)
    #expect(honest.isEmpty, "honest \(air.name) trace: \(honest)")
    for tamper in c.tampers {
      var t = c.honest
      tamper.change(&t)
      let violated = Set(
        ConstraintChecker.violations(of: air, trace: t, publicValues: c.publicValues).map(
          \.constraint))
      #expect(!violated.isEmpty, "tamper '\(tamper.name)' breaks nothing in \(air.name)")
      tampered.append((tamper.name, t, c.publicValues, violated))
    }
  }
  for k in names.indices where exempt[names[k]] == nil {
    let weakened = WithoutConstraint(base: air, skip: k)
    // The tampers that break constraint k alone first: those the deletion should let pass.
    let ordered =
      tampered.filter { $0.violated == [names[k]] } + tampered.filter { $0.violated != [names[k]] }
    let passing = ordered.first {
      ConstraintChecker.violations(of: weakened, trace: $0.trace, publicValues: $0.publicValues)
        .isEmpty
    }
    let breaking = tampered.filter { $0.violated.contains(names[k]) }.map {
      "\($0.name): \($0.violated.sorted())"
    }
    #expect(
      passing != nil,
      "no tamper needs constraint \(k) '\(names[k])' of \(air.name); tampers breaking it: \(breaking)"
    )
  }
}

/// `air` without the constraints `named` (nested ``WithoutConstraint``s).
func withoutConstraints<A: AIR>(_ air: A, named: [String]) -> any AIR {
  let names = AIRAnalysis(air).constraintNames
  let indices = named.map { names.firstIndex(of: $0)! }.sorted(by: >)
  // Deleting from the highest index down keeps the lower indices valid.
  var out: any AIR = air
  for k in indices { out = wrap(out, skip: k) }
  return out
}

private func wrap(_ air: some AIR, skip: Int) -> any AIR {
  WithoutConstraint(base: air, skip: skip)
}

/// SECURITY.md item 7 for the whole-machine chips: CPU, memory (image and init/finalize),
/// LL/SC reservation (link), syscall, I/O, iovec and heap pages. The honest traces come from real
/// runs (`MachineCase`). (The syscall-number and static-page tables have no constraints.)
@Suite("Machine: every constraint is needed")
struct MachineConstraintDeletionTests {
  typealias C = CPUChip.Columns
  typealias Bit = InstructionFlags.Bit
  typealias M = MemoryChip.Columns
  typealias S = SyscallChip.Columns
  typealias IO = IOChip.Columns
  typealias L = LinkChip.Columns
  typealias V = IovecChip.Columns

  /// LL/SC: an LL, an SC that holds the reservation, an SC after it was cleared, an LL
  /// elsewhere and an SC at the first address (both SCs fail).
  static let linkBody = """
      ll    $t0, 0($s7)
      addiu $t0, $t0, 1
      sc    $t0, 0($s7)
      sc    $t1, 0($s7)
      ll    $t2, 4($s7)
      sc    $t2, 0($s7)
    """

  static func trace(_ c: MachineCase, _ table: MachineKey.Table) -> RowMajorMatrix {
    c.witness.traces[table.rawValue]
  }
  static func publicValues(_ c: MachineCase, _ table: MachineKey.Table) -> [KoalaBear] {
    c.publicValues[table.rawValue]
  }

  // MARK: - CPU helpers

  static func has(_ t: RowMajorMatrix, _ r: Int, _ bit: Bit) -> Bool {
    t[r, C.flag(bit)] == .one
  }
  static func isReal(_ t: RowMajorMatrix, _ r: Int) -> Bool {
    InstructionFlags.classes.contains { has(t, r, $0) }
  }
  /// The real rows executing `op`.
  static func rows(_ t: RowMajorMatrix, _ op: Opcode) -> [Int] {
    (0..<t.height).filter { isReal(t, $0) && t[$0, C.opcode] == KoalaBear(UInt32(op.rawValue)) }
  }
  static func lastReal(_ t: RowMajorMatrix) -> Int { (0..<t.height).last { isReal(t, $0) }! }

  /// Adds `d` to row `r0`'s next pc and carries it on as an honest trace would: the row's
  /// new pc (= next pc) and, up to the next jump (whose target does not depend on its pc),
  /// every later row's pc, next pc, new pc and new next pc (and a link's pc + 8); after the
  /// jump only its delay slot's pc moves.
  static func shiftNextPC(_ t: inout RowMajorMatrix, from r0: Int, by d: KoalaBear) {
    var r = r0
    while true {
      t[r, C.nextPC] += d
      t[r, C.newPC] += d
      if has(t, r, .jumpImmediate) || has(t, r, .jumpRegister) {
        if r + 1 < t.height && isReal(t, r + 1) { t[r + 1, C.pc] += d }
        return
      }
      t[r, C.newNextPC] += d
      r += 1
      guard r < t.height, isReal(t, r) else { return }
      t[r, C.pc] += d
      if has(t, r, .link) { t[r, C.result[0]] += d }
    }
  }

  /// After row `r`'s new HI (or LO) limb `i` went up by one: every later row starts from it
  /// and, up to the next row that writes HI (LO), keeps it.
  static func carry(_ t: inout RowMajorMatrix, hi: Bool, limb i: Int, after r: Int) {
    let (old, new) = hi ? (C.hi, C.newHi) : (C.lo, C.newLo)
    let writers: [Bit] = [.mulDiv, .multiplyAdd, hi ? .moveToHi : .moveToLo]
    var q = r + 1
    while q < t.height {
      t[q, old[i]] += .one
      if writers.contains(where: { has(t, q, $0) }) { return }
      t[q, new[i]] += .one
      q += 1
    }
  }

  /// Row `r` turned into a padding row (as the trace generator writes them, HI = LO = 0).
  static func pad(_ t: inout RowMajorMatrix, _ r: Int) {
    let clk = t[r, C.clk]
    for c in 0..<C.width { t[r, c] = .zero }
    t[r, C.clk] = clk
    t[r, C.newNextPC] = KoalaBear(4)
    for p in CPUChip.Port.allCases {
      t[r, C.previous(p)] = KoalaBear(4) * clk + KoalaBear(UInt32(p.rawValue)) - .one
    }
  }

  /// CPU tampers of the straight-line run (ALU work, HI/LO, calls and jumps).
  static func cpuStraightLineTampers(_ t: RowMajorMatrix, entry: KoalaBear) -> [Tamper] {
    var all: [Tamper] = []
    let last = lastReal(t)
    let addu = rows(t, .addu)[0]
    let jal = rows(t, .jal)[0]
    let j = rows(t, .j)[0]
    let mult = rows(t, .mult)[0]
    let mthi = rows(t, .mthi)[0]
    let mtlo = rows(t, .mtlo)[0]
    let mfhi = rows(t, .mfhi)[0]
    let mflo = rows(t, .mflo)[0]
    precondition(!has(t, addu + 1, .link) && !has(t, j + 1, .link))

    // Flags. A second instruction packed into the row after the exit (is_real 2): the exit's
    // halts −1 and the new row's halts 2 keep every halting rule, so only the class-sum
    // check objects.
    all.append(
      ("a link flag of 2 on JAL (a doubled range check)", { $0[jal, C.flag(.link)] = KoalaBear(2) })
    )
    all.append(
      (
        "a writes flag of 2 (the register written twice)",
        { $0[addu, C.flag(.writes)] = KoalaBear(2) }
      ))
    all.append(
      (
        "is_real 2 after the exit: a second instruction in one row (halts −1 before it)",
        { t in
          let n = last + 1
          t[last, C.halts] = -KoalaBear.one
          t[n, C.flag(.syscall)] = .one
          t[n, C.flag(.nop)] = .one
          t[n, C.halts] = KoalaBear(2)
          t[n, C.pc] = t[last, C.newPC]
          t[n, C.nextPC] = t[last, C.newNextPC]
          t[n, C.newPC] = t[n, C.nextPC]
          t[n, C.newNextPC] = t[n, C.nextPC] + KoalaBear(4)
        }
      ))

    // Row counter and start: clk 0 would give the first accesses the initial memory's
    // timestamp; a repeated clk reuses timestamps; an empty run proves nothing ran; a late or
    // skipping start runs another program.
    all.append(
      (
        "clk starts at 0 (previous timestamps shifted along)",
        { t in
          for r in 0..<t.height {
            t[r, C.clk] -= .one
            for p in CPUChip.Port.allCases { t[r, C.previous(p)] -= KoalaBear(4) }
          }
        }
      ))
    all.append(
      (
        "a row repeats its predecessor's clk (timestamps reused)",
        { t in
          t[addu, C.clk] -= .one
          for p in CPUChip.Port.allCases { t[addu, C.previous(p)] -= KoalaBear(4) }
        }
      ))
    all.append(
      (
        "an empty run: every row padding, the first at the entry",
        { t in
          for r in 0..<t.height { pad(&t, r) }
          t[0, C.pc] = entry
          t[0, C.nextPC] = entry + KoalaBear(4)
          t[0, C.newPC] = entry + KoalaBear(4)
          t[0, C.newNextPC] = entry + KoalaBear(8)
        }
      ))
    all.append(("execution starts one instruction late", { $0[0, C.pc] += KoalaBear(4) }))
    all.append(
      (
        "the entry's next pc skips an instruction",
        { t in shiftNextPC(&t, from: 0, by: KoalaBear(4)) }
      ))

    // Halting (SECURITY item 16): an exit that does not stop, a prefix of the run claimed
    // complete, a run that stops on a non-syscall.
    all.append(("the exit does not halt", { $0[last, C.halts] = .zero }))
    all.append(
      (
        "a prefix of the run (cut at a power of two) claimed complete",
        { t in
          var h = 4
          while 2 * h <= last { h *= 2 }
          t = RowMajorMatrix(values: Array(t.values.prefix(h * t.width)), width: t.width)
        }
      ))
    func haltOneStepEarly(_ t: inout RowMajorMatrix) {
      for b in Bit.allCases { t[last, C.flag(b)] = .zero }
      t[last, C.halts] = .zero
      t[last - 1, C.halts] = .one
    }
    all.append(("the exit turned into padding, the step before halts", haltOneStepEarly))
    // The same with the step before claimed a SYNC (a class that never halts): the new halt
    // is neither an exit nor a fault.
    all.append(
      (
        "the exit turned into padding, the step before (claimed a SYNC) halts",
        { t in
          haltOneStepEarly(&t)
          for b in InstructionFlags.classes { t[last - 1, C.flag(b)] = .zero }
          t[last - 1, C.flag(.nop)] = .one
        }
      ))

    // ALU operands: not the registers read.
    for i in 0..<4 {
      all.append(("ADDU operand a limb \(i) + 1", { $0[addu, C.a[i]] += .one }))
      all.append(("ADDU operand b limb \(i) + 1", { $0[addu, C.b[i]] += .one }))
    }

    // HI and LO: a non-zero start, a change by an instruction that does not write them, MTHI/
    // MTLO not taking rs, HI/LO not carried into the next row, MFHI/MFLO not returning them.
    for i in 0..<4 {
      for hi in [true, false] {
        let x = hi ? "HI" : "LO"
        let (old, new) = hi ? (C.hi, C.newHi) : (C.lo, C.newLo)
        all.append(
          (
            "\(x) limb \(i) starts at 1 (carried up to MULT)",
            { t in
              t[0, old[i]] += .one
              t[0, new[i]] += .one
              carry(&t, hi: hi, limb: i, after: 0)
            }
          ))
        all.append(
          (
            "\(x) limb \(i) changed by the instruction before MULT",
            { t in
              t[mult - 1, new[i]] += .one
              carry(&t, hi: hi, limb: i, after: mult - 1)
            }
          ))
        let move = hi ? mthi : mtlo
        all.append(
          (
            "MT\(x) sets limb \(i) to rs + 1",
            { t in
              t[move, new[i]] += .one
              carry(&t, hi: hi, limb: i, after: move)
            }
          ))
        all.append(
          ("MULT starts from another \(x) (limb \(i) + 1)", { $0[mult, old[i]] += .one }))
        let from = hi ? mfhi : mflo
        all.append(("MF\(x) returns limb \(i) + 1", { $0[from, C.result[i]] += .one }))
      }
    }

    // Control flow: a forged return address, a skipped instruction, a next pc not followed.
    all.append(("JAL links pc + 12", { $0[jal, C.result[0]] += KoalaBear(4) }))
    all.append(
      (
        "ADDU's new pc skips the next instruction",
        { t in
          t[addu, C.newPC] += KoalaBear(4)
          t[addu + 1, C.pc] += KoalaBear(4)
        }
      ))
    all.append(
      (
        "the step before J claims a new next pc 4 further",
        { t in
          t[j - 1, C.newNextPC] += KoalaBear(4)
          shiftNextPC(&t, from: j, by: KoalaBear(4))
        }
      ))
    all.append(("the step after ADDU at another pc", { $0[addu + 1, C.pc] += KoalaBear(4) }))
    all.append(
      (
        "J at another next pc than its predecessor's",
        { t in shiftNextPC(&t, from: j, by: KoalaBear(4)) }
      ))

    // Memory argument: a previous access at the port's own timestamp.
    for p in CPUChip.Port.allCases {
      all.append(
        (
          "ADDU's \(p) port claims a previous access at its own timestamp",
          { t in
            t[addu, C.previous(p)] = KoalaBear(4) * t[addu, C.clk] + KoalaBear(UInt32(p.rawValue))
          }
        ))
    }
    return all
  }

  /// CPU tampers of the syscall run: flags on a padding row (HI = LO = 0 there), RDHWR.
  static func cpuSyscallTampers(_ t: RowMajorMatrix) -> [Tamper] {
    var all: [Tamper] = []
    let p = t.height - 1
    precondition(!isReal(t, p) && t[p, C.hi[0]] == .zero)
    for bit in InstructionFlags.classes {
      // −1 beside another class flag set: is_real stays 0, only the flag's own boolean
      // check objects (a jump's target is made the padding row's next pc + 4). At memory −1
      // the padding row would send a negative page lookup and memory access.
      all.append(
        (
          "\(bit) flag −1 beside another class flag (is_real 0)",
          { t in
            t[p, C.flag(bit)] = -KoalaBear.one
            t[p, C.flag(bit == .nop ? .alu : .nop)] = .one
            if bit == .jumpImmediate { t[p, C.immediate[0]] = KoalaBear(4) }
            if bit == .jumpRegister { t[p, C.rsValue[0]] = KoalaBear(4) }
            // The page-mapping gap equations at memory −1: since = clk − 1, until = clk + 1
            // (gaps 0).
            if bit == .memory {
              t[p, C.mappedSince] = t[p, C.clk] - .one
              t[p, C.mappedUntil] = t[p, C.clk] + .one
            }
          }
        ))
    }
    for bit in [Bit.aFromRs, .aFromRt, .bFromRt, .bFromImmediate, .bFromRs] {
      all.append(("\(bit) flag 2 on padding", { $0[p, C.flag(bit)] = KoalaBear(2) }))
    }
    all.append(
      (
        "likely flag 2 on padding (taken, so no slot is skipped)",
        { t in
          t[p, C.flag(.likely)] = KoalaBear(2)
          t[p, C.taken] = .one
        }
      ))
    all.append(("a padding row writes a register", { $0[p, C.flag(.writes)] = .one }))
    all.append(
      (
        "a padding row links (pc + 8 = 8)",
        { t in
          t[p, C.flag(.link)] = .one
          t[p, C.result[0]] = KoalaBear(8)
        }
      ))
    let rdhwr = rows(t, .rdhwr)[0]
    for i in 0..<4 {
      all.append(
        ("RDHWR returns thread pointer limb \(i) + 1", { $0[rdhwr, C.result[i]] += .one }))
    }
    return all
  }

  /// CPU tampers of the load/store run.
  static func cpuMemoryTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let lh = rows(t, .lh)[0]
    let lw = rows(t, .lw).first { has(t, $0, .writes) }!
    let sw = rows(t, .sw)[0]
    precondition(!has(t, lw, .store) && has(t, sw, .store) && t[sw, C.pageWritable] == .one)
    let readOnly: Tamper = (
      "a store into a read-only page (writable 0, as its table row says)",
      { $0[sw, C.pageWritable] = .zero }
    )
    return writeProtection(CPUChip(), "stores go to writable pages", readOnly) + [
      // The packed flags trade weight: store (bit 27) at 1/4 stands for writes (bit 25).
      (
        "store 1/4, writes 0 on LW (same packed flags; the loaded register never written)",
        { t in
          t[lw, C.flag(.store)] = KoalaBear(4).inverse()!
          t[lw, C.flag(.writes)] = .zero
        }
      ),
      // address1 = 16·high + low with high one more: the lookup is for the page above (a
      // mapped neighbour's row standing in for the accessed page).
      (
        "SW looks up the next page's mapping (page high nibble + 1)", { $0[sw, C.pageHigh] += .one }
      ),
      (
        "LH offset bit 0 = bit + 4, word index − 1",
        { t in
          t[lh, C.offsetBit0] += KoalaBear(4)
          t[lh, C.wordLow] -= .one
        }
      ),
      (
        "LH offset bit 1 = bit + 2, word index − 1",
        { t in
          t[lh, C.offsetBit1] += KoalaBear(2)
          t[lh, C.wordLow] -= .one
        }
      ),
      ("LH accesses the next word", { $0[lh, C.wordLow] += .one }),
    ]
  }

  /// CPU tampers of the LL/SC run. The packed flags Σ 2^bit·flag on the program bus are
  /// injective only over boolean flags: writes (bit 25) and linked (bit 26) trade weight.
  static func cpuLinkTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let addiu = rows(t, .addiu).first { has(t, $0, .writes) && !has(t, $0, .linked) }!
    let sc = rows(t, .sc)[0]
    let p = t.height - 1
    precondition(!isReal(t, p) && has(t, sc, .writes) && has(t, sc, .linked))
    return [
      (
        "linked 1/2, writes 0 on ADDIU (same packed flags; its register write dropped)",
        { t in
          t[addiu, C.flag(.linked)] = KoalaBear(2).inverse()!
          t[addiu, C.flag(.writes)] = .zero
        }
      ),
      (
        "linked 0, writes 3 on SC (same packed flags; the link chip never asked)",
        { t in
          t[sc, C.flag(.linked)] = .zero
          t[sc, C.flag(.writes)] = KoalaBear(3)
        }
      ),
      (
        "a padding row reserves (a phantom LL sent to the link chip)",
        { t in
          t[p, C.flag(.linked)] = .one
          t[p, C.opcode] = KoalaBear(UInt32(Opcode.ll.rawValue))
        }
      ),
    ]
  }

  /// Runs that end in a fault: a trap that fires, BREAK, a reserved word (kinds 1, 2, 3).
  static let trapBody = """
      li    $t0, 5
      addu  $t1, $t0, $t0
      teq   $t0, $t0
    """
  static let breakBody = """
      li    $t0, 5
      addu  $t1, $t0, $t0
      break
    """
  /// Runs whose fetch faults: a jump to an unmapped pc (kind 6) and to a misaligned one (5).
  static let fetchUnmappedBody = """
      li    $t0, 5
      li    $t1, 16
      jr    $t1
      nop
    """
  static let fetchMisalignedBody = """
      li    $t0, 5
      la    $t1, 1f
      addiu $t1, $t1, 2
      jr    $t1
      nop
    1:
      nop
    """

  /// Sets the address columns of CPU row `r` to `x` (limbs, offset bits, word, nibbles).
  static func setAddress(_ t: inout RowMajorMatrix, _ r: Int, _ x: UInt32) {
    C.address.write(x, to: &t, row: r)
    t[r, C.offsetBit0] = KoalaBear(x & 1)
    t[r, C.offsetBit1] = KoalaBear((x >> 1) & 1)
    t[r, C.wordLow] = KoalaBear((x & 0xff) >> 2)
    t[r, C.pageHigh] = KoalaBear((x >> 12) & 0xf)
    t[r, C.pageLow] = KoalaBear((x >> 8) & 0xf)
  }

  /// CPU tampers of the fetch-fault runs.
  static func cpuFetchFaultTampers(_ t: RowMajorMatrix, aligned: Bool) -> [Tamper] {
    let h = haltingRow(t)
    if aligned {
      // An ALU row before the end claimed a fetch fault at its own (aligned, so "unmapped")
      // pc: every rule of a fetch fault holds but that it halts.
      let addiu = rows(t, .addiu)[0]
      return [
        (
          "an earlier ADDIU claimed a fetch fault that does not halt",
          { t in
            swapClass(&t, addiu, from: .alu, to: .fetchFault)
            setAddress(&t, addiu, t[addiu, C.pc].value)
            t[addiu, C.fetchUnmapped] = .one
          }
        ),
        (
          "the fetch fault's address one page off its pc",
          { t in
            t[h, C.address[1]] += KoalaBear(16)
            t[h, C.pageHigh] += .one
          }
        ),
      ]
    }
    return [
      // The misaligned pc's offset bits claimed 0 (wordLow absorbing the difference): the
      // pc would look aligned, yet the fault is not flagged unmapped.
      (
        "a misaligned fetch's offset bits claimed aligned",
        { t in
          let bit1 = t[h, C.offsetBit1], bit0 = t[h, C.offsetBit0]
          t[h, C.wordLow] += (KoalaBear(2) * bit1 + bit0) * KoalaBear(4).inverse()!
          t[h, C.offsetBit1] = .zero
          t[h, C.offsetBit0] = .zero
        }
      )
    ]
  }

  /// Moves the last JR's target by `d` and carries it on to its delay slot and the fetch
  /// fault after it (rs limb 0, the new next pc, the next pcs and pcs that follow).
  static func moveJumpTarget(_ t: inout RowMajorMatrix, by d: UInt32) {
    let jr = (0..<t.height).last { has(t, $0, .jumpRegister) }!
    let x = KoalaBear(d)
    t[jr, C.rsValue[0]] += x
    t[jr, C.newNextPC] += x
    for c in [C.nextPC, C.newPC, C.newNextPC] { t[jr + 1, c] += x }
    for c in [C.pc, C.nextPC, C.newPC, C.newNextPC] { t[jr + 2, c] += x }
  }

  /// CPU tampers of the fetch fault after `jr $t1` to 16 (below the ceiling).
  static func cpuLowJumpTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let h = haltingRow(t)
    let jr = rows(t, .jr)[0]
    precondition(h == jr + 2)
    return [
      // The JR went to 20; the fault (address 16, the public pc) claimed at pc 20.
      ("the JR to 20, the fetch fault's address left at 16", { t in moveJumpTarget(&t, by: 4) }),
      // The same with the address 20 too: no longer the public pc.
      (
        "the JR to 20 and the fault at 20, the public pc 16",
        { t in
          moveJumpTarget(&t, by: 4)
          setAddress(&t, h, 20)
        }
      ),
      // The fault row flagged out without a jump out two rows before.
      ("a fetch fault flagged out after an ordinary JR", { t in t[h, C.pcOut] = .one }),
      // jumpsOut 2 on a JR below the ceiling, carried on to the fault.
      (
        "jumpsOut 2 on the JR to 16, carried on",
        { t in
          t[jr, C.jumpsOut] = KoalaBear(2)
          t[jr + 1, C.nextOut] = KoalaBear(2)
          t[h, C.pcOut] = KoalaBear(2)
        }
      ),
    ]
  }

  /// A JR to 0x80000000 (≥ p): the run ends fetching it.
  static let jumpOutBody = """
      lui   $t0, 0x8000
      jr    $t0
      addiu $t1, $zero, 1
    """

  /// CPU tampers of the jump-out run (public pc 0x80000000).
  static func cpuJumpOutTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let h = haltingRow(t)
    let jr = rows(t, .jr)[0]
    precondition(h == jr + 2 && t[jr, C.jumpsOut] == .one && t[h, C.pcOut] == .one)
    func chainOff(_ t: inout RowMajorMatrix) {
      t[jr, C.jumpsOut] = .zero
      t[jr + 1, C.nextOut] = .zero
      t[h, C.pcOut] = .zero
    }
    return [
      // The JR went to 0x80000001 (misaligned: kind 5), the fault claimed at 0x80000000
      // (kind 6) with the address 0x01000000 ≡ 0x80000001 mod p (top byte 1, not 0x80).
      (
        "the JR to 0x80000001, the fault's address 0x01000000 (≡ it mod p)",
        { t in
          moveJumpTarget(&t, by: 1)
          t[h, C.address[3]] = .one
        }
      ),
      // No jump out: the fault above the ceiling has no jump that shows its pc.
      ("the jump out unflagged", { t in chainOff(&t) }),
      // No jump out and the fault claimed an unmapped load at the same field pc.
      (
        "the fetch fault claimed an unmapped load at pc ≡ 0x80000000",
        { t in
          chainOff(&t)
          swapClass(&t, h, from: .fetchFault, to: .memory)
          t[h, C.fetchUnmapped] = .zero
          t[h, C.unmapped] = .one
        }
      ),
      // The JR claimed a J whose target (immediate) is rs: the jump out by a static jump.
      (
        "the JR claimed a J to the same target",
        { t in
          swapClass(&t, jr, from: .jumpRegister, to: .jumpImmediate)
          C.immediate.write(0x8000_0000, to: &t, row: jr)
        }
      ),
      // The JR's rs claimed 0x00ffffff (≡ 0x80000000 mod p, a misaligned low pc).
      (
        "the JR's rs claimed 0x00ffffff",
        { t in C.rsValue.write(0x00ff_ffff, to: &t, row: jr) }
      ),
      // The JR unflagged, its delay slot and the fault still out.
      ("the JR unflagged, the rows after it out", { t in t[jr, C.jumpsOut] = .zero }),
    ]
  }

  /// CPU tampers of the straight-line run: the `jr $ra` jumps out (rs3 = 0, the exit's
  /// public pc top byte) and the run goes on after its delay slot.
  static func cpuJumpOutContinuesTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let jr = rows(t, .jr)[0]
    return [
      (
        "a JR flagged out whose run goes on",
        { t in
          t[jr, C.jumpsOut] = .one
          t[jr + 1, C.nextOut] = .one
          t[jr + 2, C.pcOut] = .one
        }
      )
    ]
  }

  /// A program whose entry is the last word of its only page (the next fetch faults).
  static let pageEndSource = """
      .set noreorder
      .text
      .balign 4096
      .space 4092
      .globl __start
    __start:
      nop
    """
  /// CPU tampers of the LL/SC fault run: the halting SC sent to the link chip.
  static func cpuLinkFaultTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let h = haltingRow(t)
    precondition(has(t, h, .linked) && t[h, C.linkFault] == .one)
    return [("the faulting SC sent to the link chip", { t in t[h, C.linkFault] = .zero })]
  }

  static let reservedBody = """
      li    $t0, 5
      addu  $t1, $t0, $t0
      .word 0xec000000
    """

  /// The CPU row that halts.
  static func haltingRow(_ t: RowMajorMatrix) -> Int {
    (0..<t.height).first { t[$0, C.halts] == .one }!
  }

  /// Moves the class of CPU row `r` from `from` to `to` (is_real stays 1).
  static func swapClass(_ t: inout RowMajorMatrix, _ r: Int, from: Bit, to: Bit) {
    t[r, C.flag(from)] = .zero
    t[r, C.flag(to)] = .one
  }

  /// CPU tampers of the fault runs (each the honest trace of its kind's run).
  static func cpuFaultTampers(_ t: RowMajorMatrix, kind: Bit) -> [Tamper] {
    let h = haltingRow(t)
    let alu = rows(t, .addu)[0]
    switch kind {
    case .trap:
      return [
        // The trap's halt claimed to be an exit (kind stays 1).
        (
          "a firing trap's halt claimed an exit",
          { t in swapClass(&t, h, from: .trap, to: .syscall) }
        ),
        // The trap claimed BREAK: the halt kind (1) is not BREAK's.
        ("a firing trap claimed BREAK", { t in swapClass(&t, h, from: .trap, to: .breakpoint) }),
        // The trap claimed a reserved word: the halt kind (1) is not its.
        ("a firing trap claimed reserved", { t in swapClass(&t, h, from: .trap, to: .reserved) }),
        // The trap claimed an overflowing ALU instruction or a misaligned access (both halt
        // with a tagged opcode): the halt kind (1) is neither's.
        ("a firing trap claimed an overflow", { t in swapClass(&t, h, from: .trap, to: .alu) }),
        (
          "a firing trap claimed a misaligned access (its page claimed mapped from the start)",
          { t in
            swapClass(&t, h, from: .trap, to: .memory)
            mappedForGood(&t, C.page, row: h, clk: t[h, C.clk].value)
          }
        ),
        // The trap claimed a fetch fault at its (aligned) pc: the halt kind (1) is not 6.
        (
          "a firing trap claimed a fetch fault",
          { t in
            swapClass(&t, h, from: .trap, to: .fetchFault)
            setAddress(&t, h, t[h, C.pc].value)
            t[h, C.fetchUnmapped] = .one
          }
        ),
        // The same with unmapped = −4, which makes the kind 5 + unmapped = 1 (the trap's)
        // and keeps every other rule: only the flag's boolean constraint objects.
        (
          "a firing trap claimed a memory access with unmapped = −4",
          { t in
            swapClass(&t, h, from: .trap, to: .memory)
            t[h, C.unmapped] = -KoalaBear(4)
            mappedForGood(&t, C.page, row: h, clk: t[h, C.clk].value)
          }
        ),
        // An ADDU before the halt flagged unmapped (its page fields as if mapped).
        (
          "an ADDU that does not halt flagged unmapped",
          { t in
            t[alu, C.unmapped] = .one
            mappedForGood(&t, C.page, row: alu, clk: t[alu, C.clk].value)
          }
        ),
        // The fault claimed one instruction later: the previous row skips a slot (likely,
        // not taken, outside a branch), so the public pc no longer matches.
        (
          "the fault moved to the next pc",
          { t in
            t[h - 1, C.flag(.likely)] = .one
            t[h - 1, C.newPC] += KoalaBear(4)
            t[h, C.pc] += KoalaBear(4)
          }
        ),
      ]
    case .breakpoint:
      return [
        // BREAK claimed a trap: the halt kind (2) is not a trap's.
        ("BREAK claimed a firing trap", { t in swapClass(&t, h, from: .breakpoint, to: .trap) }),
        // An ADDU claimed BREAK without halting there.
        ("an ADDU claimed BREAK", { t in swapClass(&t, alu, from: .alu, to: .breakpoint) }),
      ]
    default:
      return [
        // An ADDU claimed a reserved word without halting there.
        ("an ADDU claimed reserved", { t in swapClass(&t, alu, from: .alu, to: .reserved) })
      ]
    }
  }

  /// CPU tampers of the brk run: a store into a heap page claimed mapped since its own clk
  /// (by a brk that does not come before it).
  static func cpuHeapTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let sw = rows(t, .sw)[0]
    precondition(t[sw, C.mappedSince] != .zero)
    return [
      (
        "a store to a heap page before the brk that maps it (since = its own clk)",
        { $0[sw, C.mappedSince] = $0[sw, C.clk] }
      ),
      (
        "a store to a page after the brk or munmap that unmaps it (until = its own clk)",
        { $0[sw, C.mappedUntil] = $0[sw, C.clk] }
      ),
    ]
  }

  // MARK: - Memory helpers

  static func value(_ t: RowMajorMatrix, _ r: Int, _ w: WordColumns) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | t[r, w[$1]].value << (8 * UInt32($1)) }
  }

  static func memoryTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let last = (0..<t.height).last { t[$0, M.isReal] == .one }!
    precondition(last + 2 < t.height)
    let fresh = (0..<t.height).first { t[$0, M.isReal] == .one && t[$0, M.fromImage] == .zero }!
    precondition(t[0, M.fromImage] == .one && value(t, 0, M.initial) == 0)
    var all: [Tamper] = [
      (
        "a key after the last with is_real 2 (two chains for one key)",
        { t in
          t[last + 1, M.isReal] = KoalaBear(2)
          let key = value(t, last, M.key) + 1 + value(t, last, M.difference)
          M.key.write(key, to: &t, row: last + 1)
        }
      ),
      ("$zero's image entry taken twice (from_image 2)", { $0[0, M.fromImage] = KoalaBear(2) }),
      ("a padding row absorbs an image entry", { $0[last + 1, M.fromImage] = .one }),
      (
        "a real row after padding: key 1 initialised a second time",
        { t in
          t[last + 2, M.isReal] = .one
          t[last + 2, M.key[0]] = .one
        }
      ),
      (
        "key 2 initialised as key 1 again",
        { t in
          let next = value(t, 3, M.key)
          let key = value(t, 1, M.key)
          M.key.write(key, to: &t, row: 2)
          M.difference.write(next - key - 1, to: &t, row: 2)
        }
      ),
    ]
    for i in 0..<4 {
      all.append(
        (
          "a key not from the image starts with limb \(i) + 1",
          { $0[fresh, M.initial[i]] += .one }
        ))
    }
    return all
  }

  // MARK: - Syscall helpers

  static func entry(_ n: Kernel.Number, fd: UInt32? = nil) -> Int {
    SyscallChip.entries.firstIndex { $0.number == n && $0.fd == fd }!
  }
  static func syscallRows(_ t: RowMajorMatrix, _ k: Int) -> [Int] {
    (0..<t.height).filter { t[$0, S.selectors + k] == .one }
  }

  /// Sets selectors of row `r`, with the number limbs and halts they then call for: the
  /// number constraint is Σ_k s_k·(n_i − N_k,i) = 0 over the entries with a number, so
  /// n_i = Σ s_k·N_k,i / Σ s_k (left alone if Σ s_k = 0).
  static func setSelectors(_ t: inout RowMajorMatrix, row r: Int, _ values: [Int: KoalaBear]) {
    for (k, v) in values { t[r, S.selectors + k] = v }
    let numbered = SyscallChip.entries.indices.filter { SyscallChip.entries[$0].number != nil }
    if let inverse = numbered.reduce(KoalaBear.zero, { $0 + t[r, S.selectors + $1] }).inverse() {
      for i in 0..<4 {
        var n = KoalaBear.zero
        for k in numbered {
          let number = SyscallChip.entries[k].number!.rawValue
          n += t[r, S.selectors + k] * KoalaBear((number >> (8 * UInt32(i))) & 0xff)
        }
        t[r, S.number[i]] = n * inverse
      }
    }
    var exits = KoalaBear.zero
    for (k, e) in SyscallChip.entries.enumerated() where e.behaviour == .exit {
      exits += t[r, S.selectors + k]
    }
    t[r, S.halts] = exits
  }

  /// The error flag the selectors of row `r` call for: Σ s_k·error_k, and 1 − granted per
  /// mmap selector.
  static func setFails(_ t: inout RowMajorMatrix, row r: Int) {
    var fails = KoalaBear.zero
    for (k, e) in SyscallChip.entries.enumerated() {
      switch e.behaviour {
      case .constant(_, let error): if error { fails += t[r, S.selectors + k] }
      case .badFD, .unknown: fails += t[r, S.selectors + k]
      case .mmap: fails += t[r, S.selectors + k] * (.one - t[r, S.granted])
      default: break
      }
    }
    t[r, S.fails] = fails
  }

  /// The `$v0` an entry fixes (constant answers, set_thread_area, clock_gettime, uname), as
  /// its constraint states.
  static func constantResult(_ b: SyscallChip.Entry.Behaviour) -> UInt32? {
    switch b {
    case .constant(let v, _): v
    case .setThreadArea, .clockGettime, .uname: 0
    default: nil
    }
  }

  /// `$v0` of EBADF and ENOSYS (the kernel's errno).
  static func errnoResult(_ b: SyscallChip.Entry.Behaviour) -> UInt32? {
    switch b {
    case .badFD: 9
    case .unknown: 89
    default: nil
    }
  }

  /// The page gadget of row `r` as if its page were mapped from the start and for good.
  static func mappedForGood(_ t: inout RowMajorMatrix, _ page: PageColumns, row r: Int, clk: UInt32)
  {
    page.gap.write(clk - 1, to: &t, row: r)
    t[r, page.until] = KoalaBear(PageColumns.forever)
    page.untilGap.write(PageColumns.forever - clk - 1, to: &t, row: r)
  }

  static func writeLimbs3(_ t: inout RowMajorMatrix, _ x: UInt32, at first: Int, row: Int) {
    for k in 0..<3 { t[row, first + k] = KoalaBear((x >> (8 * UInt32(k))) & 0xff) }
  }

  static func syscallTampers(_ t: RowMajorMatrix, publicValues pv: [KoalaBear]) -> [Tamper] {
    var all: [Tamper] = []
    let entries = SyscallChip.entries
    let p = t.height - 1
    precondition((0..<entries.count).allSatisfy { t[p, S.selectors + $0] == .zero })
    let exit = entry(.exit)
    let close = entry(.close)

    // Selector k = −1 beside two selectors j, l = 1 on a padding row: is_real 1, the row
    // claims "j + l − k". Two selectors of one sign cannot be made to cancel any more: the
    // number constraint Σ s·(n − N) then asks N_j = N_k. With is_real 1 the number is
    // N_j + N_l − N_k, the constant answers' sum gives $v0 = −(k's constant), and the row's
    // other columns satisfy k's own constraints at selector −1 (the exit fields public, the
    // fd k's, the rest the input length, brk granted). j, l are two answers with $v0 = 0;
    // for EBADF and ENOSYS they are the two exits instead (exit fields public, $v0 k's
    // errno), so the tamper still stands once their $v0 is constrained.
    let zeros = entries.indices.filter { entries[$0].behaviour == .constant(0, error: false) }
    for (k, e) in entries.enumerated() {
      let errno = errnoResult(e.behaviour)
      let (j, l) =
        errno != nil
        ? (exit, entry(.exitGroup)) : (zeros.first { $0 != k }!, zeros.last { $0 != k }!)
      precondition(j != l)
      all.append(
        (
          "selector \(k) −1 beside selectors \(j) and \(l) (is_real 1)",
          { t in
            setSelectors(&t, row: p, [k: -KoalaBear.one, j: .one, l: .one])
            let exits = t[p, S.halts]
            if exits != .zero {
              t[p, S.a0[0]] = pv[0]
              S.a1.write(pv[1].value, to: &t, row: p)
              // The a2 port (output cursor here) writes back what it read.
              S.a2.write(pv[2].value, to: &t, row: p)
              S.a2New.write(pv[2].value, to: &t, row: p)
            }
            if let fd = e.fd { S.a0.write(fd, to: &t, row: p) }
            if let v = constantResult(e.behaviour) {
              for i in 0..<4 { t[p, S.result[i]] = -KoalaBear((v >> (8 * UInt32(i))) & 0xff) }
            }
            if let v = errno { S.result.write(v, to: &t, row: p) }
            switch e.behaviour {
            case .readInput: writeLimbs3(&t, pv[3].value, at: S.rest, row: p)
            // At selector −1: a2 (0) + gap = 1024.
            case .writevOutput, .writevError: writeLimbs3(&t, 1024, at: S.gap, row: p)
            case .brk, .mmap, .munmap: t[p, S.granted] = .one
            case .badFD(let x, let y):
              // An fd other than both (limb 1 set: the exit code is limb 0).
              t[p, S.a0[1]] = .one
              let fd = KoalaBear(value(t, p, S.a0))
              t[p, S.fdProduct] = (fd - KoalaBear(x)) * (fd - KoalaBear(y))
              t[p, S.fdInverse] = t[p, S.fdProduct].inverse()!
            case .unknown:
              // At selector −1 no lookup (inside 0), so the number is below the range.
              t[p, S.below] = .one
            default: break
            }
            setFails(&t, row: p)
          }
        ))
    }
    all.append(
      (
        "close and rt_sigaction in one row",
        { t in setSelectors(&t, row: p, [close: .one, entry(.rtSigaction): .one]) }
      ))

    let getpid = syscallRows(t, entry(.getpid))[0]
    let stderr = syscallRows(t, entry(.write, fd: 2))[0]
    let stdout = syscallRows(t, entry(.write, fd: 1))[0]
    let reads = syscallRows(t, entry(.read, fd: 0))
    let (fullRead, shortRead) = (reads[0], reads[1])
    precondition(t[fullRead, S.gap] == .zero && t[shortRead, S.rest] == .zero)
    precondition(t[shortRead, S.result[0]].value >= 1 && t[shortRead, S.gap].value < 255)
    let hints = syscallRows(t, entry(.read, fd: 3))[0]
    precondition(t[hints, S.gap] != .zero && t[hints, S.stateNew[0]] == .one)
    let exitRow = syscallRows(t, entry(.exitGroup))[0]
    let brks = syscallRows(t, entry(.brk))
    let granted = brks.first { t[$0, S.granted] == .one }!
    let refused = brks.first { t[$0, S.below] == .one }!
    let threadArea = syscallRows(t, entry(.setThreadArea))[0]
    let badWrite = syscallRows(t, entries.firstIndex { $0.behaviour == .badFD(1, 2) }!)[0]
    let badRead = syscallRows(t, entries.firstIndex { $0.behaviour == .badFD(0, 3) }!)[0]
    let unknown = entries.firstIndex { $0.behaviour == .unknown }!
    // The unknown number inside the known range (looked up in the table of unknown ones).
    let between = syscallRows(t, unknown).first { t[$0, S.inside] == .one }!
    precondition(value(t, badWrite, S.a0) == 5 && value(t, badRead, S.a0) == 7)
    precondition(value(t, between, S.number) == 4002)

    for i in 0..<4 {
      all.append(("getpid's number limb \(i) + 1", { $0[getpid, S.number[i]] += .one }))
      all.append(("write to fd 2 with $a0 limb \(i) + 1", { $0[stderr, S.a0[i]] += .one }))
      all.append(("getpid returns limb \(i) + 1", { $0[getpid, S.result[i]] += .one }))
      all.append(
        (
          "brk moves the break limb \(i) elsewhere than asked",
          { t in
            t[granted, S.stateNew[i]] += .one
            t[granted, S.result[i]] += .one
          }
        ))
      all.append(("brk returns break limb \(i) + 1", { $0[granted, S.result[i]] += .one }))
      all.append(
        (
          "set_thread_area sets limb \(i) to a0 + 1",
          { $0[threadArea, S.stateNew[i]] += .one }
        ))
      all.append(
        (
          "getpid's port \(i) claims a later previous access",
          { $0[getpid, S.previous(i)] += .one }
        ))
    }
    for i in 0..<3 {
      all.append(("write to fd 2 returns a2 limb \(i) + 1", { $0[stderr, S.result[i]] += .one }))
    }
    all += [
      ("the exit does not halt the CPU", { $0[exitRow, S.halts] = .zero }),
      ("another exit code", { $0[exitRow, S.a0[0]] += .one }),
      ("more input claimed consumed", { $0[exitRow, S.a1[0]] += .one }),
      // The a2 port reads and writes back the same word on rows other than brk.
      (
        "a longer output claimed",
        { t in
          t[exitRow, S.a2[0]] += .one
          t[exitRow, S.a2New[0]] += .one
        }
      ),
      (
        "a write to fd 2 of a2 + 2^24 bytes",
        { t in
          t[stderr, S.a2[3]] += .one
          t[stderr, S.a2New[3]] += .one
        }
      ),
      (
        "a write to fd 1 returning 2^24 more than a2 (cursor along)",
        { t in
          t[stdout, S.result[3]] += .one
          t[stdout, S.stateNew[3]] += .one
        }
      ),
      ("a short read's gap off by one", { $0[shortRead, S.gap] += .one }),
      ("the output cursor advances one too far", { $0[stdout, S.stateNew[0]] += .one }),
      ("a read's input rest off by one", { $0[fullRead, S.rest] += .one }),
      (
        "a short read that leaves input unread",
        { t in
          t[shortRead, S.result[0]] -= .one
          t[shortRead, S.gap] += .one
          t[shortRead, S.stateNew[0]] -= .one
          t[shortRead, S.rest] += .one
        }
      ),
      (
        "an ended hint stream gives a byte",
        { t in
          t[hints, S.stateOld[0]] = .one
          t[hints, S.result[0]] += .one
          t[hints, S.gap] -= .one
        }
      ),
      ("a short hint read leaves the stream open", { $0[hints, S.stateNew[0]] = .zero }),
      (
        "an ended hint stream reopened by an empty read",
        { t in
          t[hints, S.stateOld[0]] = .one
          t[hints, S.stateNew[0]] = .zero
          for i in 0..<4 {
            t[hints, S.a2[i]] = .zero
            t[hints, S.a2New[i]] = .zero
          }
          for i in 0..<3 { t[hints, S.gap + i] = .zero }
        }
      ),
      // (Its new top would be below the heap's: the pages it maps are negative.)
      (
        "a refused brk (below the image) claimed granted",
        { t in
          t[refused, S.granted] = .one
          let a0 = value(t, refused, S.a0)
          S.stateNew.write(a0, to: &t, row: refused)
          S.result.write(a0, to: &t, row: refused)
        }
      ),
      // EBADF for a valid fd: a write to stdout claimed failed, its output dropped.
      (
        "a write to fd 1 claimed EBADF (the product still fd 5's)",
        { $0[badWrite, S.a0[0]] = .one }
      ),
      (
        "a read of fd 0 claimed EBADF (product 0, its inverse kept)",
        { t in
          t[badRead, S.a0[0]] = .zero
          t[badRead, S.fdProduct] = .zero
        }
      ),
      // ENOSYS for a known number: read (4003) claimed unknown without the table lookup,
      // or with a lookup that a padding row cancels (inside −1 there).
      (
        "read (4003) claimed unknown, inside the range but no lookup",
        { t in
          t[between, S.number[0]] += .one
          t[between, S.inside] = .zero
        }
      ),
      (
        "read (4003) claimed unknown, its lookup cancelled by a padding row's inside −1",
        { t in
          t[between, S.number[0]] += .one
          for i in 0..<4 { t[p, S.number[i]] = t[between, S.number[i]] }
          t[p, S.inside] = -KoalaBear.one
        }
      ),
    ]

    // brk's pages. The granted brk (break + 5000) is not page-aligned and maps pages; the
    // a2 port holds the heap's top page (key 40) on brk rows and raises it by the pages.
    let pages = limbs3(t, granted, S.pages)
    let top = value(t, granted, S.a2)
    precondition(t[granted, S.unaligned] == .one && pages >= 1 && pages < 255)
    precondition(value(t, granted, S.a2New) == top + pages && t[refused, S.granted] == .zero)
    /// The granted brk maps `pages + d` pages, the heap top rising with them.
    func mapsMore(_ t: inout RowMajorMatrix, _ d: Int) {
      let n = UInt32(Int(pages) + d)
      writeLimbs3(&t, n, at: S.pages, row: granted)
      S.a2New.write(top + n, to: &t, row: granted)
    }
    all += [
      // A brk claimed refused: the program's allocation fails (break and $v0 unchanged).
      (
        "a granted brk claimed refused (break, $v0 and heap top unchanged)",
        { t in
          t[granted, S.granted] = .zero
          for i in 0..<4 {
            t[granted, S.stateNew[i]] = t[granted, S.stateOld[i]]
            t[granted, S.result[i]] = t[granted, S.stateOld[i]]
            t[granted, S.a2New[i]] = t[granted, S.a2[i]]
          }
          writeLimbs3(&t, 0, at: S.pages, row: granted)
        }
      ),
      // Pages beyond the new break mapped (writable heap the kernel never gave).
      (
        "brk maps a page more (a0's page nibble claimed one higher)",
        { t in
          t[granted, S.a0High] += .one
          mapsMore(&t, 1)
        }
      ),
      ("brk maps a page above the new break", { t in mapsMore(&t, 1) }),
      (
        "an unaligned brk claimed aligned (flag 0, inverse 0): the break's page left unmapped",
        { t in
          t[granted, S.unaligned] = .zero
          t[granted, S.unalignedInverse] = .zero
          mapsMore(&t, -1)
        }
      ),
      (
        "a refused brk maps a page",
        { t in
          writeLimbs3(&t, 1, at: S.pages, row: refused)
          S.a2New.write(value(t, refused, S.a2) + 1, to: &t, row: refused)
        }
      ),
      // The top one page short of the pages mapped: the next brk maps that page again.
      (
        "the heap top rises one page less than the pages mapped",
        { t in S.a2New.write(top + pages - 1, to: &t, row: granted) }
      ),
      // The top's limbs (0, 0, 0, top / 2^24): limbs 0–2 valid bytes, the same field value.
      // (brk reads the top back only as a value, so no claim changes: the constraint keeps
      // the stored word canonical, limbs 0–2 range-checked and limb 3 zero.)
      (
        "the heap top written with limb 3 = top / 2^24 (mod p), limbs 0-2 zero",
        { t in
          for i in 0..<3 { t[granted, S.a2New[i]] = .zero }
          t[granted, S.a2New[3]] = KoalaBear(top + pages) * KoalaBear(1 << 24).inverse()!
        }
      ),
    ]
    // $a2 clobbered by a syscall that does not touch it (a register the program reads on).
    for i in 0..<4 {
      all.append(
        ("a write to fd 1 leaves $a2 limb \(i) + 1", { $0[stdout, S.a2New[i]] += .one }))
    }
    return all
  }

  /// Syscall tampers of the writev run (``writevBody``).
  static func syscallWritevTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let writev = syscallRows(t, entry(.writev, fd: 1))[0]
    precondition(value(t, writev, S.a2) == 3 && limbs3(t, writev, S.gap) == 1021)
    return [
      // 1025 entries claimed within the limit (the gap one short, a2 as it was).
      ("a writev's 1024 − a2 gap off by one", { $0[writev, S.gap] -= .one })
    ]
  }

  /// Iovec tampers of the writev run: its first writev has entries of 7, 0 and 7 bytes,
  /// the table has padding rows.
  static func iovecTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let r = 0
    let empty = 1
    let p = t.height - 1
    precondition(t[r, V.length[0]] == KoalaBear(7) && t[r, V.nonEmpty] == .one)
    precondition(t[empty, V.length[0]] == .zero && t[p, V.isOutput] == .zero)
    return [
      (
        "a padding row with is_output −1 beside is_error 1 (is_real 0)",
        { t in
          t[p, V.isOutput] = -KoalaBear.one
          t[p, V.isError] = .one
        }
      ),
      (
        "a padding row with is_error −1 beside is_output 1 (is_real 0)",
        { t in
          t[p, V.isError] = -KoalaBear.one
          t[p, V.isOutput] = .one
        }
      ),
      (
        "an entry on both streams (is_real 2, remaining one more)",
        { t in
          t[r, V.isError] = .one
          t[r, V.remaining] += .one
        }
      ),
      (
        "a misaligned entry (address and len address one further)",
        { t in
          t[r, V.address[0]] += .one
          t[r, V.lenAddress[0]] += .one
        }
      ),
      ("the len word's address one further", { $0[r, V.lenAddress[0]] += .one }),
      ("entries left off by one", { $0[r, V.left] += .one }),
      (
        "len with limb 3 = 1 and limb 2 − 256 (the same value)",
        { t in
          t[r, V.length[3]] = .one
          t[r, V.length[2]] -= KoalaBear(256)
        }
      ),
      ("the new total one more", { $0[r, V.newTotal] += .one }),
      ("non_empty's inverse off", { $0[r, V.lengthInverse] += .one }),
      (
        "a non-empty entry claimed empty (flag and inverse 0: no ceiling check on its base)",
        { t in
          t[r, V.nonEmpty] = .zero
          t[r, V.lengthInverse] = .zero
        }
      ),
      ("the entry's page nibble off", { $0[r, V.page.low] += .one }),
      ("the entry's page mapped later", { $0[r, V.page.since] += .one }),
      ("the len word's page nibble off", { $0[r, V.lenPage.low] += .one }),
      ("the len word's page mapped later", { $0[r, V.lenPage.since] += .one }),
      ("the entry's page unmapped at the syscall", { $0[r, V.page.until] = $0[r, V.clk] }),
      ("the base word's previous access later", { $0[r, V.basePrevious] += .one }),
      ("the len word's previous access later", { $0[r, V.lengthPrevious] += .one }),
    ]
  }

  /// Syscall tampers of the brk run: its granted brk asks for a page-aligned break.
  static func syscallBrkTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let granted = syscallRows(t, entry(.brk)).first { t[$0, S.granted] == .one }!
    precondition(t[granted, S.a0[0]] == .zero && t[granted, S.a0Low] == .zero)
    let pages = limbs3(t, granted, S.pages)
    let top = value(t, granted, S.a2)
    return [
      // An aligned break claimed unaligned: the page above the break mapped too.
      (
        "an aligned brk claimed unaligned: the page above the break mapped",
        { t in
          t[granted, S.unaligned] = .one
          writeLimbs3(&t, pages + 1, at: S.pages, row: granted)
          S.a2New.write(top + pages + 1, to: &t, row: granted)
        }
      )
    ]
  }

  static func limbs3(_ t: RowMajorMatrix, _ r: Int, _ first: Int) -> UInt32 {
    (0..<3).reduce(UInt32(0)) { $0 | t[r, first + $1].value << (8 * UInt32($1)) }
  }

  /// The write-protection tamper, once `air` has the constraint `name`. (At b88285b neither
  /// CPUChip nor IOChip constrains `pageWritable`: a store, or a read into memory, on a
  /// read-only page — the code — proves with writable 0, the table's own answer. The
  /// tamper then breaks nothing, so it waits for the constraint.)
  static func writeProtection<A: AIR>(_ air: A, _ name: String, _ tamper: Tamper) -> [Tamper] {
    AIRAnalysis(air).constraintNames.contains(name) ? [tamper] : []
  }

  /// Syscall tampers of the mapping run (``mappingBody``), each breaking one constraint of
  /// brk's shrink, mmap or munmap.
  static func syscallMappingTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let brks = syscallRows(t, entry(.brk))
    let shrink = brks.first { t[$0, S.dropped] != .zero }!
    let grow = brks.first { t[$0, S.pages] != .zero }!
    let refused = brks.first { t[$0, S.below] == .one }!
    let mmap = syscallRows(t, entry(.mmap2))[0]
    let einval = syscallRows(t, entry(.mmap))[0]
    let munmaps = syscallRows(t, entry(.munmap))
    let (munmap, unalignedMunmap, emptyMunmap) = (munmaps[0], munmaps[1], munmaps[2])
    let second = S.secondPage
    precondition(t[shrink, second.unaligned] == .one && t[mmap, second.unaligned] == .one)
    precondition(t[munmap, second.unaligned] == .zero && t[mmap, S.resultHigh].value < 15)
    precondition(t[munmap, S.a0Low] == .zero && t[mmap, S.stateOld[1]].value < 240)
    /// mmap's address one page lower or higher, with everything that follows it.
    func moveAddress(_ t: inout RowMajorMatrix, by d: KoalaBear) {
      t[mmap, S.resultHigh] += d
      t[mmap, S.result[1]] += KoalaBear(16) * d
      t[mmap, S.stateNew[1]] += KoalaBear(16) * d
      t[mmap, S.room] += d
    }
    var all: [Tamper] = [
      // EINVAL claimed with a3 = 0.
      ("a refused mmap with error flag 0", { $0[einval, S.fails] = .zero }),
      // mmap's length a1 = 5000 read as 5256 (low nibble + 1), its pages unchanged.
      (
        "mmap's a1 low nibble + 1 (inverse kept right)",
        { t in
          t[mmap, second.low] += .one
          let inPage = t[mmap, S.a1[0]] + KoalaBear(256) * t[mmap, second.low]
          t[mmap, second.inverse] = inPage.inverse()!
        }
      ),
      // munmap of 4096 bytes claimed to unmap two pages (a1 flagged unaligned).
      (
        "munmap's a1 flagged unaligned, two pages dropped",
        { t in
          t[munmap, second.unaligned] = .one
          t[munmap, S.dropped] += .one
        }
      ),
      // mmap of 5000 bytes claimed one page (a1 flagged aligned), the address one higher.
      (
        "mmap's a1 flagged aligned, one page mapped",
        { t in
          t[mmap, second.unaligned] = .zero
          t[mmap, second.inverse] = .zero
          t[mmap, S.pages] -= .one
          moveAddress(&t, by: .one)
        }
      ),
      // The shrink unmaps one page more: the old break's page read one higher.
      (
        "the old break's high nibble + 1, one more page dropped",
        { t in
          t[shrink, second.high] += .one
          t[shrink, S.dropped] += .one
        }
      ),
      (
        "the old break flagged unaligned, one page fewer mapped",
        { t in
          // The grow row's aligned old break flagged unaligned: its top and high-water page
          // one higher, one page fewer mapped.
          t[grow, second.unaligned] = .one
          t[grow, S.pages] -= .one
          t[grow, S.a2[0]] += .one
        }
      ),
      (
        "the unaligned old break flagged aligned, one page fewer dropped",
        { t in
          t[shrink, second.unaligned] = .zero
          t[shrink, second.inverse] = .zero
          t[shrink, S.dropped] -= .one
        }
      ),
      ("a refused brk unmapping a page", { $0[refused, S.dropped] = .one }),
      // Growth claimed from a high-water page one above the top: pages mapped twice.
      (
        "brk growth with the high-water page off the top",
        { t in
          t[grow, S.a2[0]] += .one
          t[grow, S.a2New[0]] += .one
        }
      ),
      (
        "mmap maps one page more (the address one lower)",
        { t in
          t[mmap, S.pages] += .one
          moveAddress(&t, by: -.one)
        }
      ),
      ("mmap below a lowest mapping one page higher", { $0[mmap, S.stateOld[1]] += KoalaBear(16) }),
      (
        "mmap's address limb 0 is 1 (so is the lowest mapping's)",
        { t in
          t[mmap, S.result[0]] += .one
          t[mmap, S.stateOld[0]] += .one
          t[mmap, S.stateNew[0]] += .one
        }
      ),
      (
        "mmap's resultHigh + 1 (the room too)",
        { t in
          t[mmap, S.resultHigh] += .one
          t[mmap, S.room] += .one
        }
      ),
      ("mmap's room + 1", { $0[mmap, S.room] += .one }),
      // munmap at an unaligned address (EINVAL) claimed to succeed.
      (
        "munmap at a0 + 1",
        { t in
          t[munmap, S.a0[0]] += .one
          t[munmap, S.unaligned] = .one
          let inPage = t[munmap, S.a0[0]] + KoalaBear(256) * t[munmap, S.a0Low]
          t[munmap, S.unalignedInverse] = inPage.inverse()!
        }
      ),
      ("munmap with a1 below 1", { $0[munmap, S.below] = .one }),
      ("munmap drops one page more", { $0[munmap, S.dropped] += .one }),
      // A refused munmap claimed granted: 0 returned, no error, nothing unmapped.
      (
        "a length-0 munmap claimed granted",
        { t in
          t[emptyMunmap, S.granted] = .one
          t[emptyMunmap, S.fails] = .zero
          t[emptyMunmap, S.result[0]] = .zero
        }
      ),
      ("a refused munmap with error flag 0", { $0[unalignedMunmap, S.fails] = .zero }),
    ]
    for i in 0..<4 {
      all.append(
        (
          "a refused mmap's $v0 limb \(i) off",
          { t in
            t[einval, S.result[i]] += i == 1 ? KoalaBear(16) : .one
            if i == 1 { t[einval, S.resultHigh] += .one }
          }
        ))
      all.append(("mmap's new lowest mapping limb \(i) + 1", { $0[mmap, S.stateNew[i]] += .one }))
      all.append(("a granted munmap's $v0 limb \(i) + 1", { $0[munmap, S.result[i]] += .one }))
      all.append(
        ("a refused munmap's $v0 limb \(i) + 1", { $0[unalignedMunmap, S.result[i]] += .one }))
    }
    return all
  }

  /// Syscall tampers of the ENOMEM run (``enomemBody``): its mmap without room and its
  /// mmap of length 0.
  static func syscallNoRoomTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let mmaps = syscallRows(t, entry(.mmap2))
    let (enomem, einval) = (mmaps[1], mmaps[2])
    let page = S.a0Page
    // The test programs' break is page-aligned.
    precondition(t[enomem, S.noRoom] == .one && t[enomem, page.unaligned] == .zero)
    precondition(t[einval, S.below] == .one)
    func cell(_ c: Int) -> KoalaBear { t[einval, c] }
    // The length-0 mmap's break page and heap top, for the noRoom −11/6 tamper.
    let breakPage =
      cell(page.high) + KoalaBear(16) * cell(S.breakWord[2]) + KoalaBear(4096)
      * cell(S.breakWord[3]) + cell(page.unaligned)
    let highWater = KoalaBear(value(t, einval, S.a2))
    return [
      // ENOMEM for a valid length claimed EINVAL.
      (
        "an mmap without room claimed EINVAL",
        { t in
          t[enomem, S.noRoom] = .zero
          t[enomem, S.result[0]] = KoalaBear(22)
        }
      ),
      // noRoom = x on the length-0 row, granted 1 − valid − x: the errno and address rules
      // meet at x = −11/6 (granted 11/6, $v0 0, M 0, fails −5/6; room and the gap as field
      // elements). Only the byte table would refuse it; the boolean keeps the argument plain.
      (
        "a length-0 mmap with noRoom −11/6",
        { t in
          let x = -KoalaBear(11) * KoalaBear(6).inverse()!
          t[einval, S.noRoom] = x
          t[einval, S.granted] = -x
          t[einval, S.fails] = .one + x
          for i in 0..<4 {
            t[einval, S.result[i]] = .zero
            t[einval, S.stateOld[i]] = .zero
            t[einval, S.stateNew[i]] = .zero
          }
          t[einval, S.resultHigh] = .zero
          for k in 0..<3 {
            t[einval, S.room + k] = .zero
            t[einval, S.noRoomGap + k] = .zero
          }
          t[einval, S.room] = -highWater
          t[einval, S.noRoomGap] = breakPage - .one
        }
      ),
      ("the ENOMEM gap + 1", { $0[enomem, S.noRoomGap] += .one }),
      // The break's page one higher (the gap one higher with it): by its high nibble, or
      // by flagging the aligned break unaligned; or the break one byte on, still flagged
      // aligned.
      (
        "mmap's break high nibble + 1, the gap one higher",
        { t in
          t[enomem, page.high] += .one
          t[enomem, S.noRoomGap] += .one
        }
      ),
      (
        "mmap's aligned break flagged unaligned, the gap one higher",
        { t in
          t[enomem, page.unaligned] = .one
          t[enomem, S.noRoomGap] += .one
        }
      ),
      ("mmap's break + 1 flagged aligned", { $0[enomem, S.breakWord[0]] += .one }),
      ("the break port's previous timestamp + 1", { $0[enomem, S.previous(4)] += .one }),
    ]
  }

  /// mmap2 of 0x0e70_0000 bytes (59 136 pages), then of 0x7000_0000 bytes, which do not fit
  /// between the break and the first mapping (ENOMEM), then of 0 bytes (EINVAL).
  static let enomemBody = """
      li    $a0, 0
      lui   $a1, 0x0e70
      li    $a2, 3
      li    $a3, 0x802
      li    $v0, 4210
      syscall
      lui   $a1, 0x7000
      li    $a3, 0x802
      li    $v0, 4210
      syscall
      li    $a1, 0
      li    $a3, 0x802
      li    $v0, 4210
      syscall
    """

  // MARK: - Mapped-page helpers

  /// brk: a query, then a page-aligned break two pages above it (two heap pages mapped),
  /// and a store into the second.
  static let brkBody = """
      li    $a0, 0
      li    $v0, 4045
      syscall
      addiu $a0, $v0, 8192
      li    $v0, 4045
      syscall
      sw    $a0, -4($a0)
    """

  /// Mapping and unmapping: brk grows the heap by four pages (to an unaligned break) and
  /// shrinks it by three, a refused brk, a load from the page kept; an anonymous mmap2 of
  /// 5000 bytes (two pages), a store into each, a munmap of the first; an mmap of length 0
  /// (EINVAL); then a store into the second page still mapped, and two munmaps refused with
  /// EINVAL (an unaligned address, a length of 0).
  static let mappingBody = """
      li    $a0, 0
      li    $v0, 4045
      syscall
      move  $s0, $v0
      addiu $a0, $v0, 12388
      li    $v0, 4045
      syscall
      addiu $a0, $s0, 4096
      li    $v0, 4045
      syscall
      li    $a0, 7
      li    $v0, 4045
      syscall
      lw    $t0, 0($s0)
      li    $a0, 0
      li    $a1, 5000
      li    $a2, 3
      li    $a3, 0x802
      li    $v0, 4210
      syscall
      move  $s1, $v0
      sw    $s1, 0($s1)
      sw    $s1, 4096($s1)
      move  $a0, $s1
      li    $a1, 4096
      li    $v0, 4091
      syscall
      li    $a0, 0
      li    $a1, 0
      li    $a3, 0x802
      li    $v0, 4090
      syscall
      sw    $v0, 4100($s1)
      addiu $a0, $s1, 4100
      li    $a1, 4096
      li    $v0, 4091
      syscall
      move  $a0, $s1
      li    $a1, 0
      li    $v0, 4091
      syscall
    """

  typealias H = MappedPageChip.Columns

  static func heapTampers(_ t: RowMajorMatrix, codePage: UInt32) -> [Tamper] {
    let real = (0..<t.height).filter { t[$0, H.isReal] == .one }
    precondition(real.count + 2 <= t.height && t[t.height - 1, H.isReal] == .zero)
    let (p, q) = (t.height - 2, t.height - 1)
    return [
      // A row for any page (here the code page, writable) and a copy at is_real −1: their
      // chain tokens and byte checks cancel, so no brk has to map the page.
      (
        "a forged row for the code page cancelled by a copy at is_real −1",
        { t in
          for (r, m) in [(p, KoalaBear.one), (q, -KoalaBear.one)] {
            t[r, H.isReal] = m
            t[r, H.clk] = .one
            t[r, H.page] = KoalaBear(codePage)
            t[r, H.until] = KoalaBear(PageColumns.forever)
          }
          t[p, H.lookups] = .one
        }
      ),
      // A padding row answers a lookup: the code page writable since clk 0 (a store into the
      // code goes through).
      (
        "a padding row answers a lookup of the code page (writable, since 0)",
        { t in
          t[q, H.page] = KoalaBear(codePage)
          t[q, H.lookups] = .one
        }
      ),
    ]
  }

  static func revokeTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let revoked = (0..<t.height).filter { t[$0, H.revoked] == .one }
    let padding = (0..<t.height).last { t[$0, H.isReal] == .zero }!
    precondition(revoked.count == 4)
    let r = revoked[0]
    let kept = (0..<t.height).first { t[$0, H.isReal] == .one && t[$0, H.revoked] == .zero }!
    return [
      // A mapping never unmapped claimed to end at its own clk + 1: the unmapped-access
      // chip could then show its page unmapped while it is mapped.
      ("a row not revoked ending at clk + 1", { $0[kept, H.until] = $0[kept, H.clk] + .one }),
      // revoked −1 on a row mapped for good: its revoke-chain and byte-check messages turn
      // around (sends become receives), which could cancel another row's chain token or
      // another chip's check of a non-byte.
      ("a row mapped for good with revoked −1", { $0[kept, H.revoked] = -KoalaBear.one }),
      // A padding row on a revoke chain: it can absorb a munmap's token for a page no row
      // has (say the stack), so the munmap claims success without unmapping anything real.
      (
        "a padding row revoked",
        { t in
          t[padding, H.revoked] = .one
          t[padding, H.until] = t[r, H.until]
        }
      ),
    ]
  }

  // MARK: - I/O helpers

  /// m_j of row `r`: whether the row takes byte j.
  static func taken(_ t: RowMajorMatrix, _ r: Int, _ j: Int) -> Bool {
    var m = KoalaBear.zero
    for i in 0...j { m += t[r, IO.first + i] }
    for i in 0..<j { m -= t[r, IO.last + i] }
    return m == .one
  }

  static func ioTampers(_ t: RowMajorMatrix) -> [Tamper] {
    var all: [Tamper] = []
    let p = t.height - 1
    precondition(t[p, IO.isInput] + t[p, IO.isOutput] + t[p, IO.isHint] == .zero)
    let real = (0..<t.height).filter {
      t[$0, IO.isInput] + t[$0, IO.isOutput] + t[$0, IO.isHint] == .one
    }
    let inputs = real.filter { t[$0, IO.isInput] == .one }
    let outputs = real.filter { t[$0, IO.isOutput] == .one }
    // A whole aligned output word with bytes left after it; a row ending mid-word.
    let fullOutput = outputs.first {
      t[$0, IO.first] == .one && t[$0, IO.last + 3] == .one && t[$0, IO.left] != .zero
    }!
    let endsMidWord = real.first { t[$0, IO.last + 3] == .zero }!
    precondition(t[endsMidWord, IO.left] == .zero)

    // Stream flags −1 beside another one on padding (no stream). The page is claimed
    // writable here and below, so a write-protection check on input/hint rows stays met.
    for (bad, other) in [
      (IO.isInput, IO.isHint), (IO.isOutput, IO.isInput), (IO.isHint, IO.isInput),
      (IO.isClock, IO.isInput), (IO.isUname, IO.isInput), (IO.isError, IO.isInput),
    ] {
      all.append(
        (
          "stream flag \(bad) −1 beside flag \(other) on padding",
          { t in
            t[p, bad] = -KoalaBear.one
            t[p, other] = .one
            t[p, IO.pageWritable] = .one
          }
        ))
    }
    // At an input row's clk (its word access at 4·clk + 2 after one at 4·clk + 1, its page
    // mapped since 0 and writable), so the other is_real-gated equations hold at is_real 2.
    let clk = t[inputs[0], IO.clk]
    all.append(
      (
        "input and hint on one row (is_real 2, two bytes)",
        { t in
          t[p, IO.isInput] = .one
          t[p, IO.isHint] = .one
          for j in 0..<2 {
            t[p, IO.first + j] = .one
            t[p, IO.last + j] = .one
            t[p, IO.published + j] = .one
          }
          t[p, IO.address[0]] = .one
          t[p, IO.remaining] = KoalaBear(2)
          t[p, IO.clk] = clk
          t[p, IO.previousTimestamp] = KoalaBear(4) * clk + .one
          mappedForGood(&t, IO.page, row: p, clk: clk.value)
          t[p, IO.pageWritable] = .one
        }
      ))
    // First j = −1, first j−1 = 1 on padding: one byte taken (j − 1), offset −1.
    for j in 1..<4 {
      all.append(
        (
          "first \(j) −1 beside first \(j - 1) on padding",
          { t in
            t[p, IO.first + j] = -KoalaBear.one
            t[p, IO.first + j - 1] = .one
            t[p, IO.address[0]] = -KoalaBear.one
            t[p, IO.remaining] = .one
          }
        ))
    }
    // Last j = −1, last j+1 = 1 on padding: one byte taken (j + 1).
    for j in 0..<3 {
      all.append(
        (
          "last \(j) −1 beside last \(j + 1) on padding",
          { t in
            t[p, IO.last + j] = -KoalaBear.one
            t[p, IO.last + j + 1] = .one
            t[p, IO.remaining] = .one
          }
        ))
    }
    all.append(
      (
        "a row that takes no byte (no first byte; the token passed on unchanged)",
        { t in
          t[fullOutput, IO.first] = .zero
          writeLimbs3(&t, t[fullOutput, IO.remaining].value, at: IO.left, row: fullOutput)
          for j in 0..<4 { t[fullOutput, IO.published + j] = .zero }
        }
      ))
    all.append(
      (
        "a row without a last byte",
        { t in
          t[fullOutput, IO.last + 3] = .zero
          t[fullOutput, IO.remaining] = KoalaBear(4)
          writeLimbs3(&t, 0, at: IO.left, row: fullOutput)
        }
      ))
    // The last byte before the first (m_j = −1): the row takes −1 bytes, remaining grows.
    for (j, first, last) in [(1, 2, 0), (2, 3, 1)] {
      all.append(
        (
          "last byte \(last) before first byte \(first) (byte \(j) taken −1 times)",
          { t in
            let r = fullOutput
            for i in 0..<4 {
              t[r, IO.first + i] = i == first ? .one : .zero
              t[r, IO.last + i] = i == last ? .one : .zero
              t[r, IO.published + i] = i == j ? -KoalaBear.one : .zero
            }
            t[r, IO.address[0]] = KoalaBear(4) * t[r, IO.wordLow] + KoalaBear(UInt32(first))
            t[r, IO.remaining] = -KoalaBear.one
            writeLimbs3(&t, 0, at: IO.left, row: r)
          }
        ))
    }
    precondition(t[inputs[0], IO.pageWritable] == .one)
    let readOnly: Tamper = (
      "input stored into a read-only page (writable 0, as its table row says)",
      { $0[inputs[0], IO.pageWritable] = .zero }
    )
    all += writeProtection(IOChip(), "reads go to writable pages", readOnly)
    all += [
      ("the row accesses the next word", { $0[fullOutput, IO.wordLow] += .one }),
      // Page mapping: another page's row looked up, a mapping claimed from the syscall's own
      // clk (by a brk that does not come before it).
      (
        "the row looks up the next page's mapping (page high nibble + 1)",
        { $0[fullOutput, IO.pageHigh] += .one }
      ),
      (
        "an input word's page claimed mapped since the read's own clk",
        { $0[inputs[0], IO.mappedSince] = $0[inputs[0], IO.clk] }
      ),
      (
        "an input word's page claimed unmapped at the read's own clk",
        { $0[inputs[0], IO.page.until] = $0[inputs[0], IO.clk] }
      ),
      ("bytes left off by one", { $0[fullOutput, IO.left] += .one }),
      (
        "a row stops mid-word while a byte remains",
        { t in
          t[endsMidWord, IO.remaining] += .one
          t[endsMidWord, IO.left] = .one
        }
      ),
      (
        "the word's previous access claimed later",
        { $0[fullOutput, IO.previousTimestamp] += .one }
      ),
    ]
    for j in 0..<4 {
      let outside = inputs.first { !taken(t, $0, j) }!
      all.append(
        ("an input transfer clobbers byte \(j) outside its run", { $0[outside, IO.new[j]] += .one })
      )
      all.append(("a write changes output byte \(j)", { $0[fullOutput, IO.new[j]] += .one }))
      all.append(
        (
          "output byte \(j) left out of the public output",
          { $0[fullOutput, IO.published + j] = .zero }
        ))
    }
    return all
  }

  /// I/O tampers of the clock_gettime and uname run (``timeAndNameBody``: both buffers
  /// unaligned, so every byte offset is stored by a constant stream).
  static func ioConstantTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let constant = (0..<t.height).filter { t[$0, IO.isClock] + t[$0, IO.isUname] == .one }
    var all: [Tamper] = []
    for j in 0..<4 {
      let r = constant.first { taken(t, $0, j) }!
      precondition(t[r, IO.constant + j] == .one)
      // The byte is then stored without the table's say: any byte would do.
      all.append(
        (
          "constant byte \(j) stored without its lookup",
          { $0[r, IO.constant + j] = .zero }
        ))
    }
    return all
  }

  // MARK: - Link helpers

  static func linkTampers(_ t: RowMajorMatrix) -> [Tamper] {
    let lls = (0..<t.height).filter { t[$0, L.isLL] == .one }
    let scs = (0..<t.height).filter { t[$0, L.isSC] == .one }
    let p = t.height - 1
    precondition(t[p, L.isLL] + t[p, L.isSC] == .zero && lls.count == 2 && scs.count == 3)
    let (ll, held, cleared) = (lls[0], scs[0], scs[1])
    precondition(t[held, L.success] == .one && t[cleared, L.success] == .zero)
    precondition(t[held, L.new] == .zero && t[cleared, L.old] == .zero)
    // LL and SC selectors on padding: LL reserves address + 1 while SC clears it to 0, so
    // the address is −1 (reservation 0); the SC then fails (old 1, inverse 1).
    func both(_ ll: KoalaBear, _ sc: KoalaBear) -> (inout RowMajorMatrix) -> Void {
      { t in
        t[p, L.isLL] = ll
        t[p, L.isSC] = sc
        t[p, L.address] = -KoalaBear.one
        t[p, L.old] = .one
        t[p, L.inverse] = .one
      }
    }
    return [
      ("LL selector −1 beside SC on padding (is_real 0)", both(-KoalaBear.one, .one)),
      ("SC selector −1 beside LL on padding (is_real 0)", both(.one, -KoalaBear.one)),
      ("LL and SC in one row (is_real 2)", both(.one, .one)),
      // A reservation of another word: a later SC there would succeed.
      ("LL reserves the next word", { $0[ll, L.new] += KoalaBear(4) }),
      // The reservation survives a successful SC, so the next SC succeeds too.
      (
        "a successful SC keeps the reservation; the next SC succeeds",
        { t in
          t[held, L.new] = t[held, L.old]
          t[cleared, L.old] = t[held, L.old]
          t[cleared, L.success] = .one
        }
      ),
      (
        "an SC after the reservation was cleared claimed to succeed (inverse 0)",
        { t in
          t[cleared, L.success] = .one
          t[cleared, L.inverse] = .zero
        }
      ),
      ("an SC holding the reservation claimed to fail", { $0[held, L.success] = .zero }),
      (
        "LL's reservation access claims a previous access at its own timestamp",
        { $0[ll, L.previousTimestamp] = KoalaBear(4) * $0[ll, L.clk] + KoalaBear(2) }
      ),
    ]
  }

  /// `tamper` breaks exactly the constraints `names` of `air`; deleting any one of them
  /// still stops it, deleting all of them lets it pass.
  static func expectNeededTogether<A: AIR>(
    _ air: A, _ honest: RowMajorMatrix, publicValues: [KoalaBear] = [], _ names: [String],
    _ tamper: Tamper
  ) {
    var t = honest
    tamper.change(&t)
    let violated = Set(
      ConstraintChecker.violations(of: air, trace: t, publicValues: publicValues).map(\.constraint))
    #expect(violated == Set(names), "'\(tamper.name)' breaks \(violated.sorted())")
    for name in names {
      let weakened = withoutConstraints(air, named: [name])
      #expect(
        !ConstraintChecker.violations(of: weakened, trace: t, publicValues: publicValues).isEmpty,
        "without '\(name)' alone nothing stops '\(tamper.name)'")
    }
    let weakened = withoutConstraints(air, named: names)
    #expect(
      ConstraintChecker.violations(of: weakened, trace: t, publicValues: publicValues).isEmpty,
      "without \(names) something still stops '\(tamper.name)'")
  }

  // MARK: - Tests

  @Test("CPU chip")
  func cpu() throws {
    let straight = try MachineCase(straightLineBody)
    let syscalls = try MachineCase(syscallBody, input: Array("hello, zkMIPS!".utf8))
    let memory = try MachineCase(memoryBody)
    let link = try MachineCase(Self.linkBody)
    let heap = try MachineCase(Self.brkBody)
    let faults: [(MachineCase, Bit)] = [
      (try MachineCase(Self.trapBody), .trap), (try MachineCase(Self.breakBody), .breakpoint),
      (try MachineCase(Self.reservedBody), .reserved),
    ]
    let faultCases =
      try faults.map { c, kind in
        DeletionCase(
          honest: Self.trace(c, .cpu), publicValues: Self.publicValues(c, .cpu),
          tampers: Self.cpuFaultTampers(Self.trace(c, .cpu), kind: kind))
      }
      + [(Self.fetchUnmappedBody, true), (Self.fetchMisalignedBody, false)].map {
        body, aligned throws in
        let c = try MachineCase(body)
        let t = Self.trace(c, .cpu)
        return DeletionCase(
          honest: t, publicValues: Self.publicValues(c, .cpu),
          tampers: Self.cpuFetchFaultTampers(t, aligned: aligned)
            + (aligned ? Self.cpuLowJumpTampers(t) : []))
      }
    let jumpOut = try MachineCase(Self.jumpOutBody)
    let pageEnd = try MachineCase(source: Self.pageEndSource)
    let linkFault = try MachineCase(FaultingLinkAndJumpTests.scMisaligned)
    let edgeCases = [
      DeletionCase(
        honest: Self.trace(jumpOut, .cpu), publicValues: Self.publicValues(jumpOut, .cpu),
        tampers: Self.cpuJumpOutTampers(Self.trace(jumpOut, .cpu))),
      // The entry's next pc flagged out: the fetch fault after it (at the next page) then
      // passes for one above the ceiling.
      DeletionCase(
        honest: Self.trace(pageEnd, .cpu), publicValues: Self.publicValues(pageEnd, .cpu),
        tampers: [
          (
            "the entry's next pc flagged out",
            { t in
              t[0, C.nextOut] = .one
              t[1, C.pcOut] = .one
            }
          )
        ]),
      DeletionCase(
        honest: Self.trace(linkFault, .cpu), publicValues: Self.publicValues(linkFault, .cpu),
        tampers: Self.cpuLinkFaultTampers(Self.trace(linkFault, .cpu))),
    ]
    let cases =
      faultCases + edgeCases + [
        DeletionCase(
          honest: Self.trace(straight, .cpu), publicValues: Self.publicValues(straight, .cpu),
          tampers: Self.cpuStraightLineTampers(
            Self.trace(straight, .cpu), entry: Self.publicValues(straight, .cpu)[0])
            + Self.cpuJumpOutContinuesTampers(Self.trace(straight, .cpu))),
        DeletionCase(
          honest: Self.trace(syscalls, .cpu), publicValues: Self.publicValues(syscalls, .cpu),
          tampers: Self.cpuSyscallTampers(Self.trace(syscalls, .cpu))),
        DeletionCase(
          honest: Self.trace(memory, .cpu), publicValues: Self.publicValues(memory, .cpu),
          tampers: Self.cpuMemoryTampers(Self.trace(memory, .cpu))),
        DeletionCase(
          honest: Self.trace(link, .cpu), publicValues: Self.publicValues(link, .cpu),
          tampers: Self.cpuLinkTampers(Self.trace(link, .cpu))),
        DeletionCase(
          honest: Self.trace(heap, .cpu), publicValues: Self.publicValues(heap, .cpu),
          tampers: Self.cpuHeapTampers(Self.trace(heap, .cpu))),
      ]
    expectEveryConstraintIsNeeded(CPUChip(), cases: cases, exempt: Self.cpuExempt)
  }

  /// CPU constraints the others imply.
  static let cpuExempt: [String: String] = [
    "breakpoint flag is boolean":
      "breakpoint ≠ 0 forces halts = 1 and kind = 2 (BREAK halts, with kind 2); kind 2 forces syscall = trap = reserved = 0 on the halting row (their kinds), and then only a syscall or a fault halts forces breakpoint = 1",
    "reserved flag is boolean":
      "reserved ≠ 0 forces halts = 1 and kind = 3; kind 3 forces syscall = trap = breakpoint = 0 on the halting row, and then only a syscall or a fault halts forces reserved = 1",
    "fetchFault flag is boolean":
      "fetchFault = v ≠ 0 forces halts = 1 (a fetch fault halts) and kind = 5 + fetchUnmapped with fetchUnmapped ∈ {0, v}; is_real = 1 then needs other classes summing to 1 − v, and for v = −1 (two classes) every pair contradicts a kind constraint (exit 0, trap 1, break 2, reserved 3, overflow 4, access 5 + a boolean unmapped) or only a syscall or a fault halts; larger |v| needs more classes on one row (checked by hand for v = −1)",
    "real rows are a prefix":
      "padding row r before a real one: halts marks forces halts_r = 0 − 1, only a syscall or a fault halts then forces syscall_r + trap_r + break_r + reserved_r = 1, contradicting is_real_r = 0 with boolean flags",
  ]

  @Test("memory init/finalize chip")
  func memory() throws {
    let c = try MachineCase(memoryBody)
    let t = Self.trace(c, .memory)
    expectEveryConstraintIsNeeded(
      MemoryChip(),
      cases: [DeletionCase(honest: t, publicValues: [], tampers: Self.memoryTampers(t))])
  }

  @Test("memory image chip")
  func image() throws {
    let c = try MachineCase(memoryBody)
    let t = Self.trace(c, .image)
    var tampers: [Tamper] = [("an image entry never sent", { $0[0, 0] = .zero })]
    if c.tables.image.entries.count < t.height {
      tampers.append(("a padding row sends (0, 0)", { $0[$0.height - 1, 0] = .one }))
    }
    expectEveryConstraintIsNeeded(
      c.tables.image, cases: [DeletionCase(honest: t, publicValues: [], tampers: tampers)])
  }

  @Test("link chip")
  func link() throws {
    let c = try MachineCase(Self.linkBody)
    let t = Self.trace(c, .link)
    expectEveryConstraintIsNeeded(
      LinkChip(), cases: [DeletionCase(honest: t, publicValues: [], tampers: Self.linkTampers(t))])
  }

  @Test("syscall chip")
  func syscall() throws {
    let c = try MachineCase(syscallBody, input: Array("hello, zkMIPS!".utf8))
    let t = Self.trace(c, .syscall)
    let pv = Self.publicValues(c, .syscall)
    let heap = try MachineCase(Self.brkBody)
    let h = Self.trace(heap, .syscall)
    let writev = try MachineCase(writevBody)
    let mapping = try MachineCase(Self.mappingBody)
    let noRoom = try MachineCase(Self.enomemBody)
    // (The initial break enters only the chip's interactions, not its constraints.)
    expectEveryConstraintIsNeeded(
      SyscallChip(initialBreak: c.tables.initialBreak),
      cases: [
        DeletionCase(
          honest: t, publicValues: pv, tampers: Self.syscallTampers(t, publicValues: pv)),
        DeletionCase(
          honest: h, publicValues: Self.publicValues(heap, .syscall),
          tampers: Self.syscallBrkTampers(h)),
        DeletionCase(
          honest: Self.trace(writev, .syscall), publicValues: Self.publicValues(writev, .syscall),
          tampers: Self.syscallWritevTampers(Self.trace(writev, .syscall))),
        DeletionCase(
          honest: Self.trace(mapping, .syscall), publicValues: Self.publicValues(mapping, .syscall),
          tampers: Self.syscallMappingTampers(Self.trace(mapping, .syscall))),
        DeletionCase(
          honest: Self.trace(noRoom, .syscall), publicValues: Self.publicValues(noRoom, .syscall),
          tampers: Self.syscallNoRoomTampers(Self.trace(noRoom, .syscall))),
      ])
  }

  @Test("iovec chip")
  func iovec() throws {
    let c = try MachineCase(writevBody)
    let t = Self.trace(c, .iovec)
    expectEveryConstraintIsNeeded(
      IovecChip(), cases: [DeletionCase(honest: t, publicValues: [], tampers: Self.iovecTampers(t))]
    )
  }

  @Test("mapped-page chip")
  func mappedPages() throws {
    let c = try MachineCase(Self.brkBody)
    let t = Self.trace(c, .mappedPages)
    let mapping = try MachineCase(Self.mappingBody)
    let m = Self.trace(mapping, .mappedPages)
    expectEveryConstraintIsNeeded(
      MappedPageChip(),
      cases: [
        DeletionCase(
          honest: t, publicValues: [], tampers: Self.heapTampers(t, codePage: c.elf.entry >> 12)),
        DeletionCase(honest: m, publicValues: [], tampers: Self.revokeTampers(m)),
      ])
  }

  /// I/O constraints the others imply, in pairs: either of a pair implies the other.
  static let ioExempt: [String: String] = [
    "first 0 is boolean": "the same polynomial as 'byte 0 flag is boolean' (m_0 = first_0)",
    "byte 0 flag is boolean": "the same polynomial as 'first 0 is boolean' (m_0 = first_0)",
    "last 3 is boolean":
      "m_3 = Σ first − last_0 − last_1 − last_2 = last_3 once both one-hot sums equal is_real, so 'byte 3 flag is boolean' checks it",
    "byte 3 flag is boolean":
      "m_3 = last_3 once both one-hot sums equal is_real, so 'last 3 is boolean' checks it",
  ]

  @Test("I/O chip")
  func io() throws {
    let c = try MachineCase(syscallBody, input: Array("hello, zkMIPS!".utf8))
    let t = Self.trace(c, .io)
    let constants = Self.trace(try MachineCase(timeAndNameBody), .io)
    expectEveryConstraintIsNeeded(
      IOChip(),
      cases: [
        DeletionCase(honest: t, publicValues: [], tampers: Self.ioTampers(t)),
        DeletionCase(
          honest: constants, publicValues: [], tampers: Self.ioConstantTampers(constants)),
      ],
      exempt: Self.ioExempt)
  }

  /// The exemptions are redundancies, not dead constraints: each is needed together with
  /// the constraint that implies it.
  @Test("exempt constraints are needed together with the ones that imply them")
  func exemptions() throws {
    let memory = try MachineCase(memoryBody)
    let cpu = Self.trace(memory, .cpu)
    let last = Self.lastReal(cpu)
    precondition(last + 2 < cpu.height && cpu[last + 1, C.hi[0]] == .zero)
    Self.expectNeededTogether(
      CPUChip(), cpu, publicValues: Self.publicValues(memory, .cpu),
      ["real rows are a prefix", "only a syscall or a fault halts"],
      (
        "a second exit after a padding row (which halts −1)",
        { t in
          let (gap, n) = (last + 1, last + 2)
          t[gap, C.halts] = -KoalaBear.one
          t[n, C.flag(.syscall)] = .one
          t[n, C.halts] = .one
          t[n, C.pc] = t[gap, C.newPC]
          t[n, C.nextPC] = t[gap, C.newNextPC]
          t[n, C.newPC] = t[n, C.nextPC]
          t[n, C.newNextPC] = t[n, C.nextPC] + KoalaBear(4)
        }
      ))

    let syscalls = try MachineCase(syscallBody, input: Array("hello, zkMIPS!".utf8))
    let io = Self.trace(syscalls, .io)
    let p = io.height - 1
    Self.expectNeededTogether(
      IOChip(), io, ["first 0 is boolean", "byte 0 flag is boolean"],
      (
        "first 0 −1 beside first 1 on padding (byte 0 taken −1 times)",
        { t in
          t[p, IO.first] = -KoalaBear.one
          t[p, IO.first + 1] = .one
          t[p, IO.address[0]] = .one
          t[p, IO.remaining] = -KoalaBear.one
        }
      ))
    Self.expectNeededTogether(
      IOChip(), io, ["last 3 is boolean", "byte 3 flag is boolean"],
      (
        "last 3 −1 beside last 2 on padding (byte 3 taken −1 times)",
        { t in
          t[p, IO.last + 3] = -KoalaBear.one
          t[p, IO.last + 2] = .one
          t[p, IO.remaining] = -KoalaBear.one
        }
      ))
  }
}
