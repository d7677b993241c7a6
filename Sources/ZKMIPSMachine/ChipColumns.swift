import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

// Column gadgets shared by the chips: a word as four byte-limb columns, and one selector
// column per opcode. Each gadget fills its columns and states its constraints, so trace
// generation and constraints read the same offsets.

// MARK: - Operations

/// What an ALU chip row proves: an opcode applied to its two effective operands.
///
/// The chips build their traces from these; ``init(_:)`` takes them from the executor's
/// events (whose `result` is not needed: the chips recompute it).
public struct ALUOperation: Sendable, Hashable {
  /// The instruction.
  public var opcode: Opcode
  /// First effective operand.
  public var a: UInt32
  /// Second effective operand (immediates already extended).
  public var b: UInt32

  /// `opcode` applied to (a, b).
  public init(_ opcode: Opcode, _ a: UInt32, _ b: UInt32) {
    self.opcode = opcode
    self.a = a
    self.b = b
  }

  /// The operation an executor event records.
  public init(_ event: ALUEvent) { self.init(event.opcode, event.a, event.b) }
}

// MARK: - Words

/// Four consecutive columns holding a word's byte limbs, least significant first.
public struct WordColumns: Sendable, Hashable {
  /// The column of limb 0.
  public let first: Int

  /// The word at columns `first ..< first + 4`.
  public init(_ first: Int) { self.first = first }

  /// The column of limb `limb` (0 ... 3).
  public subscript(limb: Int) -> Int { first + limb }

  /// The column just after the word.
  public var end: Int { first + 4 }

  /// The four limbs as bus-tuple entries.
  public var forms: [LinearForm] { (0..<4).map { .main(first + $0) } }

  /// The word Σ limb_i · 256^i as a linear form.
  public var form: LinearForm {
    LinearForm((0..<4).map { .init(.main(first + $0), KoalaBear(UInt32(1) << (8 * UInt32($0)))) })
  }

  /// The word Σ limb_i · 256^i on the current row.
  public func value<B: ConstraintBuilder>(_ b: B) -> B.Value { form.evaluate(b) }

  /// The four limbs of the current row.
  @inlinable
  public func limbs<B: ConstraintBuilder>(_ b: B) -> [B.Value] {
    (0..<4).map { b.main(first + $0) }
  }

  /// Writes `word`'s byte limbs into `row`.
  public func write(_ word: UInt32, to trace: inout RowMajorMatrix, row: Int) {
    for (k, limb) in Self.limbs(of: word).enumerated() { trace[row, first + k] = KoalaBear(limb) }
  }

  /// The byte limbs of `word`, least significant first.
  public static func limbs(of word: UInt32) -> [UInt32] {
    (0..<4).map { (word >> (8 * UInt32($0))) & 0xff }
  }
}

// MARK: - Opcode selectors

/// One selector column per opcode a chip accepts; a row is real when one of them is set.
///
/// Soundness: every selector is constrained boolean and so is their sum, so on any row
/// either all selectors are 0 (a padding row) or exactly one is 1. Every multiplicity a
/// chip uses is a sum of selectors, hence 0 on padding rows and 1 on real ones, and the
/// opcode a row claims, Σ opcode·selector, is exactly the opcode whose selector is set.
public struct OpcodeSelectors: Sendable {
  /// The accepted opcodes, in column order.
  public let opcodes: [Opcode]
  /// The column of the first selector.
  public let first: Int

  /// Selectors for `opcodes` at columns `first ..< first + opcodes.count`.
  public init(_ opcodes: [Opcode], first: Int) {
    self.opcodes = opcodes
    self.first = first
  }

  /// The column just after the selectors.
  public var end: Int { first + opcodes.count }

  /// The selector column of `opcode`.
  public func column(of opcode: Opcode) -> Int {
    guard let k = opcodes.firstIndex(of: opcode) else {
      preconditionFailure("\(opcode) is not a selector here")
    }
    return first + k
  }

  /// Σ selectors of `subset` (all of them when nil): 1 on a row of one of those opcodes.
  public func sum(_ subset: [Opcode]? = nil) -> LinearForm {
    LinearForm((subset ?? opcodes).map { LinearForm.Term(.main(column(of: $0))) })
  }

  /// Σ opcode value · selector: the `Opcode.rawValue` of the row's instruction (0 on padding).
  public var opcodeValue: LinearForm {
    LinearForm(
      opcodes.map { LinearForm.Term(.main(column(of: $0)), KoalaBear(UInt32($0.rawValue))) })
  }

  /// Sets the selector of `opcode` in `row`.
  public func write(_ opcode: Opcode, to trace: inout RowMajorMatrix, row: Int) {
    trace[row, column(of: opcode)] = .one
  }

  /// States that each selector is boolean (one constraint each, named by `names`, in
  /// opcode order) and that their sum is boolean (named `sumName`).
  public func assertWellFormed<B: ConstraintBuilder>(
    _ b: inout B, names: [StaticString], sumName: StaticString
  ) {
    precondition(names.count == opcodes.count)
    for (k, name) in names.enumerated() { b.assertBoolean(b.main(first + k), name) }
    b.assertBoolean(sum().evaluate(b), sumName)
  }
}
