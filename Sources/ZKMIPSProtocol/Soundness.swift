import Foundation

/// The shape of one proof as far as soundness is concerned: how big and how wide.
///
/// Every number here is known to the verifier before it reads a proof byte (from the AIRs
/// and the verifier's own bounds), so the figure the verifier enforces never depends on
/// what a prover claims.
public struct ProofShape: Sendable, Equatable {
  /// log2 of the tallest trace (rows of the largest table).
  public var logMaxTraceHeight: Int
  /// Total number of committed polynomial columns that FRI batches (main, preprocessed,
  /// LogUp accumulators counted 4× for the extension, quotient chunks 4× each).
  public var batchedColumns: Int
  /// Total number of constraints over all tables (batched by powers of one challenge).
  public var constraints: Int
  /// Maximum constraint degree (≤ 3).
  public var maxConstraintDegree: Int
  /// Total number of bus messages over all tables (Σ height × interactions): the number
  /// of fractions in every LogUp sum.
  public var busMessages: Int
  /// Widest bus tuple (each position has its own challenge, so it does not enter the
  /// LogUp term; kept for reports).
  public var maxTupleWidth: Int

  public init(
    logMaxTraceHeight: Int, batchedColumns: Int, constraints: Int, maxConstraintDegree: Int,
    busMessages: Int, maxTupleWidth: Int
  ) {
    self.logMaxTraceHeight = logMaxTraceHeight
    self.batchedColumns = batchedColumns
    self.constraints = constraints
    self.maxConstraintDegree = maxConstraintDegree
    self.busMessages = busMessages
    self.maxTupleWidth = maxTupleWidth
  }
}

/// FRI and grinding parameters. Fixed by the verifier, never read from a proof.
public struct FRIParameters: Sendable, Equatable, Hashable {
  /// log2 of the blowup factor: the code rate is ρ = 2^−logBlowup.
  public var logBlowup: Int
  /// Number of FRI queries.
  public var queries: Int
  /// Proof-of-work bits ground before the query indices are drawn.
  public var queryGrindingBits: Int
  /// log2 of the final polynomial's length (coefficients sent in the clear).
  public var logFinalPolynomialLength: Int
  /// Proof-of-work bits ground before each algebraic challenge: the bus challenges (β, γ),
  /// the constraint-batching α, the out-of-domain ζ, the DEEP batching coefficients and
  /// every FRI folding challenge. Re-drawing any of them then costs 2^bits permutations, so
  /// each algebraic error term counts `bits` bits lower, exactly as ``queryGrindingBits``
  /// does for the queries.
  public var challengeGrindingBits: Int

  public init(
    logBlowup: Int, queries: Int, queryGrindingBits: Int, logFinalPolynomialLength: Int,
    challengeGrindingBits: Int = 0
  ) {
    self.logBlowup = logBlowup
    self.queries = queries
    self.queryGrindingBits = queryGrindingBits
    self.logFinalPolynomialLength = logFinalPolynomialLength
    self.challengeGrindingBits = challengeGrindingBits
  }
}

/// Soundness of a parameter set for a given proof shape, in bits (−log2 of the probability
/// that a false statement verifies).
///
/// Every error term is an upper bound from the literature, added up (union bound):
/// - **Constraint batching**: the constraints are combined with powers of one challenge
///   α; a non-zero combination vanishes for at most (C − 1) values of α (Schwartz–Zippel):
///   (C − 1)/|F|.
/// - **LogUp**: a bus that does not balance has Σ mᵢ/(β − cᵢ(γ)) ≠ 0 as a rational function;
///   after clearing denominators it is a polynomial of degree ≤ M in β and ≤ M·(w − 1) in
///   γ, so a random (β, γ) makes it vanish with probability ≤ M·w/|F| (M messages, tuple
///   width w).
/// - **DEEP / out-of-domain point**: a wrong trace that passes the check at ζ must make a
///   polynomial of degree ≤ (d + 1)·n vanish at ζ: ((d + 1)·n)/|F| (unique decoding, list
///   size 1; ethSTARK §5, "DEEP-ALI").
/// - **FRI batching**: the columns are combined with independent random coefficients;
///   by the proximity-gaps theorem in the unique-decoding regime (BCIKS20, Thm 1.2/4.1) the
///   error is N_LDE/|F|, where N_LDE is the evaluation domain size. (Powers of one
///   challenge would cost a factor of the column count; we avoid them.)
/// - **FRI commit phase**: one folding round by arity 2 on a domain of size Nᵢ errs with
///   probability ≤ Nᵢ/|F| (same theorem); the rounds sum to < 2·N_LDE/|F|.
/// - **FRI queries**: a function δ-far from the code passes one query with probability
///   ≤ 1 − δ. Unique decoding: δ = (1 − ρ)/2. Johnson bound: δ = 1 − √ρ − η, at the price
///   of a much larger commit-phase term, (m + ½)^7·N²/(3ρ^{3/2}|F|) with m = max(⌈√ρ/2η⌉, 3)
///   (BCIKS20, Thm 1.5). Grinding adds its bits to the query term.
/// - **Grinding before challenges**: every algebraic challenge above is drawn only after a
///   proof-of-work of ``FRIParameters/challengeGrindingBits`` bits on the transcript so far.
///   A prover hunting for a bad challenge must pay 2^bits permutations per attempt, so each
///   algebraic term is counted 2^−bits times smaller — the same random-oracle accounting
///   that credits ``FRIParameters/queryGrindingBits`` to the queries (ethSTARK §6.3; STIR
///   and WHIR grind in every round the same way).
///
/// The **provable** figure is the better of the two regimes. The **conjectured** figure is
/// the ethSTARK conjecture (each query worth logBlowup bits, capped by the field size
/// against the domain); it is printed beside the provable one and never relied on.
public struct SoundnessReport: Sendable, Equatable {
  /// log2 of the challenge field's size (degree-4 extension of KoalaBear: ≈ 123.96).
  public var challengeFieldBits: Double
  /// Provable bits in the unique-decoding regime.
  public var uniqueDecodingBits: Double
  /// Provable bits in the Johnson-bound regime.
  public var johnsonBits: Double
  /// The ethSTARK conjecture's figure.
  public var conjecturedBits: Double
  /// Each term of the unique-decoding sum, in bits (for `zkmips inspect` and tests).
  public var terms: [String: Double]

