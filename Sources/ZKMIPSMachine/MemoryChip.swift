import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField

/// The initial image: every register (0...31, the thread pointer) and kernel-state word (the
/// program break, the heap's high-water page, the lowest mmap address) and every non-zero
/// memory word of the loaded program (segments and initial stack), as (key, value) rows.
/// Preprocessed — the verifier computes it from the program — and each row is *sent*
/// exactly once on ``MachineBus/image``.
///
/// Soundness: the rows and their multiplicity (the preprocessed `present` column, which
/// the one main column must equal) are fixed by the verifying key, so the memory chip must
/// receive every image row exactly once; since its keys are strictly increasing, no image
/// key can also start from zero.
public struct MemoryImageChip: AIR {
  /// (key, value) rows in key order.
  public let entries: [(key: UInt32, value: UInt32)]
  /// The least height of the table.
  public let minimumHeight: Int

  /// The image of `program` loaded into a fresh ``ZKMIPSExecutor/Machine`` (its initial
  /// registers and memory).
  public init(program: ELFProgram, minimumHeight: Int = 4) {
    self.minimumHeight = minimumHeight
    let machine = Machine(program: program)
    var rows: [(key: UInt32, value: UInt32)] = (0..<32).map {
      (UInt32($0), machine.register($0))
    }
    rows.append((MemoryKey.threadPointer, 0))
    rows.append((MemoryKey.programBreak, program.endOfImage))
    rows.append((MemoryKey.heapTop, program.endOfImage >> 12))
    rows.append((MemoryKey.mmapLow, Kernel.mmapTop))
    for (address, value) in machine.memory.nonzeroWords() {
      rows.append((MemoryKey.word(address), value))
    }
    entries = rows
  }

  /// Preprocessed columns: present, key, value limbs.
  public enum Columns {
    public static let present = 0
    public static let key = 1
    public static let value = WordColumns(2)
    public static let width = value.end
  }

  public var name: String { "memory_image" }
  /// One main column, equal to `present`: the multiplicity.
  public var width: Int { 1 }
  public var preprocessedWidth: Int { Columns.width }

  /// Table height: the entry count rounded up to a power of two (at least
  /// ``minimumHeight``).
  public var height: Int { paddedHeight(entries.count, minimum: minimumHeight) }

  public var interactions: [Interaction] {
    [
      Interaction(
        bus: MachineBus.image, direction: .send,
        values: [.preprocessed(Columns.key)] + (0..<4).map { .preprocessed(Columns.value[$0]) },
        multiplicity: .main(0))
    ]
  }

  public func preprocessedTrace() -> RowMajorMatrix? {
    var m = RowMajorMatrix(zerosHeight: height, width: Columns.width)
    for (row, e) in entries.enumerated() {
      m[row, Columns.present] = .one
      m[row, Columns.key] = KoalaBear(e.key)
      Columns.value.write(e.value, to: &m, row: row)
    }
    return m
  }

  /// The multiplicity is the preprocessed `present` (1 on image rows, 0 on padding).
  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    b.assertEqual(
      b.main(0), b.preprocessed(Columns.present, next: false), "image rows are sent once")
  }

  /// The main trace: `present` again.
  public func generateTrace() -> RowMajorMatrix {
    var m = RowMajorMatrix(zerosHeight: height, width: 1)
    for row in entries.indices { m[row, 0] = .one }
    return m
  }
}

/// Memory initialisation and finalisation: one row per key the run touched or the image
/// holds, in strictly increasing key order.
///
/// Each row sends (key, initial value, timestamp 0) and receives (key, final value, final
/// timestamp) on ``MachineBus/memory``; with the CPU's accesses (each consuming the previous
/// state of its key and producing the next) the bus balances only if every key's accesses
/// form one chain from its initial to its final value. The initial value is the image's
/// (received on ``MachineBus/image``) or 0.
///
/// Soundness: keys are range-checked below 2^29 (limbs, top limb < 32; every real key is
/// below 2^29, see ``MemoryKey``) and increase by 1 + a difference range-checked below
/// 2^30. As key + 1 + difference < 2^29 + 2^30 < p, the field equation is the integer one,
/// so the keys strictly increase: no key is initialised twice, and a key of the image
/// cannot be initialised to 0 by a second row (the image chip forces its one row per image
/// key). (With keys up to 2^30 the sum could wrap mod p and restart the order.)
public struct MemoryChip: AIR {
  /// The memory chip.
  public init() {}

  /// The column layout.
  public enum Columns {
    public static let isReal = 0
    public static let fromImage = 1
    /// The key as 4 byte limbs (top limb < 32).
    public static let key = WordColumns(2)
    public static let initial = WordColumns(key.end)
    public static let final = WordColumns(initial.end)
    public static let finalTimestamp = final.end
    /// Next key − key − 1, 4 byte limbs (top limb < 64).
    public static let difference = WordColumns(finalTimestamp + 1)
    public static let width = difference.end
  }

  public var name: String { "memory" }
  public var width: Int { Columns.width }

