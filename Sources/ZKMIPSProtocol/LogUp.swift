import ZKMIPSAIR
import ZKMIPSChallenger
import ZKMIPSField
import ZKMIPSHash

/// The LogUp bus argument, shared by prover and verifier.
///
/// For a table with k interactions the permutation trace has k + 1 extension columns: one
/// helper hⱼ = sⱼ·mⱼ/(β − cⱼ) per interaction (sⱼ = +1 to send, −1 to receive; cⱼ the
/// compressed tuple) and the running sum acc. Constraints, all of degree ≤ 2:
/// - hⱼ·(β − cⱼ) − sⱼ·mⱼ = 0 on every row (hⱼ is the fraction, and β ≠ cⱼ is forced: a row
///   with β = cⱼ would need mⱼ = 0, which only hides a message of multiplicity 0);
/// - first row: acc = Σⱼ hⱼ; transition: acc' = acc + Σⱼ hⱼ'; last row: acc = S,
///   the table's cumulative sum, which is in the transcript before α.
/// The verifier checks that the sums of all tables add up to zero: then, except with the
/// probability in ``SoundnessCalculator``, every bus balances.
///
/// A tuple (v₁, ..., v_w) on bus b is compressed as c = b + Σ_l γ_l·v_l with independent
/// γ_l, so messages on different buses never collide.
public enum LogUp {
  /// Base columns of the permutation trace for `interactions` interactions (0 for none).
  public static func permutationWidth(interactions: Int) -> Int {
    interactions == 0 ? 0 : 4 * (interactions + 1)
  }

  /// Number of constraints the argument adds for `interactions` interactions.
  public static func constraintCount(interactions: Int) -> Int {
    interactions == 0 ? 0 : interactions + 3
  }

  /// Longest tuple a bus may carry: one independent γ is drawn per position.
  public static let maxTupleLength = 32

  /// c = bus + Σ_l γ_l·v_l, with independent challenges γ_l.
  ///
  /// Each compressed tuple is a polynomial of degree 1 in (β, γ_1, …), so clearing the
  /// denominators of Σ m/(β − c) over M messages gives degree < M: the LogUp error is
  /// M/|F| (with powers of one γ it would be M·w/|F| for tuples of length w).
  @inlinable
  public static func compress(bus: Int, values: [KoalaBearExt4], gammas: [KoalaBearExt4])
    -> KoalaBearExt4
  {
    var acc = KoalaBearExt4(KoalaBear(UInt32(bus)))
    for (v, g) in zip(values, gammas) { acc += g * v }
    return acc
  }

  /// The element Σ_k v_k·X^k of the extension from its 4 base-column values (each itself
  /// an extension element when opened at an extension point).
  @inlinable
  public static func recompose(_ v: ArraySlice<KoalaBearExt4>) -> KoalaBearExt4 {
    let i = v.startIndex
    return v[i] + v[i + 1] * KoalaBearExt4.basis1 + v[i + 2] * KoalaBearExt4.basis2 + v[i + 3]
      * KoalaBearExt4.basis3
  }

  /// Evaluates the LogUp constraints of one row and hands each to `fold`, in a fixed order.
  ///
  /// - Parameters:
  ///   - tuples, multiplicities: per interaction, the evaluated tuple and multiplicity.
  ///   - helpers, helpersNext: hⱼ on this row and the next; acc, accNext likewise.
  public static func evaluateConstraints(
    interactions: [Interaction], tuples: [[KoalaBearExt4]], multiplicities: [KoalaBearExt4],
    helpers: [KoalaBearExt4], helpersNext: [KoalaBearExt4], acc: KoalaBearExt4,
    accNext: KoalaBearExt4,
    isFirstRow: KoalaBearExt4, isLastRow: KoalaBearExt4, isTransition: KoalaBearExt4,
    beta: KoalaBearExt4, gammas: [KoalaBearExt4], cumulativeSum: KoalaBearExt4,
    fold: (KoalaBearExt4) -> Void
  ) {
    var sum = KoalaBearExt4.zero
    var sumNext = KoalaBearExt4.zero
    for (j, interaction) in interactions.enumerated() {
      let c = compress(bus: interaction.bus, values: tuples[j], gammas: gammas)
      let signed = interaction.direction == .send ? multiplicities[j] : -multiplicities[j]
      fold(helpers[j] * (beta - c) - signed)
      sum += helpers[j]
      sumNext += helpersNext[j]
    }
    fold(isFirstRow * (acc - sum))
    fold(isTransition * (accNext - acc - sumNext))
    fold(isLastRow * (acc - cumulativeSum))
  }
}

