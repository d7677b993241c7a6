import ZKMIPSField
import ZKMIPSHash

/// The Fiat–Shamir transcript: a duplex sponge over Poseidon2 (width 16, rate 8) that observes
/// field elements and digests and samples base-field elements, extension elements and bits.
///
/// **Absorb/squeeze discipline.** Observed elements queue in an input buffer of up to 8. A
/// *duplex* step overwrites state[0..<8] with the queued inputs followed by zeros, adds the
/// number of inputs k (0…8) to state[15], permutes, and makes state[0..<8] the output buffer.
/// - Observing invalidates any unread output, and a full input buffer duplexes at once.
/// - Sampling duplexes first if inputs are queued or the outputs are used up, then returns the
///   next output, state[0] first.
///
/// Hence every sample depends on everything observed before it, and nothing observed later.
/// Adding k to the capacity makes the step injective in its inputs: queued inputs [a] and
/// [a, 0] produce the same rate block but different capacities. So distinct histories of
/// observations and samples give distinct permutation inputs, and (modelling Poseidon2 as a
/// random permutation) independent challenges. A fresh challenger observes its label (length, then one
/// element per UTF-8 byte), which separates protocols and versions.
///
/// The transcript is a stream of elements: message boundaries are not recorded, so
/// observe([a, b]) then observe([c]) equals observe([a]) then observe([b, c]). Protocols whose
/// message lengths can vary must observe the lengths (or a fixed layout) themselves.
///
/// Samples are uniform over the field (outputs of a permutation modelled as random), and
/// ``sampleBits(_:)`` is exactly uniform thanks to rejection (see there).
///
/// The challenger is a value: copying it forks the transcript, which is how a prover tries
/// grinding nonces or a verifier checks a branch without disturbing the original.
public struct FiatShamirChallenger: Sendable {
  /// The rate: inputs per duplex step and outputs per permutation.
  public static let rate = 8

  var state = InlineArray<16, KoalaBear>(repeating: .zero)
  var inputs = InlineArray<8, KoalaBear>(repeating: .zero)
  var inputCount = 0
  var outputs = InlineArray<8, KoalaBear>(repeating: .zero)
  /// Index of the next unread output; `rate` means none is available.
  var outputPosition = FiatShamirChallenger.rate

  /// A challenger whose transcript starts with `label` (e.g. `"zkmips-stark v1"`), so proofs
  /// for different protocols or versions never share challenges.
  public init(label: String) {
    let bytes = Array(label.utf8)
    observe(KoalaBear(UInt32(bytes.count)))
    for b in bytes { observe(KoalaBear(UInt32(b))) }
  }

  // MARK: Observing

  /// Appends one field element to the transcript.
  public mutating func observe(_ element: KoalaBear) {
    outputPosition = FiatShamirChallenger.rate  // pending outputs no longer reflect the transcript
    inputs[inputCount] = element
    inputCount += 1
    if inputCount == FiatShamirChallenger.rate { duplex() }
  }

  /// Appends the elements in order.
  public mutating func observe(_ elements: some Sequence<KoalaBear>) {
    for e in elements { observe(e) }
  }

  /// Appends the 8 elements of a digest (e.g. a Merkle root).
  public mutating func observe(_ digest: Digest) {
    for i in 0..<Digest.count { observe(digest[i]) }
  }

  /// Appends the 4 coefficients of an extension element, constant term first.
  public mutating func observe(_ element: KoalaBearExt4) {
    observe(element.c0)
    observe(element.c1)
    observe(element.c2)
    observe(element.c3)
  }

  // MARK: Sampling

  /// A uniformly random base-field element determined by the transcript so far.
  public mutating func sample() -> KoalaBear {
    if inputCount > 0 || outputPosition == FiatShamirChallenger.rate { duplex() }
    let out = outputs[outputPosition]
    outputPosition += 1
    return out
  }

  /// A uniformly random extension element (four base samples, constant term first).
  public mutating func sampleExtension() -> KoalaBearExt4 {
    let c0 = sample()
    let c1 = sample()
    let c2 = sample()
    let c3 = sample()
    return KoalaBearExt4(c0, c1, c2, c3)
  }

  /// The largest `bits` accepted by ``sampleBits(_:)``.
  public static let maxSampleBits = 30

  /// A uniformly random integer in 0 ..< 2^bits (for query indices).
  ///
  /// A field sample v is accepted only if v < ⌊p / 2^bits⌋ · 2^bits, and then its low `bits` bits
  /// are returned; otherwise another sample is drawn. The accepted range is a whole number of
  /// 2^bits blocks, so the result is exactly uniform — no bias to account for. For bits ≤ 24
  /// the range is [0, p − 1) (p − 1 = 127 · 2^24) and a redraw has probability 1/p; above 24
  /// bits the redraw probability grows to ≈ 1/128 (25 bits) and ≈ 1/2 (30 bits), which costs
  /// extra permutations but never bias. Prover and verifier redraw identically.
  ///
  /// - Precondition: `0 <= bits <= 30`.
  public mutating func sampleBits(_ bits: Int) -> Int {
    precondition(bits >= 0 && bits <= FiatShamirChallenger.maxSampleBits, "bits out of range")
    let bound = FiatShamirChallenger.rejectionBound(bits: bits)
    while true {
      let v = sample().value
      if v < bound { return Int(v & ((1 << UInt32(bits)) &- 1)) }
    }
  }

  /// ⌊p / 2^bits⌋ · 2^bits: samples at or above it are redrawn by ``sampleBits(_:)``.
  public static func rejectionBound(bits: Int) -> UInt32 {
    (KoalaBear.modulus >> UInt32(bits)) << UInt32(bits)
  }

  // MARK: The duplex step

  /// Overwrites the rate with the queued inputs (zero-padded), adds their count to the last
  /// capacity element, permutes, and refills the output buffer.
  mutating func duplex() {
    for i in 0..<FiatShamirChallenger.rate { state[i] = i < inputCount ? inputs[i] : .zero }
    state[15] += KoalaBear(UInt32(inputCount))
    Poseidon2.permute(&state)
    for i in 0..<FiatShamirChallenger.rate { outputs[i] = state[i] }
    outputPosition = 0
    inputCount = 0
  }
}
