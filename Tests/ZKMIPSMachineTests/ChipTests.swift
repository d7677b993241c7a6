import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine

/// Reads `count` columns of `row` as plain integers.
func cells(_ m: RowMajorMatrix, row: Int, from first: Int, count: Int = 4) -> [UInt32] {
  (0..<count).map { m[row, first + $0].value }
}

@Suite("Machine chips: shapes, byte table and trace generation")
struct ChipTests {
  @Test func degreesAreAtMostThreeAndConstraintNamesAreDistinct() {
    for air in [AddSubChip() as any AIR, BitwiseChip(), ByteTableChip()] {
      let analysis = AIRAnalysis(air)
      #expect(analysis.maxDegree <= 3, "\(air.name)")
      #expect(Set(analysis.constraintNames).count == analysis.constraintCount, "\(air.name)")
    }
    #expect(AIRAnalysis(AddSubChip()).constraintCount == 22)
    #expect(AIRAnalysis(BitwiseChip()).constraintCount == 17)
    #expect(AIRAnalysis(ByteTableChip()).constraintCount == 0)
  }

  @Test func everyMultiplicityVanishesOnAnAllZeroRow() {
    // Padding rows are all zero: whatever a chip sends or receives must then have
    // multiplicity 0 (SECURITY.md item 9), and every constraint must hold.
    for air in [AddSubChip() as any AIR, BitwiseChip()] {
      for i in air.interactions {
        #expect(i.multiplicity.constant == .zero && !i.multiplicity.terms.isEmpty, "\(air.name)")
      }
      let zeros = RowMajorMatrix(zerosHeight: 4, width: air.width)
      #expect(ConstraintChecker.violations(of: air, trace: zeros).isEmpty, "\(air.name)")
    }
  }

  @Test func byteTableHoldsEveryBytePairWithItsAndOrXor() throws {
    let table = try #require(ByteTableChip().preprocessedTrace())
    #expect(table.height == 65536 && table.width == 5)
    var seen = Set<UInt32>()
    for row in 0..<table.height {
      let r = table.row(row).map(\.value)
      let (a, b) = (r[0], r[1])
      #expect(a < 256 && b < 256)
      seen.insert(a << 8 | b)
      if r[2] != a & b || r[3] != a | b || r[4] != a ^ b {
        Issue.record("row \(row): \(r)")
        break
      }
    }
    #expect(seen.count == 65536)
  }

