import Foundation
import Testing
import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSHash
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// SECURITY.md items 18–24 at the engine level.
@Suite("STARK engine: adversarial proofs are rejected")
struct AdversarialTests {
  /// A proof over two tables with a bus (both commitments, sums and public values present).
  static func rangeProof(_ params: StarkParameters = testParameters) throws -> (
    StarkProof, VerifyingKey
  ) {
    let range = RangeCheckedAIR(), bytes = ByteTableAIR()
    let key = VerifyingKey(airs: [range, bytes], parameters: params)
    let (t, sent) = range.trace([1, 2, 300, 65535], height: 8)
    return (
      try StarkProver.prove(
        key: key, traces: [t, bytes.trace(counting: sent)], publicValues: [[], []]), key
    )
  }

  static func fibonacciProof(_ params: StarkParameters = testParameters) throws -> (
    StarkProof, VerifyingKey
  ) {
    let air = FibonacciAIR()
    let key = VerifyingKey(airs: [air], parameters: params)
    let (trace, pv) = air.trace(height: 16)
    return (try StarkProver.prove(key: key, traces: [trace], publicValues: [pv]), key)
  }

  static func rejects(_ proof: StarkProof, _ key: VerifyingKey) -> Bool {
    do {
      try StarkVerifier.verify(proof, key: key)
      return false
    } catch { return true }
  }

  static let one = KoalaBearExt4.one

  @Test func honestProofsVerifyAndRoundTripThroughTheCodec() throws {
    for (proof, key) in [try Self.rangeProof(), try Self.fibonacciProof()] {
      try StarkVerifier.verify(proof, key: key)
      let bytes = ProofCodec.encode(proof)
      #expect(try ProofCodec.decode(bytes) == proof)
    }
  }

  // MARK: 19. Every transcript-absorbed item

  @Test func changingAnyAbsorbedItemIsRejected() throws {
    let (proof, key) = try Self.rangeProof()
    let (fib, fibKey) = try Self.fibonacciProof()
    var tampered: [(String, StarkProof, VerifyingKey)] = []
    func add(
      _ name: String, _ base: StarkProof = proof, _ k: VerifyingKey? = nil,
      _ change: (inout StarkProof) -> Void
    ) {
      var p = base
      change(&p)
      tampered.append((name, p, k ?? key))
    }
    add("public value", fib, fibKey) { $0.publicValues[0][0] += .one }
    add("main commitment") {
      $0.mainCommitment = Poseidon2Sponge.compress($0.mainCommitment, $0.mainCommitment)
    }
    add("permutation commitment") { $0.permutationCommitment = $0.quotientCommitment }
    add("quotient commitment") { $0.quotientCommitment = $0.mainCommitment }
    add("height") { $0.logHeights[0] += 1 }
    for t in 0..<2 {
      add("cumulative sum \(t)") { $0.cumulativeSums[t] += Self.one }
    }
    add("balanced shift of both sums") {
      $0.cumulativeSums[0] += Self.one
      $0.cumulativeSums[1] -= Self.one
    }
    for t in 0..<2 {
      let count = proof.openings[t].allValues.count
      for k in 0..<count {
        add("opened value \(t).\(k)") { p in
          var o = p.openings[t]
          var all = o.allValues
          all[k] += Self.one
          var i = 0
          func next(_ n: Int) -> [KoalaBearExt4] { defer { i += n }; return Array(all[i..<i + n]) }
          o = TableOpening(
            preprocessedLocal: next(o.preprocessedLocal.count),
            preprocessedNext: next(o.preprocessedNext.count),
            mainLocal: next(o.mainLocal.count), mainNext: next(o.mainNext.count),
            permutationLocal: next(o.permutationLocal.count),
            permutationNext: next(o.permutationNext.count),
            quotient: next(o.quotient.count))
          p.openings[t] = o
        }
      }
    }
    for l in 0..<proof.fri.layerCommitments.count {
      add("FRI root \(l)") { $0.fri.layerCommitments[l] = $0.mainCommitment }
    }
    for c in 0..<proof.fri.finalPolynomial.count {
      add("final polynomial \(c)") { $0.fri.finalPolynomial[c] += Self.one }
    }
    add("grinding nonce") { $0.fri.powWitness += .one }
    for k in 0..<proof.challengeWitnesses.count {
      add("challenge grinding nonce \(k)") { $0.challengeWitnesses[k] += .one }
    }
    add("a missing challenge grinding nonce") { $0.challengeWitnesses.removeLast() }
    for (name, p, k) in tampered {
      #expect(Self.rejects(p, k), "tampered \(name) was accepted")
    }
  }

  // MARK: 21. FRI tampering

