import ZKMIPSField

/// The bus on which byte range checks travel in the examples.
public let byteBus = 0

/// Example AIR: the table of all bytes (preprocessed), receiving each byte with a
/// multiplicity column that counts how often the other tables sent it.
public struct ByteTableAIR: AIR {
  public init() {}
  public var name: String { "bytes" }
  public var width: Int { 1 }  // multiplicity
  public var preprocessedWidth: Int { 1 }  // the byte value, 0...255
  public var interactions: [Interaction] {
    [
      Interaction(
        bus: byteBus, direction: .receive, values: [.preprocessed(0)], multiplicity: .main(0))
    ]
  }
  public func preprocessedTrace() -> RowMajorMatrix? {
    RowMajorMatrix(values: (0..<256).map { KoalaBear(UInt32($0)) }, width: 1)
  }
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {}

  /// The multiplicity column for the bytes sent by `senders` traces of ``RangeCheckedAIR``.
  public func trace(counting bytes: [UInt8]) -> RowMajorMatrix {
    var counts = [UInt32](repeating: 0, count: 256)
    for x in bytes { counts[Int(x)] += 1 }
    return RowMajorMatrix(values: counts.map { KoalaBear($0) }, width: 1)
  }
}

/// Example AIR: 16-bit values proved in range by sending their two bytes to the byte table.
///
/// Columns: value, low byte, high byte, is_real. Soundness: `is_real` is boolean, so a
/// padding row (is_real = 0) sends nothing and a real row sends each byte exactly once;
/// value = low + 256·high on real rows, and the byte table only receives values 0...255,
/// so value < 2^16.
public struct RangeCheckedAIR: AIR {
  public init() {}
  public var name: String { "range16" }
  public var width: Int { 4 }
  public var interactions: [Interaction] {
    [
      Interaction(bus: byteBus, direction: .send, values: [.main(1)], multiplicity: .main(3)),
      Interaction(bus: byteBus, direction: .send, values: [.main(2)], multiplicity: .main(3)),
    ]
  }
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let value = b.main(0), low = b.main(1), high = b.main(2), isReal = b.main(3)
    b.assertBoolean(isReal, "is_real is boolean")
    b.assertZero(isReal * (value - low - b.constant(256) * high), "value = low + 256·high")
  }

  /// The trace for `values` padded with zero rows to `height` (a power of two), and the
  /// bytes it sends.
  public func trace(_ values: [UInt16], height: Int) -> (RowMajorMatrix, [UInt8]) {
    var m = RowMajorMatrix(zerosHeight: height, width: 4)
    var sent: [UInt8] = []
    for (row, v) in values.enumerated() {
      m[row, 0] = KoalaBear(UInt32(v))
      m[row, 1] = KoalaBear(UInt32(v & 0xff))
      m[row, 2] = KoalaBear(UInt32(v >> 8))
      m[row, 3] = .one
      sent += [UInt8(v & 0xff), UInt8(v >> 8)]
    }
    return (m, sent)
  }
}