  @Test func addSubRowsHoldLimbsCarriesAndSigns() {
    var lookups = ByteLookups()
    let trace = AddSubChip().generateTrace(
      [
        ALUOperation(.addu, 0xffff_ffff, 1), ALUOperation(.subu, 0, 1),
        ALUOperation(.add, 0x0102_0304, 0x8506_0708),
      ],
      lookups: &lookups)
    typealias C = AddSubChip.Columns
    #expect(trace.height == 4)
    // 0xffffffff + 1: every limb carries.
    #expect(cells(trace, row: 0, from: C.a.first) == [255, 255, 255, 255])
    #expect(cells(trace, row: 0, from: C.b.first) == [1, 0, 0, 0])
    #expect(cells(trace, row: 0, from: C.c.first) == [0, 0, 0, 0])
    #expect(cells(trace, row: 0, from: C.carry.first) == [1, 1, 1, 1])
    #expect(cells(trace, row: 0, from: C.selectors.first, count: 6) == [0, 1, 0, 0, 0, 0])
    // 0 − 1 = 0xffffffff, checked as 0xffffffff + 1 = 0 (+ 2^32).
    #expect(cells(trace, row: 1, from: C.c.first) == [255, 255, 255, 255])
    #expect(cells(trace, row: 1, from: C.carry.first) == [1, 1, 1, 1])
    #expect(cells(trace, row: 1, from: C.selectors.first, count: 6) == [0, 0, 0, 0, 0, 1])
    // 0x01020304 + 0x85060708 = 0x86080a0c, no carries; signs (0, 1, 1).
    #expect(cells(trace, row: 2, from: C.c.first) == [0x0c, 0x0a, 0x08, 0x86])
    #expect(cells(trace, row: 2, from: C.carry.first) == [0, 0, 0, 0])
    #expect(cells(trace, row: 2, from: C.signA, count: 3) == [0, 1, 1])
    // The padding row is all zero.
    #expect(trace.row(3).allSatisfy { $0 == .zero })

    // Lookups: 6 range messages per row, plus 3 sign lookups on the ADD row only.
    let range = lookups.counts[Int(ByteOperation.range.rawValue)]
    #expect(range.reduce(.zero, +) == KoalaBear(18))
    #expect(range[255 * 256 + 255] == KoalaBear(4))  // (255, 255): a of row 0 and c of row 1, twice each
    #expect(range[0x0c * 256 + 0x0a] == .one)
    let and = lookups.counts[Int(ByteOperation.and.rawValue)]
    #expect(and.reduce(.zero, +) == KoalaBear(3))
    #expect(
      and[0x01 * 256 + 0x80] == .one && and[0x85 * 256 + 0x80] == .one
        && and[0x86 * 256 + 0x80] == .one)
    #expect(lookups.unmatched == 0)
  }

  @Test func bitwiseRowsHoldTheTableResults() {
    var lookups = ByteLookups()
    let trace = BitwiseChip().generateTrace(
      [
        ALUOperation(.nor, 0x1234_5678, 0x0ff0_f00f), ALUOperation(.andi, 0xffff_ffff, 0x8001),
        ALUOperation(.lui, 0, 0xabcd),
      ],
      lookups: &lookups)
    typealias C = BitwiseChip.Columns
    // NOR: c = ~(a | b) = 0xe00b0980; the table answers a | b = 0x1ff4f67f.
    #expect(cells(trace, row: 0, from: C.c.first) == [0x80, 0x09, 0x0b, 0xe0])
    #expect(cells(trace, row: 0, from: C.tableResult.first) == [0x7f, 0xf6, 0xf4, 0x1f])
    #expect(cells(trace, row: 1, from: C.c.first) == [0x01, 0x80, 0, 0])
    // LUI 0xabcd: c = 0xabcd0000.
    #expect(cells(trace, row: 2, from: C.c.first) == [0, 0, 0xcd, 0xab])
    #expect(cells(trace, row: 2, from: C.selectors.first, count: 8) == [0, 0, 0, 0, 0, 0, 0, 1])
    // Lookups: 4 ORs (NOR), 4 ANDs (ANDI), one range pair (LUI's b0, b1).
    let or = lookups.counts[Int(ByteOperation.or.rawValue)]
    #expect(or.reduce(.zero, +) == KoalaBear(4) && or[0x78 * 256 + 0x0f] == .one)
    let and = lookups.counts[Int(ByteOperation.and.rawValue)]
    #expect(and.reduce(.zero, +) == KoalaBear(4) && and[0xff * 256 + 0x80] == .one)
    let range = lookups.counts[Int(ByteOperation.range.rawValue)]
    #expect(range.reduce(.zero, +) == .one && range[0xcd * 256 + 0xab] == .one)
  }

  @Test func byteTableMultiplicitiesAreTheLookupCounts() {
    var lookups = ByteLookups()
    lookups.add(.xor, 3, 5)
    lookups.add(.xor, 3, 5)
    lookups.add(.range, 0, 255)
    let trace = ByteTableChip().generateTrace(lookups)
    #expect(trace.height == 65536 && trace.width == 4)
    #expect(trace[3 * 256 + 5, Int(ByteOperation.xor.rawValue)] == KoalaBear(2))
    #expect(trace[255, Int(ByteOperation.range.rawValue)] == .one)
    #expect(trace.values.reduce(.zero, +) == KoalaBear(3))
  }
}
