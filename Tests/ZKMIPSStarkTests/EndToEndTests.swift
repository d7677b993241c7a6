import Testing
import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// Small, fast parameters for tests (the default's floor is checked separately).
let testParameters = StarkParameters(
  fri: FRIParameters(
    logBlowup: 2, queries: 20, queryGrindingBits: 2, logFinalPolynomialLength: 2,
    challengeGrindingBits: 3),
  minimumProvableBits: 0, maxLogHeight: 16)

@Suite("STARK engine: honest proofs verify")
struct EndToEndTests {
  @Test func fibonacciProofVerifies() throws {
    let air = FibonacciAIR(pairs: 2)
    let key = VerifyingKey(airs: [air], parameters: testParameters)
    let (trace, pv) = air.trace(height: 64)
    let proof = try StarkProver.prove(key: key, traces: [trace], publicValues: [pv])
    try StarkVerifier.verify(proof, key: key)
  }

  @Test func wrongPublicOutputIsRejected() throws {
    let air = FibonacciAIR()
    let key = VerifyingKey(airs: [air], parameters: testParameters)
    let (trace, pv) = air.trace(height: 32)
    var proof = try StarkProver.prove(key: key, traces: [trace], publicValues: [pv])
    proof.publicValues[0][2] += .one
    #expect(throws: VerificationError.self) { try StarkVerifier.verify(proof, key: key) }
  }

  @Test func rangeCheckOverTheByteBusVerifies() throws {
    let range = RangeCheckedAIR(), bytes = ByteTableAIR()
    let key = VerifyingKey(airs: [range, bytes], parameters: testParameters)
    let (t, sent) = range.trace([1, 2, 300, 65535, 4660], height: 16)
    let proof = try StarkProver.prove(
      key: key, traces: [t, bytes.trace(counting: sent)], publicValues: [[], []])
    try StarkVerifier.verify(proof, key: key)
  }

  @Test func unbalancedBusIsRejected() throws {
    let range = RangeCheckedAIR(), bytes = ByteTableAIR()
    let key = VerifyingKey(airs: [range, bytes], parameters: testParameters)
    let (t, sent) = range.trace([1, 2, 300], height: 16)
    // The byte table claims one extra receive of byte 7: the bus no longer balances.
    var counts = bytes.trace(counting: sent)
    counts[7, 0] += .one
    let proof = try StarkProver.prove(key: key, traces: [t, counts], publicValues: [[], []])
    #expect(throws: VerificationError.busImbalance) { try StarkVerifier.verify(proof, key: key) }
  }

  @Test func traceViolatingAConstraintIsRejected() throws {
    let air = FibonacciAIR()
    let key = VerifyingKey(airs: [air], parameters: testParameters)
    var (trace, pv) = air.trace(height: 32)
    trace[10, 1] += .one
    #expect(!ConstraintChecker.violations(of: air, trace: trace, publicValues: pv).isEmpty)
    pv[2] = trace[31, 1]
    let proof = try StarkProver.prove(key: key, traces: [trace], publicValues: [pv])
    #expect(throws: VerificationError.self) { try StarkVerifier.verify(proof, key: key) }
  }
}