  static var key: LinearForm {
    LinearForm(
      (0..<4).map {
        LinearForm.Term(.main(Columns.key[$0]), KoalaBear(UInt32(1) << (8 * UInt32($0))))
      })
  }

  public var interactions: [Interaction] {
    let C = Columns.self
    let isReal = LinearForm.main(C.isReal)
    func range(_ x: LinearForm, _ y: LinearForm) -> Interaction {
      .byteRange(x, y, multiplicity: isReal)
    }
    func times4(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(4))]) }
    func times8(_ c: Int) -> LinearForm { LinearForm([.init(.main(c), KoalaBear(8))]) }
    return [
      Interaction(
        bus: MachineBus.memory, direction: .send,
        values: [Self.key] + C.initial.forms + [.constant(0)], multiplicity: isReal),
      Interaction(
        bus: MachineBus.memory, direction: .receive,
        values: [Self.key] + C.final.forms + [.main(C.finalTimestamp)], multiplicity: isReal),
      Interaction(
        bus: MachineBus.image, direction: .receive, values: [Self.key] + C.initial.forms,
        multiplicity: .main(C.fromImage)),
      range(.main(C.key[0]), .main(C.key[1])),
      range(.main(C.key[2]), .main(C.key[3])),
      range(times8(C.key[3]), .main(C.difference[0])),
      range(.main(C.difference[1]), .main(C.difference[2])),
      range(.main(C.difference[3]), times4(C.difference[3])),
    ]
  }

  public func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    let C = Columns.self
    let one = b.constant(1)
    let isReal = b.main(C.isReal)
    let fromImage = b.main(C.fromImage)
    // Flags: boolean; the image receive only on real rows; real rows are a prefix.
    b.assertBoolean(isReal, "is_real is boolean")
    b.assertBoolean(fromImage, "from_image is boolean")
    b.assertZero(fromImage * (one - isReal), "padding rows take nothing from the image")
    let nextIsReal = b.main(C.isReal, next: true)
    b.assertZero(b.isTransition * nextIsReal * (one - isReal), "real rows are a prefix")
    // Keys not from the image start at 0.
    for i in 0..<4 {
      b.assertZero((one - fromImage) * b.main(C.initial[i]), Self.zeroNames[i])
    }
    // Order: next key = key + 1 + difference, the key below 2^29 (top limb < 32 because
    // 8·top is a byte too) and the difference below 2^30 (4·top a byte); their sum is below
    // p, so the integer keys strictly increase and none repeats.
    func value(_ w: WordColumns, next: Bool) -> B.Value {
      (0..<4).map { b.main(w[$0], next: next) * b.constant(UInt32(1) << (8 * UInt32($0))) }
        .reduce(b.constant(0), +)
    }
    b.assertZero(
      b.isTransition * nextIsReal
        * (value(C.key, next: true) - value(C.key, next: false) - one
          - value(C.difference, next: false)),
      "keys strictly increase")
  }

  static let zeroNames: [StaticString] = [
    "untouched image limb 0 is 0", "untouched image limb 1 is 0", "untouched image limb 2 is 0",
    "untouched image limb 3 is 0",
  ]

  /// One key's row.
  public struct Row: Sendable, Equatable {
    public var key: UInt32
    public var fromImage: Bool
    public var initial: UInt32
    public var final: UInt32
    public var finalTimestamp: UInt32

    public init(
      key: UInt32, fromImage: Bool, initial: UInt32, final: UInt32, finalTimestamp: UInt32
    ) {
      self.key = key
      self.fromImage = fromImage
      self.initial = initial
      self.final = final
      self.finalTimestamp = finalTimestamp
    }
  }

  /// The trace for `rows` (sorted by key), padded to a power of two ≥ max(4,
  /// `minimumHeight`); the byte lookups are added to `lookups`.
  public func generateTrace(_ rows: [Row], lookups: inout ByteLookups, minimumHeight: Int = 4)
    -> RowMajorMatrix
  {
    let C = Columns.self
    var t = RowMajorMatrix(
      zerosHeight: paddedHeight(rows.count, minimum: minimumHeight), width: width)
    for (r, row) in rows.enumerated() {
      precondition(row.key < 1 << 29, "memory key out of range")
      t[r, C.isReal] = .one
      t[r, C.fromImage] = row.fromImage ? .one : .zero
      C.key.write(row.key, to: &t, row: r)
      C.initial.write(row.initial, to: &t, row: r)
      if row.key == MemoryKey.linkedAddress {
        // The link chip keeps the reservation (address + 1 < p) as one field element in
        // limb 0; a run that ends with a reservation held finalises it so.
        t[r, C.final[0]] = KoalaBear(row.final)
      } else {
        C.final.write(row.final, to: &t, row: r)
      }
      t[r, C.finalTimestamp] = KoalaBear(row.finalTimestamp)
      if r + 1 < rows.count {
        precondition(rows[r + 1].key > row.key, "memory rows must be in increasing key order")
        C.difference.write(rows[r + 1].key - row.key - 1, to: &t, row: r)
      }
    }
    lookups.record(self, trace: t)
    return t
  }
}
