import ZKMIPSField
import ZKMIPSHash

/// The values one table's committed polynomials take at the out-of-domain point ζ and at
/// ζ·ω (the next row). Extension-field columns are committed as 4 base columns each and
/// opened column by column.
public struct TableOpening: Sendable, Equatable {
  public var preprocessedLocal: [KoalaBearExt4]
  public var preprocessedNext: [KoalaBearExt4]
  public var mainLocal: [KoalaBearExt4]
  public var mainNext: [KoalaBearExt4]
  public var permutationLocal: [KoalaBearExt4]
  public var permutationNext: [KoalaBearExt4]
  /// Quotient chunk columns at ζ (chunks × 4 base columns).
  public var quotient: [KoalaBearExt4]

  public init(
    preprocessedLocal: [KoalaBearExt4], preprocessedNext: [KoalaBearExt4],
    mainLocal: [KoalaBearExt4],
    mainNext: [KoalaBearExt4], permutationLocal: [KoalaBearExt4], permutationNext: [KoalaBearExt4],
    quotient: [KoalaBearExt4]
  ) {
    self.preprocessedLocal = preprocessedLocal
    self.preprocessedNext = preprocessedNext
    self.mainLocal = mainLocal
    self.mainNext = mainNext
    self.permutationLocal = permutationLocal
    self.permutationNext = permutationNext
    self.quotient = quotient
  }

  /// Every opened value in transcript order.
  public var allValues: [KoalaBearExt4] {
    preprocessedLocal + preprocessedNext + mainLocal + mainNext + permutationLocal + permutationNext
      + quotient
  }
}

/// What one FRI query opens: a row of every committed batch at the query index, then one
/// pair of values per folding layer.
public struct FRIQuery: Sendable, Equatable {
  /// Openings of the committed batches (preprocessed if any, main, permutation if any,
  /// quotient), each at the query index.
  public var batches: [MerkleOpening]
  /// Per folding layer, the opened pair (f(x), f(−x)) as one row of 8 base elements.
  public var layers: [MerkleOpening]

  public init(batches: [MerkleOpening], layers: [MerkleOpening]) {
    self.batches = batches
    self.layers = layers
  }
}

/// The FRI low-degree proof of the batched DEEP quotient.
public struct FRIProof: Sendable, Equatable {
  public var layerCommitments: [Digest]
  public var finalPolynomial: [KoalaBearExt4]
  public var powWitness: KoalaBear
  public var queries: [FRIQuery]

  public init(
    layerCommitments: [Digest], finalPolynomial: [KoalaBearExt4], powWitness: KoalaBear,
    queries: [FRIQuery]
  ) {
    self.layerCommitments = layerCommitments
    self.finalPolynomial = finalPolynomial
    self.powWitness = powWitness
    self.queries = queries
  }
}

/// A multi-table STARK proof.
public struct StarkProof: Sendable, Equatable {
  /// log2 of each table's height, in the verifying key's table order.
  public var logHeights: [Int]
  /// Each table's public values.
  public var publicValues: [[KoalaBear]]
  public var mainCommitment: Digest
  /// Present when some table has bus interactions.
  public var permutationCommitment: Digest?
  /// Each table's LogUp sum (zero for a table without interactions).
  public var cumulativeSums: [KoalaBearExt4]
  public var quotientCommitment: Digest
  public var openings: [TableOpening]
  public var fri: FRIProof
  /// The proof-of-work witness ground before each algebraic challenge, in transcript
  /// order: the bus challenges (only when the proof draws its own), α, ζ, the DEEP
  /// coefficients, then one per FRI layer.
  public var challengeWitnesses: [KoalaBear]

  public init(
    logHeights: [Int], publicValues: [[KoalaBear]], mainCommitment: Digest,
    permutationCommitment: Digest?,
    cumulativeSums: [KoalaBearExt4], quotientCommitment: Digest, openings: [TableOpening],
    fri: FRIProof, challengeWitnesses: [KoalaBear]
  ) {
    self.challengeWitnesses = challengeWitnesses
    self.logHeights = logHeights
    self.publicValues = publicValues
    self.mainCommitment = mainCommitment
    self.permutationCommitment = permutationCommitment
    self.cumulativeSums = cumulativeSums
    self.quotientCommitment = quotientCommitment
    self.openings = openings
    self.fri = fri
  }
}
