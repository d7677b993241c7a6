import ZKMIPSField
import ZKMIPSHash

/// Why proof bytes could not be decoded. Each case occurs when the named rule is broken;
/// decoding never traps and allocates at most in proportion to the input's length.
public enum ProofDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The input ended inside `what`.
  case truncated(what: String)
  /// The input does not start with the proof magic.
  case badMagic
  /// The proof was written by an unsupported format version.
  case unsupportedVersion(UInt32)
  /// A field element was not below p (non-canonical encoding).
  case nonCanonicalElement(offset: Int)
  /// A length prefix is larger than the remaining input could hold.
  case lengthTooLarge(what: String, length: UInt32)
  /// A flag or small integer is out of range.
  case invalidValue(what: String)
  /// Bytes remain after the proof.
  case trailingBytes(count: Int)
  /// The input exceeds ``ProofCodec/maximumProofBytes``.
  case proofTooLarge(bytes: Int)

  public var description: String {
    switch self {
    case .truncated(let what): "truncated proof (inside \(what))"
    case .badMagic: "not a zkMIPS proof (bad magic)"
    case .unsupportedVersion(let v): "unsupported proof format version \(v)"
    case .nonCanonicalElement(let o): "non-canonical field element at byte \(o)"
    case .lengthTooLarge(let what, let n): "length \(n) of \(what) exceeds the input"
    case .invalidValue(let what): "invalid \(what)"
    case .trailingBytes(let n): "\(n) trailing bytes after the proof"
    case .proofTooLarge(let n): "proof of \(n) bytes exceeds the verifier's limit"
    }
  }
}

/// The canonical binary encoding of ``StarkProof``: little-endian, every field element as
/// its canonical 32-bit value, every variable-length list prefixed by a 32-bit count.
/// Encoding then decoding is the identity; any other byte string is rejected.
public enum ProofCodec {
  public static let magic: [UInt8] = Array("ZKMP".utf8)
  public static let formatVersion: UInt32 = 2
  /// The largest proof the decoder accepts (the verifier's own bound, 64 MiB).
  public static let maximumProofBytes = 64 << 20

  // MARK: Encoding

  public static func encode(_ proof: StarkProof) -> [UInt8] {
    var w = Writer()
    w.bytes(magic)
    w.u32(formatVersion)
    w.u32(UInt32(proof.logHeights.count))
    for h in proof.logHeights { w.u8(UInt8(h)) }
    for values in proof.publicValues { w.elements(values) }
    w.digest(proof.mainCommitment)
    if let p = proof.permutationCommitment {
      w.u8(1)
      w.digest(p)
    } else {
      w.u8(0)
    }
    w.extensions(proof.cumulativeSums)
    w.digest(proof.quotientCommitment)
    w.u32(UInt32(proof.openings.count))
    for o in proof.openings {
      for v in [
        o.preprocessedLocal, o.preprocessedNext, o.mainLocal, o.mainNext, o.permutationLocal,
        o.permutationNext, o.quotient,
      ] {
        w.extensions(v)
      }
    }
    w.u32(UInt32(proof.fri.layerCommitments.count))
    for d in proof.fri.layerCommitments { w.digest(d) }
    w.extensions(proof.fri.finalPolynomial)
    w.element(proof.fri.powWitness)
    w.elements(proof.challengeWitnesses)
    w.u32(UInt32(proof.fri.queries.count))
    for q in proof.fri.queries {
      w.u32(UInt32(q.batches.count))
      for o in q.batches { w.opening(o) }
      w.u32(UInt32(q.layers.count))
      for o in q.layers { w.opening(o) }
    }
    return w.out
  }