  @Test func friTamperingIsRejected() throws {
    let (proof, key) = try Self.fibonacciProof()
    var fewer = proof
    fewer.fri.queries.removeLast()
    #expect(Self.rejects(fewer, key), "wrong query count")
    var swapped = proof
    swapped.fri.queries.swapAt(0, 1)
    #expect(Self.rejects(swapped, key), "openings for another query index")
    var sibling = proof
    var opening = sibling.fri.queries[0].layers[0]
    opening.proof[0] = Poseidon2Sponge.compress(opening.proof[0], opening.proof[0])
    sibling.fri.queries[0].layers[0] = opening
    #expect(Self.rejects(sibling, key), "Merkle sibling flipped")
    var batchSibling = proof
    var b = batchSibling.fri.queries[3].batches[0]
    b.proof[1] = Poseidon2Sponge.compress(b.proof[1], b.proof[1])
    batchSibling.fri.queries[3].batches[0] = b
    #expect(Self.rejects(batchSibling, key), "input Merkle sibling flipped")
    var longer = proof
    longer.fri.finalPolynomial.append(.zero)
    #expect(Self.rejects(longer, key), "final polynomial too long")
    var fold = proof
    fold.fri.queries[2].layers[1].openedRows[0][0] += .one
    #expect(Self.rejects(fold, key), "a fold value off by one")
    var row = proof
    row.fri.queries[1].batches[0].openedRows[0][0] += .one
    #expect(Self.rejects(row, key), "an opened trace value off by one")
  }

  // MARK: 22. Parameter downgrade

  @Test func proofsMadeWithWeakerParametersAreRejected() throws {
    let strong = testParameters
    var downgrades: [StarkParameters] = []
    var p = strong
    p.fri.queries -= 1
    downgrades.append(p)
    p = strong
    p.fri.logBlowup -= 1
    downgrades.append(p)
    p = strong
    p.fri.queryGrindingBits -= 1
    downgrades.append(p)
    p = strong
    p.fri.challengeGrindingBits -= 1
    downgrades.append(p)
    p = strong
    p.fri.logFinalPolynomialLength += 1
    downgrades.append(p)
    let strongKey = VerifyingKey(airs: [FibonacciAIR()], parameters: strong)
    for weak in downgrades {
      let (proof, _) = try Self.fibonacciProof(weak)
      #expect(Self.rejects(proof, strongKey), "downgrade \(weak.fri) accepted")
    }
  }

  @Test func defaultParametersEnforceTheSecurityFloor() throws {
    // The floor is checked against the proof's real shape: without the default's grinding
    // before challenges, a 2^22-row table falls below 100 provable bits and is refused
    // before any other work; with it, the same shape clears the floor.
    var ungrounded = StarkParameters.standard
    ungrounded.fri.challengeGrindingBits = 0
    let key = VerifyingKey(airs: [FibonacciAIR()], parameters: ungrounded)
    let shape = key.shape(logHeights: [22])
    let bits = SoundnessCalculator.report(parameters: ungrounded.fri, shape: shape).provableBits
    #expect(bits < 100)
    #expect(
      SoundnessCalculator.report(parameters: StarkParameters.standard.fri, shape: shape)
        .provableBits >= 100)
    let (proof, _) = try Self.fibonacciProof()
    var tall = proof
    tall.logHeights = [22]
    #expect(throws: VerificationError.insufficientSecurity(provableBits: bits, required: 100)) {
      try StarkVerifier.verify(tall, key: key)
    }
  }

  // MARK: 23. Decoder fuzzing

  @Test func decoderRejectsTruncationAtEveryOffsetAndTrailingBytes() throws {
    let (proof, _) = try Self.fibonacciProof()
    let bytes = ProofCodec.encode(proof)
    for n in 0..<bytes.count {
      #expect(throws: ProofDecodingError.self) { try ProofCodec.decode(Array(bytes[..<n])) }
    }
    #expect(throws: ProofDecodingError.trailingBytes(count: 1)) {
      try ProofCodec.decode(bytes + [0])
    }
  }

  @Test func decoderRejectsHugeLengthsAndNonCanonicalElements() throws {
    let (proof, _) = try Self.fibonacciProof()
    let bytes = ProofCodec.encode(proof)
    var huge = bytes
    // The table count sits right after magic and version.
    huge[8] = 0xff; huge[9] = 0xff; huge[10] = 0xff; huge[11] = 0x7f
    #expect(throws: ProofDecodingError.self) { try ProofCodec.decode(huge) }
    // The first public value: after magic, version, count (1), one height byte, its count.
    var nonCanonical = bytes
    let at = 4 + 4 + 4 + 1 + 4
    for (k, b) in [0x01, 0x00, 0x00, 0x7f].enumerated() { nonCanonical[at + k] = UInt8(b) }  // p itself
    #expect(throws: ProofDecodingError.nonCanonicalElement(offset: at)) {
      try ProofCodec.decode(nonCanonical)
    }
  }

  @Test func randomBytesNeverCrashTheDecoderOrVerifier() throws {
    let (proof, key) = try Self.fibonacciProof()
    let bytes = ProofCodec.encode(proof)
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      let random = (0..<Int.random(in: 0..<2000, using: &rng)).map { _ in
        UInt8.random(in: 0...255, using: &rng)
      }
      if let p = try? ProofCodec.decode(random) { #expect(Self.rejects(p, key)) }
      var mutated = bytes
      for _ in 0..<4 {
        mutated[Int.random(in: 0..<mutated.count, using: &rng)] = UInt8.random(
          in: 0...255, using: &rng)
      }
      if let p = try? ProofCodec.decode(mutated), p != proof { #expect(Self.rejects(p, key)) }
    }
  }

  // MARK: 24. Bit-flip sweep

  @Test func everySingleBitFlipOfASmallProofIsRejected() throws {
    let tiny = StarkParameters(
      fri: FRIParameters(
        logBlowup: 1, queries: 2, queryGrindingBits: 1, logFinalPolynomialLength: 1),
      minimumProvableBits: 0, maxLogHeight: 8)
    let air = FibonacciAIR()
    let key = VerifyingKey(airs: [air], parameters: tiny)
    let (trace, pv) = air.trace(height: 4)
    let proof = try StarkProver.prove(key: key, traces: [trace], publicValues: [pv])
    let bytes = ProofCodec.encode(proof)
    try StarkVerifier.verify(try ProofCodec.decode(bytes), key: key)
    var accepted: [Int] = []
    for bit in 0..<(bytes.count * 8) {
      var flipped = bytes
      flipped[bit / 8] ^= UInt8(1 << (bit % 8))
      guard let p = try? ProofCodec.decode(flipped) else { continue }
      if !Self.rejects(p, key) { accepted.append(bit) }
    }
    #expect(accepted.isEmpty, "accepted flips at bits \(accepted.prefix(10)) of \(bytes.count * 8)")
  }
}

