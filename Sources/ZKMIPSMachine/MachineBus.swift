import ZKMIPSField

/// The buses that connect the machine's chips (see the module's documentation).
public enum MachineBus {
  /// Byte-table lookups: (op, a, b, c).
  public static let byte = 0
  /// ALU operations: (opcode, a limbs, b limbs, result limbs), 13 elements; the opcode is
  /// the instruction's `Opcode.rawValue` and a, b its effective operands.
  public static let alu = 1
  /// Instruction fetch: (pc, instruction).
  public static let program = 2
  /// Offline memory checking: (space, address, value limbs, timestamp).
  public static let memory = 3
  /// Public input and output bytes: (stream, index, byte).
  public static let io = 4
}

/// Operations of the byte table, the first element of every byte-bus tuple.
public enum ByteOperation: UInt32, CaseIterable, Sendable {
  /// a and b are bytes (c = 0): two range checks in one message.
  case range = 0
  /// c = a & b.
  case and = 1
  /// c = a | b.
  case or = 2
  /// c = a ^ b.
  case xor = 3

  /// The operation's value as a field element (the tuple's first element).
  public var field: KoalaBear { KoalaBear(rawValue) }
}
