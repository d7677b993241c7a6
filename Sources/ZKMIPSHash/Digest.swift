import ZKMIPSField

/// A Poseidon2 digest: 8 KoalaBear elements (≈ 248 bits), the output of the sponge hash and of
/// 2-to-1 compression, and the node type of every Merkle tree.
///
/// Eight elements give ≈ 124-bit collision resistance against generic attacks (birthday bound
/// on 8 · log2 p ≈ 248 bits), above the protocol's 100-bit target.
@frozen
public struct Digest: Sendable, Hashable {
  /// The number of field elements in a digest.
  public static let count = 8

  /// The elements, stored contiguously so arrays of digests can be viewed as Montgomery words.
  public var elements: InlineArray<8, KoalaBear>

  /// A digest of the given elements.
  @inlinable
  public init(elements: InlineArray<8, KoalaBear>) { self.elements = elements }

  /// A digest of the given elements.
  ///
  /// - Precondition: `elements.count == 8`.
  public init(_ elements: [KoalaBear]) {
    precondition(elements.count == Digest.count, "a digest has exactly 8 elements")
    var storage = InlineArray<8, KoalaBear>(repeating: .zero)
    for i in 0..<8 { storage[i] = elements[i] }
    self.elements = storage
  }

  /// The all-zero digest (not the hash of anything in particular; a placeholder value).
  public static let zero = Digest(elements: InlineArray(repeating: .zero))

  /// Element `index` (0 ..< 8).
  @inlinable
  public subscript(index: Int) -> KoalaBear {
    get { elements[index] }
    set { elements[index] = newValue }
  }

  /// The elements as an array.
  public var array: [KoalaBear] { (0..<8).map { elements[$0] } }

  /// Element-wise equality.
  public static func == (a: Digest, b: Digest) -> Bool {
    // Montgomery words are unique in [0, p), so word equality is field equality.
    for i in 0..<8 where a.elements[i] != b.elements[i] { return false }
    return true
  }

  /// Feeds the eight elements to `hasher`.
  public func hash(into hasher: inout Hasher) {
    for i in 0..<8 { hasher.combine(elements[i].montgomeryValue) }
  }

  // MARK: Canonical bytes

  /// The number of bytes in ``bytes``.
  public static let byteCount = 32

  /// The canonical encoding: each element's canonical value (below p) as 4 little-endian bytes.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(Digest.byteCount)
    for i in 0..<8 {
      let v = elements[i].value
      for shift in stride(from: 0, to: 32, by: 8) {
        out.append(UInt8(truncatingIfNeeded: v >> shift))
      }
    }
    return out
  }

  /// Decodes ``bytes``; `nil` unless there are exactly 32 bytes and every element is canonical
  /// (below p), so each digest has exactly one encoding.
  public init?(bytes: some Collection<UInt8>) {
    guard bytes.count == Digest.byteCount else { return nil }
    let b = Array(bytes)
    var storage = InlineArray<8, KoalaBear>(repeating: .zero)
    for i in 0..<8 {
      var v: UInt32 = 0
      for k in 0..<4 { v |= UInt32(b[4 * i + k]) << (8 * k) }
      guard let element = KoalaBear(canonical: v) else { return nil }
      storage[i] = element
    }
    self.elements = storage
  }
}

extension Digest: CustomStringConvertible {
  /// The canonical bytes in hexadecimal.
  public var description: String {
    bytes.map { b in
      let s = String(b, radix: 16)
      return b < 16 ? "0" + s : s
    }.joined()
  }
}