  /// The provable figure: the better regime.
  public var provableBits: Double { max(uniqueDecodingBits, johnsonBits) }
}

/// Computes ``SoundnessReport``s.
public enum SoundnessCalculator {
  /// log2 of the KoalaBear modulus p = 2^31 − 2^24 + 1.
  public static let log2Modulus = log2(Double(0x7f00_0001))
  /// log2 |F| of the challenge field (degree-4 extension).
  public static let challengeFieldBits = 4 * log2Modulus

  /// The soundness of `parameters` for proofs of `shape`.
  public static func report(parameters fri: FRIParameters, shape: ProofShape) -> SoundnessReport {
    let fieldBits = challengeFieldBits
    let logLDE = Double(shape.logMaxTraceHeight + fri.logBlowup)
    let traceSize = pow(2, Double(shape.logMaxTraceHeight))
    let rho = pow(2, -Double(fri.logBlowup))

    // Each algebraic term as a probability, in log2 first to stay exact for huge values.
    // Every algebraic challenge is ground for: its term counts 2^−challengeGrindingBits.
    let groundFieldBits = fieldBits + Double(fri.challengeGrindingBits)
    func p(_ log2Numerator: Double) -> Double { pow(2, log2Numerator - groundFieldBits) }
    let constraintBatching = p(log2(Double(max(shape.constraints - 1, 1))))
    // Independent γ per tuple position: the error is the message count over |F| (see
    // ``LogUp/compress(bus:values:gammas:)``), whatever the tuple width.
    let logUp = p(log2(Double(max(shape.busMessages, 1))))
    let deep = p(log2(Double(shape.maxConstraintDegree + 1) * traceSize))
    let friBatching = p(logLDE)
    let friCommitUDR = p(logLDE + 1)
    let algebraicUDR = constraintBatching + logUp + deep + friBatching + friCommitUDR

    let grind = Double(fri.queryGrindingBits)
    let queriesUDR = pow(2, -(Double(fri.queries) * -log2(1 - (1 - rho) / 2) + grind))
    let udr = -log2(algebraicUDR + queriesUDR)

    // Johnson regime: choose η to balance the terms; scan a few values and keep the best.
    var johnson = 0.0
    for k in 1...64 {
      let eta = sqrt(rho) / Double(2 * k)
      let m = max(ceil(sqrt(rho) / (2 * eta)), 3)
      let commitJohnson =
        pow(2, 7 * log2(m + 0.5) + 2 * logLDE - log2(3) - 1.5 * log2(rho) - groundFieldBits)
      let queryJohnson = pow(2, -(Double(fri.queries) * -log2(sqrt(rho) + eta) + grind))
      // Batching and DEEP in the list-decoding regime scale with the list size, ≤ 1/(2η√ρ).
      let list = 1 / (2 * eta * sqrt(rho))
      let total =
        constraintBatching + logUp + list * deep + commitJohnson * 2 + queryJohnson
      johnson = max(johnson, -log2(total))
    }

    let conjectured = min(
      Double(fri.queries * fri.logBlowup) + grind, groundFieldBits - logLDE - 1)
    let terms: [String: Double] = [
      "constraint_batching": -log2(constraintBatching), "logup": -log2(logUp),
      "deep": -log2(deep), "fri_batching": -log2(friBatching),
      "fri_commit": -log2(friCommitUDR), "fri_queries": -log2(queriesUDR),
    ]
    return SoundnessReport(
      challengeFieldBits: fieldBits, uniqueDecodingBits: udr, johnsonBits: johnson,
      conjecturedBits: conjectured, terms: terms)
  }
}
