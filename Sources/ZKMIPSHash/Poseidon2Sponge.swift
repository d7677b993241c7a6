import ZKMIPSField

/// Hashing with Poseidon2: a sponge for sequences of field elements and a 2-to-1 compression
/// for Merkle nodes, both producing a ``Digest``.
///
/// **Sponge (rate 8, capacity 8).** The state starts as zeros with the input length n in
/// state[8] (the first capacity element). The input is cut into blocks of 8; each block
/// *overwrites* state[0..<8] (the last block is padded with zeros) and the state is permuted.
/// An empty input is one permutation of the initial state. The digest is state[0..<8].
///
/// Why the length goes into the capacity: with zero padding alone, [a] and [a, 0] would absorb
/// the same block. Fixing n in the initial capacity makes the map from input to the sequence of
/// permutation inputs injective for every length, so collisions of the hash are collisions of
/// the sponge, bounded by the capacity of 8 elements (≈ 248 bits, 124-bit generic security).
/// The overwrite (rather than add) absorption is the "overwrite duplex" sponge variant, which
/// has the same generic security as XOR absorption.
///
/// **Compression.** compress(a, b) = the first 8 elements of P(a ‖ b) (truncated permutation,
/// no feed-forward). With P modelled as a random permutation, truncating to half the state
/// gives collision resistance ≈ 2^124 and preimage resistance ≈ 2^248.
///
/// **Domain separation.** A sponge call and a compression differ in their capacity: the
/// sponge's is (n, 0, …, 0) — a constant — while a compression's is a digest b. Confusing a
/// leaf hash with an inner node would need a digest equal to (n, 0, …, 0), i.e. a preimage.
public enum Poseidon2Sponge {
  /// Elements absorbed per permutation.
  public static let rate = 8
  /// Elements of state never directly written by the input.
  public static let capacity = 8

  /// The sponge digest of `elements`.
  ///
  /// - Precondition: `elements.count < p` (the length must be a field element).
  public static func hash(_ elements: [KoalaBear]) -> Digest {
    elements.withUnsafeBufferPointer { hash($0) }
  }

  /// The sponge digest of the elements in `elements`.
  public static func hash(_ elements: UnsafeBufferPointer<KoalaBear>) -> Digest {
    let n = elements.count
    precondition(n < Int(KoalaBear.modulus), "input too long for the length encoding")
    var s = InlineArray<16, UInt32>(repeating: 0)
    s[8] = KoalaBear(UInt32(n)).montgomeryValue
    var position = 0
    repeat {
      for e in 0..<8 {
        let i = position &+ e
        s[e] = i < n ? elements[i].montgomeryValue : 0
      }
      Poseidon2.permuteWords(&s)
      position &+= 8
    } while position < n
    return digest(fromWords: s)
  }

  /// The 2-to-1 compression of two digests (Merkle node = compress(left, right)).
  public static func compress(_ left: Digest, _ right: Digest) -> Digest {
    var s = InlineArray<16, UInt32>(repeating: 0)
    for i in 0..<8 {
      s[i] = left.elements[i].montgomeryValue
      s[8 &+ i] = right.elements[i].montgomeryValue
    }
    Poseidon2.permuteWords(&s)
    return digest(fromWords: s)
  }

  @inline(__always)
  static func digest(fromWords s: InlineArray<16, UInt32>) -> Digest {
    var out = InlineArray<8, KoalaBear>(repeating: .zero)
    for i in 0..<8 { out[i] = KoalaBear.fromMontgomery(s[i]) }
    return Digest(elements: out)
  }
}
