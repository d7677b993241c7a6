import ZKMIPSField

/// The proof system's fixed configuration. The verifier holds its own copy and never reads
/// parameters from a proof; a proof made with other parameters simply fails to verify.
public struct StarkParameters: Sendable, Equatable, Hashable {
  /// Protocol version, absorbed first into every transcript.
  public static let protocolVersion: UInt32 = 1
  /// Domain separator of the Fiat–Shamir transcript.
  public static let transcriptLabel = "zkMIPS-Swift STARK v1"

  /// FRI: blowup, queries, grinding, final polynomial.
  public var fri: FRIParameters
  /// Provable bits (unique-decoding analysis) every accepted proof must reach for its shape.
  public var minimumProvableBits: Double
  /// Largest log2 table height accepted (bounds the verifier's work and every sum over rows).
  public var maxLogHeight: Int

  public init(fri: FRIParameters, minimumProvableBits: Double, maxLogHeight: Int) {
    self.fri = fri
    self.minimumProvableBits = minimumProvableBits
    self.maxLogHeight = maxLogHeight
  }

  /// The default: rate 1/4, 140 queries and 16 grinding bits (≈ 111 bits for the query
  /// phase in the unique-decoding regime), folding by 2 down to a final polynomial of 64
  /// coefficients. With the degree-4 extension (|F| ≈ 2^124) the algebraic error terms grow
  /// with the domain and the bus (2^24 bus messages alone cost 2^−100), so every algebraic
  /// challenge is drawn after 12 bits of proof-of-work: the algebraic terms then stay below
  /// 2^−106 up to the largest tables (2^22 rows) with 2^29 bus messages, for a provable
  /// figure ≥ 106 bits, at a cost of about 4 096 permutations per challenge. The verifier
  /// computes the figure for each proof's real shape and refuses anything below the floor.
  /// See ``SoundnessCalculator``.
  ///
  /// The final-polynomial size was measured (Fibonacci AIR 2^18 × 32, this machine): each
  /// doubling removes one FRI layer, i.e. one Merkle path per query, for 2^k × 16 bytes of
  /// coefficients — proof sizes 1.166 / 1.131 / 1.107 / 1.078 / 1.046 / 1.008 MB for
  /// 2^0 / 2^2 / 2^3 / 2^4 / 2^5 / 2^6 coefficients, with verification time within noise
  /// (21–32 ms). 2^6 keeps the verifier's final evaluation cheap (140 × 64 products) and
  /// only asks tables to have at least 64 rows.
  public static let standard = StarkParameters(
    fri: FRIParameters(
      logBlowup: 2, queries: 140, queryGrindingBits: 16, logFinalPolynomialLength: 6,
      challengeGrindingBits: 12),
    minimumProvableBits: 100, maxLogHeight: 22)

  /// log2 of the number of quotient chunks: constraints have degree ≤ 3, so the quotient
  /// has degree < 2n and is split into 2 chunks of degree < n.
  public static let logQuotientChunks = 1
  /// Maximum constraint degree the engine accepts.
  public static let maxConstraintDegree = 3
}
