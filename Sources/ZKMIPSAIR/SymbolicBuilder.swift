import ZKMIPSField

/// A value that only knows its degree as a polynomial in the trace columns (selectors
/// count as degree 1), for degree inference.
public struct SymbolicValue: AIRValue, Sendable {
  /// Degree; constants have degree 0.
  public var degree: Int
  public init(degree: Int) { self.degree = degree }
  public init(constant: KoalaBear) { degree = 0 }
  public static func + (a: Self, b: Self) -> Self { Self(degree: max(a.degree, b.degree)) }
  public static func - (a: Self, b: Self) -> Self { Self(degree: max(a.degree, b.degree)) }
  public static func * (a: Self, b: Self) -> Self { Self(degree: a.degree + b.degree) }
}

/// Runs an AIR's `evaluate` symbolically: the constraint names and degrees.
public struct SymbolicBuilder: ConstraintBuilder {
  public typealias Value = SymbolicValue
  /// (name, degree) of each constraint, in order.
  public private(set) var constraints: [(name: String, degree: Int)] = []

  public init() {}
  public func main(_ column: Int, next: Bool) -> SymbolicValue { SymbolicValue(degree: 1) }
  public func preprocessed(_ column: Int, next: Bool) -> SymbolicValue { SymbolicValue(degree: 1) }
  public func publicValue(_ index: Int) -> SymbolicValue { SymbolicValue(degree: 0) }
  public var isFirstRow: SymbolicValue { SymbolicValue(degree: 1) }
  public var isLastRow: SymbolicValue { SymbolicValue(degree: 1) }
  public var isTransition: SymbolicValue { SymbolicValue(degree: 1) }
  public mutating func assertZero(_ value: SymbolicValue, _ name: StaticString) {
    constraints.append((name.description, value.degree))
  }
}

/// What degree inference learns about an AIR.
public struct AIRAnalysis: Sendable {
  public var constraintNames: [String]
  public var constraintDegrees: [Int]
  public var maxDegree: Int { constraintDegrees.max() ?? 0 }
  public var constraintCount: Int { constraintDegrees.count }

  /// Analyses `air`'s constraints symbolically.
  public init(_ air: some AIR) {
    var b = SymbolicBuilder()
    air.evaluate(&b)
    constraintNames = b.constraints.map(\.name)
    constraintDegrees = b.constraints.map(\.degree)
  }
}
