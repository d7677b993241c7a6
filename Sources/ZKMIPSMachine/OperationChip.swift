import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// An ALU chip with one row per operation: the trace skeleton (padding to a power of two,
/// the per-row loop, counting the byte lookups the rows send) is shared, and each chip
/// fills its own rows.
public protocol OperationChip: AIR {
  /// The opcodes the chip proves.
  static var opcodes: [Opcode] { get }
  /// Writes row `row` of `trace` for `operation` (every column the chip's constraints
  /// read; the row starts as zeros).
  func fill(_ operation: ALUOperation, row: Int, in trace: inout RowMajorMatrix)
}

extension OperationChip {
  /// The trace for `events`, padded with zero rows to a power of two ≥ max(4,
  /// `minimumHeight`); the byte lookups it sends are added to `lookups`.
  ///
  /// Results are recomputed from the operands, never read from an event (an event's
  /// `result` is 0 when the destination is `$zero`).
  public func generateTrace(
    _ events: [ALUEvent], lookups: inout ByteLookups, minimumHeight: Int = 4
  ) -> RowMajorMatrix {
    generateTrace(events.map(ALUOperation.init), lookups: &lookups, minimumHeight: minimumHeight)
  }

  /// The trace for `operations`, as for events.
  ///
  /// - Precondition: every operation's opcode is one of ``opcodes``.
  public func generateTrace(
    _ operations: [ALUOperation], lookups: inout ByteLookups, minimumHeight: Int = 4
  ) -> RowMajorMatrix {
    var trace = RowMajorMatrix(
      zerosHeight: paddedHeight(operations.count, minimum: minimumHeight), width: width)
    for (row, operation) in operations.enumerated() {
      precondition(
        Self.opcodes.contains(operation.opcode),
        "\(operation.opcode) is not proved by the \(name) chip")
      fill(operation, row: row, in: &trace)
    }
    lookups.record(self, trace: trace)
    return trace
  }
}