  struct Writer {
    var out: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { out += b }
    mutating func u8(_ v: UInt8) { out.append(v) }
    mutating func u32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8((v >> (8 * k)) & 0xff)) } }
    mutating func element(_ e: KoalaBear) { u32(e.value) }
    mutating func elements(_ v: [KoalaBear]) {
      u32(UInt32(v.count))
      for e in v { element(e) }
    }
    mutating func ext(_ e: KoalaBearExt4) { for c in [e.c0, e.c1, e.c2, e.c3] { element(c) } }
    mutating func extensions(_ v: [KoalaBearExt4]) {
      u32(UInt32(v.count))
      for e in v { ext(e) }
    }
    mutating func digest(_ d: Digest) { for k in 0..<Digest.count { element(d[k]) } }
    mutating func opening(_ o: MerkleOpening) {
      u32(UInt32(o.openedRows.count))
      for r in o.openedRows { elements(r) }
      u32(UInt32(o.proof.count))
      for d in o.proof { digest(d) }
    }
  }

  // MARK: Decoding

  public static func decode(_ bytes: [UInt8]) throws(ProofDecodingError) -> StarkProof {
    guard bytes.count <= maximumProofBytes else { throw .proofTooLarge(bytes: bytes.count) }
    var r = Reader(bytes: bytes)
    guard try r.take(4, "magic") == magic else { throw .badMagic }
    let version = try r.u32("version")
    guard version == formatVersion else { throw .unsupportedVersion(version) }
    let tables = try r.count("table count", elementSize: 1)
    var logHeights: [Int] = []
    for _ in 0..<tables {
      let h = try r.u8("height")
      guard h <= 30 else { throw .invalidValue(what: "table height") }
      logHeights.append(Int(h))
    }
    var publicValues: [[KoalaBear]] = []
    for _ in 0..<tables { publicValues.append(try r.elements("public values")) }
    let main = try r.digest("main commitment")
    let flag = try r.u8("permutation flag")
    guard flag <= 1 else { throw .invalidValue(what: "permutation flag") }
    let permutation = flag == 1 ? try r.digest("permutation commitment") : nil
    let sums = try r.extensions("cumulative sums")
    let quotient = try r.digest("quotient commitment")
    let openingCount = try r.count("openings", elementSize: 28)
    var openings: [TableOpening] = []
    for _ in 0..<openingCount {
      var v: [[KoalaBearExt4]] = []
      for _ in 0..<7 { v.append(try r.extensions("opened values")) }
      openings.append(
        TableOpening(
          preprocessedLocal: v[0], preprocessedNext: v[1], mainLocal: v[2], mainNext: v[3],
          permutationLocal: v[4], permutationNext: v[5], quotient: v[6]))
    }
    let layerCount = try r.count("FRI layers", elementSize: 32)
    var layers: [Digest] = []
    for _ in 0..<layerCount { layers.append(try r.digest("FRI layer commitment")) }
    let finalPolynomial = try r.extensions("final polynomial")
    let witness = try r.element("proof-of-work witness")
    let challengeWitnesses = try r.elements("challenge proof-of-work witnesses")
    let queryCount = try r.count("queries", elementSize: 8)
    var queries: [FRIQuery] = []
    for _ in 0..<queryCount {
      let b = try r.count("query batches", elementSize: 8)
      var batches: [MerkleOpening] = []
      for _ in 0..<b { batches.append(try r.opening()) }
      let l = try r.count("query layers", elementSize: 8)
      var layerOpenings: [MerkleOpening] = []
      for _ in 0..<l { layerOpenings.append(try r.opening()) }
      queries.append(FRIQuery(batches: batches, layers: layerOpenings))
    }
    guard r.position == bytes.count else { throw .trailingBytes(count: bytes.count - r.position) }
    return StarkProof(
      logHeights: logHeights, publicValues: publicValues, mainCommitment: main,
      permutationCommitment: permutation,
      cumulativeSums: sums, quotientCommitment: quotient, openings: openings,
      fri: FRIProof(
        layerCommitments: layers, finalPolynomial: finalPolynomial, powWitness: witness,
        queries: queries), challengeWitnesses: challengeWitnesses)
  }

  struct Reader {
    let bytes: [UInt8]
    var position = 0

    var remaining: Int { bytes.count - position }

    mutating func take(_ n: Int, _ what: String) throws(ProofDecodingError) -> [UInt8] {
      guard n <= remaining else { throw .truncated(what: what) }
      defer { position += n }
      return Array(bytes[position..<position + n])
    }
    mutating func u8(_ what: String) throws(ProofDecodingError) -> UInt8 {
      guard remaining >= 1 else { throw .truncated(what: what) }
      defer { position += 1 }
      return bytes[position]
    }
    mutating func u32(_ what: String) throws(ProofDecodingError) -> UInt32 {
      guard remaining >= 4 else { throw .truncated(what: what) }
      defer { position += 4 }
      return UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(
        bytes[position + 2]) << 16
        | UInt32(bytes[position + 3]) << 24
    }
    /// A count whose items take at least `elementSize` bytes each: bounded by the input.
    mutating func count(_ what: String, elementSize: Int) throws(ProofDecodingError) -> Int {
      let n = try u32(what)
      guard UInt64(n) * UInt64(elementSize) <= UInt64(remaining) else {
        throw .lengthTooLarge(what: what, length: n)
      }
      return Int(n)
    }
    mutating func element(_ what: String) throws(ProofDecodingError) -> KoalaBear {
      let at = position
      let v = try u32(what)
      guard let e = KoalaBear(canonical: v) else { throw .nonCanonicalElement(offset: at) }
      return e
    }
    mutating func elements(_ what: String) throws(ProofDecodingError) -> [KoalaBear] {
      let n = try count(what, elementSize: 4)
      var out: [KoalaBear] = []
      out.reserveCapacity(n)
      for _ in 0..<n { out.append(try element(what)) }
      return out
    }
    mutating func ext(_ what: String) throws(ProofDecodingError) -> KoalaBearExt4 {
      KoalaBearExt4(try element(what), try element(what), try element(what), try element(what))
    }
    mutating func extensions(_ what: String) throws(ProofDecodingError) -> [KoalaBearExt4] {
      let n = try count(what, elementSize: 16)
      var out: [KoalaBearExt4] = []
      out.reserveCapacity(n)
      for _ in 0..<n { out.append(try ext(what)) }
      return out
    }
    mutating func digest(_ what: String) throws(ProofDecodingError) -> Digest {
      var e: [KoalaBear] = []
      for _ in 0..<Digest.count { e.append(try element(what)) }
      return Digest(e)
    }
    mutating func opening() throws(ProofDecodingError) -> MerkleOpening {
      let rows = try count("opened rows", elementSize: 4)
      var openedRows: [[KoalaBear]] = []
      for _ in 0..<rows { openedRows.append(try elements("opened row")) }
      let depth = try count("Merkle path", elementSize: 32)
      var path: [Digest] = []
      for _ in 0..<depth { path.append(try digest("Merkle path")) }
      return MerkleOpening(openedRows: openedRows, proof: path)
    }
  }
}
