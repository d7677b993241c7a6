import Testing
import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// Two proofs (later: shards) whose bus balances only together: one proves the 16-bit
/// values that send their bytes, the other the byte table that receives them. The bus
/// challenges are drawn from both main commitments, and each proof's bus sum is carried
/// out of it for the caller to add up.
@Suite("STARK engine: a bus balanced across proofs")
struct SharedBusTests {
  static let range = RangeCheckedAIR()
  static let bytes = ByteTableAIR()
  static let keyA = VerifyingKey(airs: [range], parameters: testParameters)
  static let keyB = VerifyingKey(airs: [bytes], parameters: testParameters)

  static func proofs(extraReceive: Bool = false, challengesFromARootOnly: Bool = false) throws -> (
    StarkProof, StarkProof, KoalaBear
  ) {
    let (t, sent) = range.trace([7, 300, 65535, 4660], height: 8)
    var counts = bytes.trace(counting: sent)
    if extraReceive { counts[9, 0] += .one }
    let mainA = try StarkProver.commitMain(key: keyA, traces: [t])
    let mainB = try StarkProver.commitMain(key: keyB, traces: [counts])
    let roots = challengesFromARootOnly ? [mainA.root] : [mainA.root, mainB.root]
    let shared = BusChallenges.derive(fromMainCommitments: roots, grindingBits: grindingBits)
    let a = try StarkProver.prove(main: mainA, publicValues: [[]], busChallenges: shared)
    let b = try StarkProver.prove(main: mainB, publicValues: [[]], busChallenges: shared)
    return (a, b, shared.powWitness)
  }

  static let grindingBits = testParameters.fri.challengeGrindingBits

  /// The verifier's side: re-derives the shared challenges (checking their proof-of-work)
  /// and returns each proof's carried sum.
  static func carriedSums(_ a: StarkProof, _ b: StarkProof, _ witness: KoalaBear) throws -> (
    KoalaBearExt4, KoalaBearExt4
  ) {
    guard
      let shared = BusChallenges.rederive(
        fromMainCommitments: [a.mainCommitment, b.mainCommitment], grindingBits: grindingBits,
        witness: witness)
    else { throw VerificationError.invalidProofOfWork }
    return (
      try StarkVerifier.verifyShard(a, key: keyA, busChallenges: shared),
      try StarkVerifier.verifyShard(b, key: keyB, busChallenges: shared)
    )
  }

  @Test func theCarriedSumsCancelAcrossTheTwoProofs() throws {
    let (a, b, w) = try Self.proofs()
    let (sa, sb) = try Self.carriedSums(a, b, w)
    #expect(sa != .zero)
    #expect(sa + sb == .zero)
    // Neither is a standalone proof (its challenges are not its own transcript's).
    #expect(throws: VerificationError.self) { try StarkVerifier.verify(a, key: Self.keyA) }
  }

  @Test func anUnbalancedPairIsCaughtByTheSum() throws {
    let (a, b, w) = try Self.proofs(extraReceive: true)
    let (sa, sb) = try Self.carriedSums(a, b, w)
    #expect(sa + sb != .zero)
  }

  @Test func challengesNotDrawnFromEveryCommitmentAreRejected() throws {
    let (a, b, w) = try Self.proofs(challengesFromARootOnly: true)
    // Either the proof-of-work or the proofs fail against the challenges of both roots.
    #expect(throws: VerificationError.self) { _ = try Self.carriedSums(a, b, w) }
  }

  @Test func theSharedChallengesNeedTheirProofOfWork() throws {
    let (a, b, w) = try Self.proofs()
    let roots = [a.mainCommitment, b.mainCommitment]
    #expect(
      BusChallenges.rederive(
        fromMainCommitments: roots, grindingBits: Self.grindingBits, witness: w)
        != nil)
    // Some other witness fails the check (a witness passes with probability 2^-bits).
    let failing = (1...64).map { w + KoalaBear(UInt32($0)) }.filter {
      BusChallenges.rederive(
        fromMainCommitments: roots, grindingBits: Self.grindingBits, witness: $0)
        == nil
    }
    #expect(!failing.isEmpty)
  }
}
