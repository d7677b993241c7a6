import ZKMIPSAIR
import ZKMIPSField

/// The byte table: every pair of bytes (a, b) with a & b, a | b and a ^ b, fixed in the
/// verifying key, receiving each ``ByteOperation``'s lookups with a counted multiplicity.
///
/// Row `256·a + b` holds the pair (a, b). Byte-bus tuples are (op, a, b, c):
/// - `range`: (0, a, b, 0), proving a and b are bytes (two range checks per message);
/// - `and`, `or`, `xor`: (op, a, b, a op b).
///
/// Soundness: the table has no constraints because it needs none. Its tuples are
/// preprocessed, so they are exactly the true facts above, and whatever multiplicities the
/// prover chooses it can only ever *receive* true facts: a tuple that is not a row of the
/// table (a limb of 256, a wrong AND) sent by another chip stays unbalanced, since the
/// senders' multiplicities are sums of boolean flags and the engine bounds the number of
/// messages below p (so they cannot wrap to zero).
public struct ByteTableChip: AIR {
  /// The byte table.
  public init() {}

  /// Number of rows: one per byte pair.
  public static let height = 1 << 16

  /// The column layout: preprocessed (a, b, and, or, xor) and one main multiplicity per
  /// operation.
  public enum Columns {
    /// Preprocessed: the first byte.
    public static let a = 0
    /// Preprocessed: the second byte.
    public static let b = 1
    /// Preprocessed: a & b, a | b, a ^ b (columns 2, 3, 4).
    public static func result(_ op: ByteOperation) -> Int {
      precondition(op != .range, "range has no result column")
      return 1 + Int(op.rawValue)
    }
    /// Number of preprocessed columns.
    public static let preprocessedWidth = 5
    /// Main: the multiplicity of `op`'s tuple on this row.
    public static func multiplicity(_ op: ByteOperation) -> Int { Int(op.rawValue) }
    /// Number of main columns.
    public static let width = ByteOperation.allCases.count
  }

  /// The table's name in reports and in the transcript.
  public var name: String { "byte_table" }
  /// Number of main columns (the multiplicities).
  public var width: Int { Columns.width }
  /// Number of preprocessed columns.
  public var preprocessedWidth: Int { Columns.preprocessedWidth }

  /// One receive per operation, of that operation's tuple on each row.
  public var interactions: [Interaction] {
    ByteOperation.allCases.map { op in
      Interaction(
        bus: MachineBus.byte, direction: .receive,
        values: [
          .constant(op.rawValue), .preprocessed(Columns.a), .preprocessed(Columns.b),
          op == .range ? .constant(0) : .preprocessed(Columns.result(op)),
        ],
        multiplicity: .main(Columns.multiplicity(op)))
    }
  }

  /// The fixed table of byte pairs and their AND, OR and XOR.
  public func preprocessedTrace() -> RowMajorMatrix? { Self.fixedTable }

  /// The preprocessed table, built once.
  static let fixedTable: RowMajorMatrix = {
    var m = RowMajorMatrix(zerosHeight: height, width: Columns.preprocessedWidth)
    for a in 0..<256 {
      for b in 0..<256 {
        let row = 256 * a + b
        m[row, Columns.a] = KoalaBear(UInt32(a))
        m[row, Columns.b] = KoalaBear(UInt32(b))
        for op in [ByteOperation.and, .or, .xor] {
          m[row, Columns.result(op)] = KoalaBear(op.apply(UInt32(a), UInt32(b)))
        }
      }
    }
    return m
  }()

  /// No constraints (see the type's soundness note).
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {}

  /// The main trace: the multiplicities the other chips' lookups call for.
  public func generateTrace(_ lookups: ByteLookups) -> RowMajorMatrix {
    var m = RowMajorMatrix(zerosHeight: Self.height, width: Columns.width)
    for op in ByteOperation.allCases {
      let counts = lookups.counts[Int(op.rawValue)]
      for row in 0..<Self.height where counts[row] != .zero {
        m[row, Columns.multiplicity(op)] = counts[row]
      }
    }
    return m
  }
}

extension ByteOperation {
  /// The operation's result on two bytes (0 for `range`).
  public func apply(_ a: UInt32, _ b: UInt32) -> UInt32 {
    switch self {
    case .range: 0
    case .and: a & b
    case .or: a | b
    case .xor: a ^ b
    }
  }
}

/// The byte-table lookups the other chips' traces send, counted per (operation, a, b).
///
/// Chips add their traces with ``record(_:trace:)``, which evaluates the chip's own
/// byte-bus interactions row by row, so the counts can never drift from what the chip's
/// constraints actually send.
public struct ByteLookups: Sendable {
  /// Per operation, the summed multiplicity of each byte pair (index 256·a + b).
  public private(set) var counts: [[KoalaBear]]
  /// Number of sent messages whose tuple is not a row of the table (always 0 for honest
  /// traces; such a message can never be balanced).
  public private(set) var unmatched = 0

  /// No lookups yet.
  public init() {
    counts = [[KoalaBear]](
      repeating: [KoalaBear](repeating: .zero, count: ByteTableChip.height),
      count: ByteOperation.allCases.count)
  }

  /// Adds one lookup of `op` on the bytes (a, b).
  public mutating func add(
    _ op: ByteOperation, _ a: UInt32, _ b: UInt32, multiplicity: KoalaBear = .one
  ) {
    precondition(a < 256 && b < 256, "byte lookups take bytes")
    counts[Int(op.rawValue)][Int(256 * a + b)] += multiplicity
  }

  /// Adds every message `air` sends on the byte bus in `trace`.
  public mutating func record(_ air: some AIR, trace: RowMajorMatrix) {
    let fixed = air.preprocessedTrace()
    let sends = air.interactions.filter { $0.bus == MachineBus.byte && $0.direction == .send }
    for row in 0..<trace.height {
      let main = { (c: Int) in trace[row, c] }
      let pre = { (c: Int) in fixed![row, c] }
      for i in sends {
        let m = i.multiplicity.evaluate(main: main, preprocessed: pre)
        if m == .zero { continue }
        let t = i.values.map { $0.evaluate(main: main, preprocessed: pre).value }
        guard t.count == 4, let op = ByteOperation(rawValue: t[0]), t[1] < 256, t[2] < 256,
          t[3] == op.apply(t[1], t[2])
        else {
          unmatched += 1
          continue
        }
        add(op, t[1], t[2], multiplicity: m)
      }
    }
  }
}
