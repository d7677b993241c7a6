import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The syscall chip: one row per SYSCALL the CPU executed, received over
/// ``MachineBus/syscall`` as (clk, `$v0` limbs, `$a0` limbs, new `$v0` limbs, halts).
///
/// Provable so far: exit (4001) and exit_group (4246), which end the run. Public value 0 is
/// the exit code (`$a0 & 0xff`).
///
/// Soundness: selectors boolean with a boolean sum (is_real); the number's limbs are the
/// selected syscall's constant, so a row can only claim a syscall whose number `$v0`
/// really holds (the CPU read `$v0` through the memory argument). An exit row requires
/// halts = 1, which the CPU sets only on its last real row, so there is exactly one exit
/// and the run ends there; the exit code is that row's `$a0` low byte.
public struct SyscallChip: AIR {
  /// The syscall chip.
  public init() {}

  /// Syscalls with their own selector, in column order.
  public static let numbers: [Kernel.Number] = [.exit, .exitGroup]

  /// The column layout.
  public enum Columns {
    public static let clk = 0
    public static let number = WordColumns(1)
    public static let a0 = WordColumns(number.end)
    public static let result = WordColumns(a0.end)
    public static let halts = result.end
    /// One boolean per ``SyscallChip/numbers`` entry.
    public static let selectors = halts + 1
    public static let width = selectors + SyscallChip.numbers.count
  }

  public var name: String { "syscall" }
  public var width: Int { Columns.width }
  public var publicValueCount: Int { 1 }

  static var isReal: LinearForm {
    LinearForm(Self.numbers.indices.map { LinearForm.Term(.main(Columns.selectors + $0)) })
  }

  public var interactions: [Interaction] {
    let C = Columns.self
    return [
      Interaction(
        bus: MachineBus.syscall, direction: .receive,
        values: [.main(C.clk)] + C.number.forms + C.a0.forms + C.result.forms + [.main(C.halts)],
        multiplicity: Self.isReal)
    ]
  }

  static let selectorNames: [StaticString] = [
    "exit selector is boolean", "exit_group selector is boolean",
  ]
  static let numberNames: [StaticString] = [
    "number limb 0 is the syscall's", "number limb 1 is the syscall's",
    "number limb 2 is the syscall's", "number limb 3 is the syscall's",
  ]

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let s = Self.numbers.indices.map { b.main(C.selectors + $0) }
    for (k, x) in s.enumerated() { b.assertBoolean(x, Self.selectorNames[k]) }
    let isReal = Self.isReal.evaluate(b)
    b.assertBoolean(isReal, "at most one syscall per row")
    // $v0 = the selected syscall's number, limb by limb.
    for i in 0..<4 {
      var expected = b.constant(0)
      for (k, n) in Self.numbers.enumerated() {
        expected = expected + s[k] * b.constant((n.rawValue >> (8 * UInt32(i))) & 0xff)
      }
      b.assertEqual(b.main(C.number[i]), expected, Self.numberNames[i])
    }
    // Exits halt the CPU, with the public exit code.
    let exits = s[0] + s[1]
    b.assertEqual(b.main(C.halts), exits, "exactly the exits halt")
    b.assertZero(exits * (b.main(C.a0[0]) - b.publicValue(0)), "exit code is public")
  }

  /// One executed syscall.
  public struct Row: Sendable, Equatable {
    public var clk: UInt32
    public var number: UInt32
    public var a0: UInt32
    public var result: UInt32
    public var halts: Bool

    public init(clk: UInt32, number: UInt32, a0: UInt32, result: UInt32, halts: Bool) {
      self.clk = clk
      self.number = number
      self.a0 = a0
      self.result = result
      self.halts = halts
    }
  }

  /// Whether the chip can prove syscall `number`.
  public static func isProvable(_ number: UInt32) -> Bool {
    numbers.contains { $0.rawValue == number }
  }

  /// The trace for `rows`, padded to a power of two ≥ max(4, `minimumHeight`).
  ///
  /// - Precondition: every row's number is provable.
  public func generateTrace(_ rows: [Row], minimumHeight: Int = 4) -> RowMajorMatrix {
    let C = Columns.self
    var t = RowMajorMatrix(
      zerosHeight: paddedHeight(rows.count, minimum: minimumHeight), width: width)
    for (r, row) in rows.enumerated() {
      guard let k = Self.numbers.firstIndex(where: { $0.rawValue == row.number }) else {
        preconditionFailure("syscall \(row.number) is not provable")
      }
      t[r, C.clk] = KoalaBear(row.clk)
      C.number.write(row.number, to: &t, row: r)
      C.a0.write(row.a0, to: &t, row: r)
      C.result.write(row.result, to: &t, row: r)
      t[r, C.halts] = row.halts ? .one : .zero
      t[r, C.selectors + k] = .one
    }
    return t
  }
}
