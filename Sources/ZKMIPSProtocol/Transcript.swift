import ZKMIPSAIR
import ZKMIPSChallenger
import ZKMIPSField
import ZKMIPSHash

/// The Fiat–Shamir schedule, shared by prover and verifier so they cannot drift apart.
///
/// Everything the verifier relies on enters the transcript before the challenge that
/// depends on it: label and version, parameters, the tables' names and shapes, the
/// preprocessed commitment, trace heights, public values and the statement's bus messages
/// (before any challenge); the
/// main commitment (before β, γ); the permutation commitment and every cumulative sum
/// (before α); the quotient commitment (before ζ); every opened value (before the DEEP
/// coefficients); each FRI layer commitment (before its folding challenge); the final
/// polynomial and the grinding witness (before the query indices). Every algebraic
/// challenge (β and γ, α, ζ, the DEEP coefficients, each folding challenge) is drawn right
/// after a proof-of-work witness of ``FRIParameters/challengeGrindingBits`` bits
/// (``StarkProof/challengeWitnesses``, in that order).
public enum Transcript {
  /// A challenger that has absorbed the statement's header.
  public static func start(
    key: VerifyingKey, logHeights: [Int], publicValues: [[KoalaBear]],
    publicMessages: [BusMessage] = []
  ) -> FiatShamirChallenger {
    var c = FiatShamirChallenger(label: StarkParameters.transcriptLabel)
    c.observe(KoalaBear(StarkParameters.protocolVersion))
    let p = key.parameters
    for v in [
      p.fri.logBlowup, p.fri.queries, p.fri.queryGrindingBits, p.fri.logFinalPolynomialLength,
      p.fri.challengeGrindingBits, p.maxLogHeight,
    ] {
      c.observe(KoalaBear(UInt32(v)))
    }
    c.observe(KoalaBear(UInt32(key.airs.count)))
    for air in key.airs {
      let name = Array(air.name.utf8)
      c.observe(KoalaBear(UInt32(name.count)))
      c.observe(name.map { KoalaBear(UInt32($0)) })
      for v in [air.width, air.preprocessedWidth, air.publicValueCount, air.interactions.count] {
        c.observe(KoalaBear(UInt32(v)))
      }
    }
    c.observe(key.preprocessedCommitment ?? Digest.zero)
    for h in logHeights { c.observe(KoalaBear(UInt32(h))) }
    for values in publicValues {
      c.observe(KoalaBear(UInt32(values.count)))
      c.observe(values)
    }
    c.observe(KoalaBear(UInt32(truncatingIfNeeded: publicMessages.count)))
    for m in publicMessages {
      c.observe(KoalaBear(UInt32(truncatingIfNeeded: m.bus)))
      c.observe(m.multiplicity)
      c.observe(KoalaBear(UInt32(truncatingIfNeeded: m.values.count)))
      c.observe(m.values)
    }
    return c
  }
}

/// Which columns are opened at which points, in the order the DEEP coefficients are drawn
/// and the reduced openings are summed.
public struct OpeningLayout: Sendable {
  /// Per table: widths of the preprocessed, main, permutation and quotient matrices.
  public var preprocessedWidth: Int
  public var mainWidth: Int
  public var permutationWidth: Int
  public var quotientWidth: Int

  /// Number of (column, point) pairs: each of the first three matrices at ζ and ζω, the
  /// quotient at ζ.
  public var openingCount: Int {
    2 * (preprocessedWidth + mainWidth + permutationWidth) + quotientWidth
  }

  public init(key: VerifyingKey, table: Int) {
    let air = key.airs[table]
    preprocessedWidth = air.preprocessedWidth
    mainWidth = air.width
    permutationWidth = LogUp.permutationWidth(interactions: air.interactions.count)
    quotientWidth = 4 << StarkParameters.logQuotientChunks
  }
}
