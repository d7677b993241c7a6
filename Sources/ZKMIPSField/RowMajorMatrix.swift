/// A dense matrix of field elements stored row by row: row `r` is
/// `values[r * width ..< (r + 1) * width]`.
///
/// Trace tables, their low-degree extensions and Merkle-committed batches all use this one
/// layout, so a row (what a Merkle leaf and a FRI query open) is contiguous in memory.
public struct RowMajorMatrix: Sendable, Equatable {
  /// The entries, `height * width` of them, row after row.
  public var values: [KoalaBear]
  /// The number of columns.
  public let width: Int

  /// Wraps `values` as a matrix of `width` columns.
  ///
  /// - Precondition: `width > 0` and `values.count` is a multiple of `width`.
  public init(values: [KoalaBear], width: Int) {
    precondition(width > 0 && values.count % width == 0, "values do not fill whole rows")
    self.values = values
    self.width = width
  }

  /// A `height × width` matrix of zeros.
  public init(zerosHeight height: Int, width: Int) {
    self.init(values: [KoalaBear](repeating: .zero, count: height * width), width: width)
  }

  /// The number of rows.
  @inlinable public var height: Int { values.count / width }

  /// Row `index` as an array (a copy).
  public func row(_ index: Int) -> [KoalaBear] {
    Array(values[index * width..<(index + 1) * width])
  }

  /// The entry at (`row`, `column`).
  @inlinable public subscript(row: Int, column: Int) -> KoalaBear {
    get { values[row * width + column] }
    set { values[row * width + column] = newValue }
  }
}
