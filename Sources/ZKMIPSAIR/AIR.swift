import ZKMIPSField

/// Values that constraints compute with: the base field (prover, checker), the extension
/// field (verifier, at the out-of-domain point) or a symbolic stand-in (degree inference).
public protocol AIRValue {
  init(constant: KoalaBear)
  static func + (a: Self, b: Self) -> Self
  static func - (a: Self, b: Self) -> Self
  static func * (a: Self, b: Self) -> Self
}

extension KoalaBear: AIRValue {
  @inlinable public init(constant: KoalaBear) { self = constant }
}

extension KoalaBearExt4: AIRValue {
  @inlinable public init(constant: KoalaBear) { self.init(constant) }
}

/// Where an AIR's constraints read their inputs and send their assertions.
///
/// One `evaluate` of an AIR runs against several builders: the symbolic one (degrees and
/// counts), the checker (a real trace, every violation reported), the prover's (each point
/// of the quotient domain) and the verifier's (the out-of-domain point).
public protocol ConstraintBuilder {
  associatedtype Value: AIRValue
  /// Main column `column` of the current row, or of the next row when `next` is true.
  func main(_ column: Int, next: Bool) -> Value
  /// Preprocessed (fixed) column `column` of the current or next row.
  func preprocessed(_ column: Int, next: Bool) -> Value
  /// Public value `index`.
  func publicValue(_ index: Int) -> Value
  /// 1 on the first row, 0 elsewhere (degree 1).
  var isFirstRow: Value { get }
  /// 1 on the last row, 0 elsewhere (degree 1).
  var isLastRow: Value { get }
  /// 0 on the last row, 1 elsewhere (degree 1): guards constraints that read the next row.
  var isTransition: Value { get }
  /// Asserts `value` is zero on every row; `name` identifies it in the checker's reports.
  mutating func assertZero(_ value: Value, _ name: StaticString)
}

extension ConstraintBuilder {
  @inlinable public func main(_ column: Int) -> Value { main(column, next: false) }
  @inlinable public func constant(_ c: UInt32) -> Value { Value(constant: KoalaBear(c)) }

  /// Asserts a == b on every row.
  @inlinable public mutating func assertEqual(_ a: Value, _ b: Value, _ name: StaticString) {
    assertZero(a - b, name)
  }

  /// Asserts x ∈ {0, 1} on every row (x · (x − 1) = 0, degree 2).
  @inlinable public mutating func assertBoolean(_ x: Value, _ name: StaticString) {
    assertZero(x * (x - Value(constant: .one)), name)
  }
}

/// A column an interaction reads, in the current row.
public enum ColumnReference: Sendable, Hashable {
  case main(Int)
  case preprocessed(Int)
}

/// An affine combination of current-row columns: Σ coefficient · column + constant.
public struct LinearForm: Sendable, Hashable {
  public var terms: [Term]
  public var constant: KoalaBear

  public struct Term: Sendable, Hashable {
    public var column: ColumnReference
    public var coefficient: KoalaBear
    public init(_ column: ColumnReference, _ coefficient: KoalaBear = .one) {
      self.column = column
      self.coefficient = coefficient
    }
  }

  public init(_ terms: [Term] = [], constant: KoalaBear = .zero) {
    self.terms = terms
    self.constant = constant
  }

  /// The single column `c`.
  public static func main(_ c: Int) -> LinearForm { LinearForm([Term(.main(c))]) }
  /// The single preprocessed column `c`.
  public static func preprocessed(_ c: Int) -> LinearForm { LinearForm([Term(.preprocessed(c))]) }
  /// A constant.
  public static func constant(_ c: UInt32) -> LinearForm { LinearForm(constant: KoalaBear(c)) }

  /// The sum of two forms.
  public static func + (a: LinearForm, b: LinearForm) -> LinearForm {
    LinearForm(a.terms + b.terms, constant: a.constant + b.constant)
  }

  /// Evaluates the form with a builder's current-row columns.
  @inlinable
  public func evaluate<B: ConstraintBuilder>(_ b: B) -> B.Value {
    var acc = B.Value(constant: constant)
    for t in terms {
      let v: B.Value
      switch t.column {
      case .main(let c): v = b.main(c, next: false)
      case .preprocessed(let c): v = b.preprocessed(c, next: false)
      }
      acc = acc + B.Value(constant: t.coefficient) * v
    }
    return acc
  }

  /// Evaluates the form on concrete row values.
  public func evaluate(main: (Int) -> KoalaBear, preprocessed: (Int) -> KoalaBear) -> KoalaBear {
    var acc = constant
    for t in terms {
      switch t.column {
      case .main(let c): acc += t.coefficient * main(c)
      case .preprocessed(let c): acc += t.coefficient * preprocessed(c)
      }
    }
    return acc
  }
}

/// One bus message per row: a tuple of field elements with a multiplicity, sent or
/// received on a numbered bus. A bus balances when, for every tuple, the multiplicities
/// sent equal those received (summed in the field).
///
/// Soundness note: the multiplicity must be zero on padding rows; an AIR guarantees that
/// by making it a product with a boolean-constrained "is real" column (see the examples).
public struct Interaction: Sendable, Hashable {
  public enum Direction: Sendable, Hashable { case send, receive }
  public var bus: Int
  public var direction: Direction
  public var values: [LinearForm]
  public var multiplicity: LinearForm

  public init(bus: Int, direction: Direction, values: [LinearForm], multiplicity: LinearForm) {
    self.bus = bus
    self.direction = direction
    self.values = values
    self.multiplicity = multiplicity
  }
}

/// An algebraic intermediate representation: a table's shape and its constraints.
///
/// Constraints are polynomials of degree ≤ 3 (counting the row selectors) in the current
/// and next rows' columns and the public values. Interactions connect tables over buses.
public protocol AIR: Sendable {
  /// A short unique name (it appears in the checker's reports and in the transcript).
  var name: String { get }
  /// Number of main (prover-supplied) columns.
  var width: Int { get }
  /// Number of preprocessed (fixed) columns; their commitment is in the verifying key.
  var preprocessedWidth: Int { get }
  /// Number of public values the constraints read.
  var publicValueCount: Int { get }
  /// Bus messages, one each per row.
  var interactions: [Interaction] { get }
  /// The preprocessed trace (nil when `preprocessedWidth` is 0). Its height is the
  /// table's height.
  func preprocessedTrace() -> RowMajorMatrix?
  /// States every constraint to `builder`.
  func evaluate<B: ConstraintBuilder>(_ builder: inout B)
}

extension AIR {
  public var preprocessedWidth: Int { 0 }
  public var publicValueCount: Int { 0 }
  public var interactions: [Interaction] { [] }
  public func preprocessedTrace() -> RowMajorMatrix? { nil }
}
