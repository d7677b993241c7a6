import ZKMIPSField

/// A constraint that does not hold on a real trace.
public struct ConstraintViolation: Sendable, Equatable, CustomStringConvertible {
  public var table: String
  public var row: Int
  public var constraint: String
  public init(table: String, row: Int, constraint: String) {
    self.table = table
    self.row = row
    self.constraint = constraint
  }
  public var description: String { "table \(table), row \(row): constraint '\(constraint)' fails" }
}

/// Evaluates an AIR's constraints on a concrete trace, row by row (the debugging builder).
public struct CheckerBuilder: ConstraintBuilder {
  public typealias Value = KoalaBear
  let trace: RowMajorMatrix
  let fixed: RowMajorMatrix?
  let publicValues: [KoalaBear]
  let row: Int
  let table: String
  public private(set) var violations: [ConstraintViolation] = []

  init(
    trace: RowMajorMatrix, fixed: RowMajorMatrix?, publicValues: [KoalaBear], row: Int,
    table: String
  ) {
    self.trace = trace
    self.fixed = fixed
    self.publicValues = publicValues
    self.row = row
    self.table = table
  }

  var nextRow: Int { (row + 1) % trace.height }
  public func main(_ column: Int, next: Bool) -> KoalaBear { trace[next ? nextRow : row, column] }
  public func preprocessed(_ column: Int, next: Bool) -> KoalaBear {
    fixed![next ? nextRow : row, column]
  }
  public func publicValue(_ index: Int) -> KoalaBear { publicValues[index] }
  public var isFirstRow: KoalaBear { row == 0 ? .one : .zero }
  public var isLastRow: KoalaBear { row == trace.height - 1 ? .one : .zero }
  public var isTransition: KoalaBear { row == trace.height - 1 ? .zero : .one }
  public mutating func assertZero(_ value: KoalaBear, _ name: StaticString) {
    if value != .zero {
      violations.append(ConstraintViolation(table: table, row: row, constraint: name.description))
    }
  }
}

/// Checks traces against their AIRs and buses, reporting every violation.
public enum ConstraintChecker {
  /// Every violated constraint of `air` on `trace`, with its row.
  public static func violations(
    of air: some AIR, trace: RowMajorMatrix, publicValues: [KoalaBear] = []
  ) -> [ConstraintViolation] {
    let fixed = air.preprocessedTrace()
    var all: [ConstraintViolation] = []
    for row in 0..<trace.height {
      var b = CheckerBuilder(
        trace: trace, fixed: fixed, publicValues: publicValues, row: row, table: air.name)
      air.evaluate(&b)
      all += b.violations
    }
    return all
  }

  /// The buses that do not balance across `tables` (each AIR with its trace), with the
  /// net multiplicity of one offending tuple; empty when every bus balances.
  public static func busImbalances(_ tables: [(air: any AIR, trace: RowMajorMatrix)]) -> [String] {
    var net: [Int: [[UInt32]: KoalaBear]] = [:]
    for (air, trace) in tables {
      let fixed = air.preprocessedTrace()
      for row in 0..<trace.height {
        for i in air.interactions {
          let m = i.multiplicity.evaluate(
            main: { trace[row, $0] }, preprocessed: { fixed![row, $0] })
          if m == .zero { continue }
          let tuple = i.values.map {
            $0.evaluate(main: { trace[row, $0] }, preprocessed: { fixed![row, $0] }).value
          }
          net[i.bus, default: [:]][tuple, default: .zero] += i.direction == .send ? m : -m
        }
      }
    }
    var report: [String] = []
    for (bus, tuples) in net.sorted(by: { $0.key < $1.key }) {
      if let bad = tuples.first(where: { $0.value != .zero }) {
        report.append("bus \(bus): tuple \(bad.key) has net multiplicity \(bad.value)")
      }
    }
    return report
  }
}