/// A bus message supplied by the statement rather than by a table: e.g. a byte of public
/// input or output, which the verifier knows and adds to the bus itself.
public struct BusMessage: Sendable, Equatable {
  public var bus: Int
  public var values: [KoalaBear]
  /// The multiplicity with which the *verifier* sends it (−1 to receive one copy).
  public var multiplicity: KoalaBear

  public init(bus: Int, values: [KoalaBear], multiplicity: KoalaBear) {
    self.bus = bus
    self.values = values
    self.multiplicity = multiplicity
  }
}

extension LogUp {
  /// Σ m/(β − c) over the statement's messages: what they add to the bus balance.
  ///
  /// A message whose compressed tuple equals β (probability ≤ count/|F|) would make the sum
  /// undefined; it is reported as `nil`, which the verifier treats as an imbalance.
  public static func contribution(
    of messages: [BusMessage], beta: KoalaBearExt4, gammas: [KoalaBearExt4]
  )
    -> KoalaBearExt4?
  {
    let denominators: [KoalaBearExt4] = messages.map { m in
      beta - compress(bus: m.bus, values: m.values.map { KoalaBearExt4($0) }, gammas: gammas)
    }
    if denominators.contains(KoalaBearExt4.zero) { return nil }
    let inverses = KoalaBearExt4.batchInverse(denominators)
    var sum = KoalaBearExt4.zero
    for (m, inverse) in zip(messages, inverses) { sum += inverse * m.multiplicity }
    return sum
  }
}

/// LogUp challenges shared by several proofs (shards), so that their bus sums can be added
/// up and checked together.
///
/// Soundness: they are drawn from a transcript that has absorbed the main-trace commitment
/// of *every* proof that shares the bus, so no prover can choose a trace after seeing them.
/// Each proof also absorbs them into its own transcript. Like every algebraic challenge
/// they are drawn after a proof-of-work (``FRIParameters/challengeGrindingBits``), whose
/// witness travels with them.
public struct BusChallenges: Sendable, Equatable {
  public var beta: KoalaBearExt4
  public var gammas: [KoalaBearExt4]
  /// The proof-of-work witness ground on the shared transcript before β and γ.
  public var powWitness: KoalaBear

  /// Prover side: grinds `grindingBits` bits on the transcript of the main commitments of
  /// all the proofs (in order), then draws the challenges.
  public static func derive(fromMainCommitments roots: [Digest], grindingBits: Int)
    -> BusChallenges
  {
    var c = sharedTranscript(roots)
    let witness = c.grind(bits: grindingBits)
    return draw(from: &c, witness: witness)
  }

  /// Verifier side: the challenges `derive` drew, if `witness` is a valid proof-of-work
  /// for these commitments; `nil` otherwise.
  public static func rederive(
    fromMainCommitments roots: [Digest], grindingBits: Int, witness: KoalaBear
  ) -> BusChallenges? {
    var c = sharedTranscript(roots)
    guard c.checkWitness(bits: grindingBits, witness: witness) else { return nil }
    return draw(from: &c, witness: witness)
  }

  static func sharedTranscript(_ roots: [Digest]) -> FiatShamirChallenger {
    var c = FiatShamirChallenger(label: StarkParameters.transcriptLabel + " shared bus")
    c.observe(KoalaBear(StarkParameters.protocolVersion))
    c.observe(KoalaBear(UInt32(truncatingIfNeeded: roots.count)))
    for r in roots { c.observe(r) }
    return c
  }

  static func draw(from c: inout FiatShamirChallenger, witness: KoalaBear) -> BusChallenges {
    let beta = c.sampleExtension()
    return BusChallenges(
      beta: beta, gammas: (0..<LogUp.maxTupleLength).map { _ in c.sampleExtension() },
      powWitness: witness)
  }

  /// The (β, γ_1…γ_32) of one proof: `shared`, absorbed into its transcript, or drawn from
  /// it (the caller has ground or checked the proof-of-work just before).
  public static func draw(_ shared: BusChallenges?, from challenger: inout FiatShamirChallenger)
    -> (KoalaBearExt4, [KoalaBearExt4])
  {
    guard let shared else {
      let beta = challenger.sampleExtension()
      return (beta, (0..<LogUp.maxTupleLength).map { _ in challenger.sampleExtension() })
    }
    challenger.observe(shared.beta)
    for g in shared.gammas { challenger.observe(g) }
    return (shared.beta, shared.gammas)
  }
}

extension KoalaBearExt4 {
  /// X, X², X³: the basis elements of the extension above 1.
  public static let basis1 = KoalaBearExt4(.zero, .one, .zero, .zero)
  public static let basis2 = KoalaBearExt4(.zero, .zero, .one, .zero)
  public static let basis3 = KoalaBearExt4(.zero, .zero, .zero, .one)
}
