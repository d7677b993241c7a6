import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// A named change to one chip's honest trace.
typealias Tamper = (name: String, change: (inout RowMajorMatrix) -> Void)

/// Tampers of the add/sub trace of ``honestTables()``, each breaking some constraint.
func addSubTampers() -> [Tamper] {
  let s = AS.selectors
  var all: [Tamper] = []
  for k in 0..<6 {
    // Selector k = −1 on a padding row, with two others set: the sum is 1, so only
    // selector k's own boolean constraint objects.
    all.append(
      (
        "selector \(k) = −1 beside two set ones",
        { t in
          t[12, s.first + k] = -KoalaBear.one
          t[12, s.first + (k + 1) % 6] = .one
          t[12, s.first + (k + 2) % 6] = .one
        }
      ))
  }
  all.append(
    (
      "two selectors on one row",
      { t in
        t[12, s.first] = .one
        t[12, s.first + 1] = .one
      }
    ))
  for i in 0..<4 {
    // Row 0 (0xffffffff + 1) carries out of every limb: raise carry i to 2 and move 256
    // out of limb i into one more unit of limb i + 1.
    all.append(
      (
        "carry \(i) = 2",
        { t in
          t[0, AS.carry[i]] = KoalaBear(2)
          t[0, AS.c[i]] -= KoalaBear(256)
          if i < 3 { t[0, AS.c[i + 1]] += .one }
        }
      ))
    all.append(("add: result limb \(i) + 1", { t in t[0, AS.c[i]] += .one }))
    all.append(("sub: result limb \(i) + 1", { t in t[5, AS.c[i]] += .one }))
  }
  all.append(
    (
      "overflowing ADDU relabelled ADD",
      { t in
        t[6, s.column(of: .addu)] = .zero
        t[6, s.column(of: .add)] = .one
      }
    ))
  all.append(
    (
      "overflowing SUBU relabelled SUB",
      { t in
        t[7, s.column(of: .subu)] = .zero
        t[7, s.column(of: .sub)] = .one
      }
    ))
  all.append(
    ("an overflowing ADDU flagged as the overflow fault", { t in t[6, AS.overflows] = .one }))
  return all
}

/// Tampers of the bitwise trace of ``honestTables()``.
func bitwiseTampers() -> [Tamper] {
  let s = BW.selectors
  /// The table-result columns a row's selectors and result call for (c, or 255 − c on NOR).
  func refreshTableResult(_ t: inout RowMajorMatrix, row: Int) {
    for i in 0..<4 {
      t[row, BW.tableResult[i]] =
        t[row, BW.c[i]] + t[row, s.column(of: .nor)]
        * (KoalaBear(255) - t[row, BW.c[i]] - t[row, BW.c[i]])
    }
  }
  var all: [Tamper] = []
  for k in 0..<8 {
    all.append(
      (
        "selector \(k) = −1 beside two set ones",
        { t in
          t[12, s.first + k] = -KoalaBear.one
          t[12, s.first + (k + 1) % 8] = .one
          t[12, s.first + (k + 2) % 8] = .one
          refreshTableResult(&t, row: 12)
        }
      ))
  }
  all.append(
    (
      "two selectors on one row",
      { t in
        t[12, s.first] = .one
        t[12, s.first + 1] = .one
      }
    ))
  for i in 0..<4 {
    // Row 3 (NOR) claims the OR in limb i.
    all.append(
      ("NOR limb \(i) claims the OR", { t in t[3, BW.c[i]] = KoalaBear(255) - t[3, BW.c[i]] }))
    // Row 7 (LUI) with limb i off by one (the table column follows, as on any non-NOR row).
    all.append(
      (
        "LUI limb \(i) + 1",
        { t in
          t[7, BW.c[i]] += .one
          t[7, BW.tableResult[i]] += .one
        }
      ))
  }
  return all
}

@Suite("Machine chips: every constraint is needed (SECURITY.md item 7)")
struct ConstraintDeletionTests {
  /// For every constraint k of `air`, some tamper of `honest` fails the full chip but
  /// passes once constraint k is deleted; every tamper fails the full chip.
  func checkEveryConstraintIsNeeded<A: AIR>(_ air: A, honest: RowMajorMatrix, tampers: [Tamper]) {
    #expect(ConstraintChecker.violations(of: air, trace: honest).isEmpty)
    let tampered = tampers.map { tamper -> (String, RowMajorMatrix) in
      var t = honest
      tamper.change(&t)
      return (tamper.name, t)
    }
    for (name, t) in tampered {
      #expect(
        !ConstraintChecker.violations(of: air, trace: t).isEmpty, "tamper '\(name)' breaks nothing")
    }
    let names = AIRAnalysis(air).constraintNames
    for k in names.indices {
      let weakened = WithoutConstraint(base: air, skip: k)
      let passing = tampered.filter {
        ConstraintChecker.violations(of: weakened, trace: $0.1).isEmpty
      }
      #expect(!passing.isEmpty, "no test needs constraint \(k) '\(names[k])' of \(air.name)")
    }
  }

  @Test func everyAddSubConstraintIsNeeded() {
    checkEveryConstraintIsNeeded(
      AddSubChip(), honest: honestTables().addSub, tampers: addSubTampers())
  }

  @Test func everyBitwiseConstraintIsNeeded() {
    checkEveryConstraintIsNeeded(
      BitwiseChip(), honest: honestTables().bitwise, tampers: bitwiseTampers())
  }

  @Test func theSkippingWrapperReallySkipsOnlyItsConstraint() {
    // Sanity check of the switch itself: deleting constraint k drops exactly the
    // violations named like constraint k.
    let air = AddSubChip()
    var t = honestTables().addSub
    t[0, AS.c[2]] += .one
    let all = ConstraintChecker.violations(of: air, trace: t).map(\.constraint)
    #expect(all == ["add: limb 2 sums"])
    let k = AIRAnalysis(air).constraintNames.firstIndex(of: "add: limb 2 sums")!
    #expect(
      ConstraintChecker.violations(of: WithoutConstraint(base: air, skip: k), trace: t).isEmpty)
    #expect(
      ConstraintChecker.violations(of: WithoutConstraint(base: air, skip: k + 1), trace: t).map(
        \.constraint) == all)
  }
}