// MARK: 20. Frozen challenges

@Suite("STARK engine: frozen-challenge test")
struct FrozenChallengeTests {
  @Test func knowingZetaInAdvanceForgesTheAlgebraButFiatShamirStopsIt() throws {
    let air = FibonacciAIR()
    let key = VerifyingKey(airs: [air], parameters: testParameters)
    var (trace, pv) = air.trace(height: 32)
    trace[9, 0] += .one  // breaks the transitions at rows 8 and 9: a false statement
    pv[2] = trace[31, 1]
    #expect(!ConstraintChecker.violations(of: air, trace: trace, publicValues: pv).isEmpty)
    let zeta = KoalaBearExt4(KoalaBear(12345), KoalaBear(678), KoalaBear(9), KoalaBear(1011))
    let forged = try StarkProver.prove(
      key: key, traces: [trace], publicValues: [pv], progress: nil, frozenZeta: zeta)
    // With ζ frozen, the forged quotient passes every check: the algebra alone is not enough.
    try StarkVerifier.verify(forged, key: key, publicMessages: [], frozenZeta: zeta)
    // With ζ drawn from the transcript, the same proof is rejected at the constraint check.
    #expect(throws: VerificationError.constraintsNotSatisfied(table: "fibonacci")) {
      try StarkVerifier.verify(forged, key: key)
    }
  }
}

// MARK: 18. Sums that could overflow p

/// A table that sends 600 messages per row (a stress shape, never proven).
struct ManyMessagesAIR: AIR {
  var name: String { "many" }
  var width: Int { 1 }
  var interactions: [Interaction] {
    (0..<600).map { _ in
      Interaction(bus: 0, direction: .send, values: [.main(0)], multiplicity: .main(0))
    }
  }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {}
}

@Suite("STARK engine: overflow bounds")
struct OverflowTests {
  @Test func heightsWhoseBusSumsCouldWrapAreRejectedBeforeAnyAlgebra() throws {
    let (proof, _) = try AdversarialTests.fibonacciProof()
    var params = testParameters
    params.maxLogHeight = 22
    let key = VerifyingKey(airs: [ManyMessagesAIR()], parameters: params)
    var huge = proof
    huge.logHeights = [22]  // 600 · 2^22 > p
    #expect(throws: VerificationError.busOverflow(messages: 600 << 22)) {
      try StarkVerifier.verify(huge, key: key)
    }
  }

  @Test func heightsAboveTheVerifiersBoundAreRejected() throws {
    let (proof, key) = try AdversarialTests.fibonacciProof()
    var tall = proof
    tall.logHeights = [testParameters.maxLogHeight + 1]
    #expect(
      throws: VerificationError.heightOutOfRange(
        table: 0, logHeight: testParameters.maxLogHeight + 1)
    ) {
      try StarkVerifier.verify(tall, key: key)
    }
  }
}
