import ZKMIPSAIR
import ZKMIPSChallenger
import ZKMIPSField
import ZKMIPSHash
import ZKMIPSProtocol

/// Checks multi-table STARK proofs. It depends on the shared protocol, never on the prover.
public enum StarkVerifier {
  /// Verifies `proof` against `key`.
  ///
  /// - Parameter publicMessages: bus messages the statement supplies (e.g. public input and
  ///   output bytes); the tables' sums must cancel them. They enter the transcript.
  /// - Throws: ``VerificationError`` naming the first failed check.
  public static func verify(
    _ proof: StarkProof, key: VerifyingKey, publicMessages: [BusMessage] = []
  ) throws(VerificationError) {
    try verify(proof, key: key, publicMessages: publicMessages, frozenZeta: nil)
  }

  /// Verifies one proof of several that share a bus (shards), with the shared challenges
  /// re-drawn by ``ZKMIPSProtocol/BusChallenges/rederive(fromMainCommitments:grindingBits:witness:)``
  /// from every proof's main commitment, and returns its bus sum (its tables' LogUp sums plus
  /// `publicMessages`) instead of requiring it to be zero.
  ///
  /// The caller must check that the returned sums of all the proofs add up to zero; only
  /// then do the shared buses balance.
  public static func verifyShard(
    _ proof: StarkProof, key: VerifyingKey, publicMessages: [BusMessage] = [],
    busChallenges: BusChallenges
  ) throws(VerificationError) -> KoalaBearExt4 {
    try check(
      proof, key: key, publicMessages: publicMessages, busChallenges: busChallenges, frozenZeta: nil
    )
  }

  /// Test hook (package-internal): verifies with the out-of-domain point pinned instead of
  /// drawn by Fiat–Shamir, to show that the transcript is what defeats a prover who knows
  /// ζ in advance (SECURITY.md item 20). Never reachable from the public API.
  package static func verify(
    _ proof: StarkProof, key: VerifyingKey, publicMessages: [BusMessage], frozenZeta: KoalaBearExt4?
  ) throws(VerificationError) {
    let total = try check(
      proof, key: key, publicMessages: publicMessages, busChallenges: nil, frozenZeta: frozenZeta)
    guard total == .zero else { throw .busImbalance }
  }

  /// Every check but the final bus balance, whose sum it returns.
  static func check(
    _ proof: StarkProof, key: VerifyingKey, publicMessages: [BusMessage],
    busChallenges: BusChallenges?,
    frozenZeta: KoalaBearExt4?
  ) throws(VerificationError) -> KoalaBearExt4 {
    let params = key.parameters
    let fri = params.fri
    let tableCount = key.airs.count
    try checkShape(proof, key: key)
    let logHeights = proof.logHeights

    // MARK: Transcript up to ζ
    var challenger = Transcript.start(
      key: key, logHeights: logHeights, publicValues: proof.publicValues,
      publicMessages: publicMessages)
    challenger.observe(proof.mainCommitment)
    let hasBus = key.airs.contains { !$0.interactions.isEmpty }
    // One proof-of-work witness before every algebraic challenge the proof draws itself.
    let ownBus = hasBus && busChallenges == nil
    guard proof.challengeWitnesses.count == (ownBus ? 1 : 0) + 3 + proof.fri.layerCommitments.count
    else { throw .malformedProof("challenge proof-of-work count") }
    var nextWitness = proof.challengeWitnesses.makeIterator()
    func checkWorkForChallenge() throws(VerificationError) {
      guard let w = nextWitness.next(),
        challenger.checkWitness(bits: fri.challengeGrindingBits, witness: w)
      else { throw .invalidProofOfWork }
    }
    var beta = KoalaBearExt4.zero, gammas: [KoalaBearExt4] = []
    if hasBus {
      if ownBus { try checkWorkForChallenge() }
      (beta, gammas) = BusChallenges.draw(busChallenges, from: &challenger)
      challenger.observe(proof.permutationCommitment!)
    }
    for s in proof.cumulativeSums { challenger.observe(s) }
    try checkWorkForChallenge()
    let alpha = challenger.sampleExtension()
    challenger.observe(proof.quotientCommitment)
    try checkWorkForChallenge()
    let sampledZeta = challenger.sampleExtension()
    let zeta = frozenZeta ?? sampledZeta
    // A ζ in the base field could meet an LDE point (x − ζ = 0); that has probability
    // ≈ 2^−93 per transcript, and is refused rather than divided by.
    guard zeta.c1 != .zero || zeta.c2 != .zero || zeta.c3 != .zero else {
      throw .degenerateChallenge
    }

    // MARK: Constraints at ζ, table by table
    for t in 0..<tableCount {
      let air = key.airs[t]
      let o = proof.openings[t]
      let logN = logHeights[t]
      let zH = Domain.vanishing(zeta, logHeight: logN)
      guard zH != .zero, zeta - KoalaBearExt4.one != .zero else { throw .degenerateChallenge }
      var b = PointEvaluationBuilder(
        opening: o, publicValues: proof.publicValues[t], zeta: zeta, logHeight: logN, alpha: alpha)
      air.evaluate(&b)
      var acc = b.accumulator
      if !air.interactions.isEmpty {
        let k = air.interactions.count
        let h = (0..<k).map { LogUp.recompose(o.permutationLocal[(4 * $0)..<(4 * $0 + 4)]) }
        let hNext = (0..<k).map { LogUp.recompose(o.permutationNext[(4 * $0)..<(4 * $0 + 4)]) }
        let sum = LogUp.recompose(o.permutationLocal[(4 * k)..<(4 * k + 4)])
        let sumNext = LogUp.recompose(o.permutationNext[(4 * k)..<(4 * k + 4)])
        let valueBuilder = b
        let tuples = air.interactions.map { i in i.values.map { $0.evaluate(valueBuilder) } }
        let multiplicities = air.interactions.map { $0.multiplicity.evaluate(valueBuilder) }
        LogUp.evaluateConstraints(
          interactions: air.interactions, tuples: tuples, multiplicities: multiplicities,
          helpers: h,
          helpersNext: hNext, acc: sum, accNext: sumNext, isFirstRow: b.isFirstRow,
          isLastRow: b.isLastRow,
          isTransition: b.isTransition, beta: beta, gammas: gammas,
          cumulativeSum: proof.cumulativeSums[t]
        ) { acc = acc * alpha + $0 }
      }
      // Q(ζ) = Σ_j ζ^(j·n) Q_j(ζ), each chunk recomposed from its 4 base columns.
      var quotient = KoalaBearExt4.zero
      var zetaPower = KoalaBearExt4.one
      let zetaN = zH + KoalaBearExt4.one
      for j in 0..<(1 << StarkParameters.logQuotientChunks) {
        quotient += zetaPower * LogUp.recompose(o.quotient[(4 * j)..<(4 * j + 4)])
        zetaPower *= zetaN
      }
      guard acc == zH * quotient else { throw .constraintsNotSatisfied(table: air.name) }
    }
    guard hasBus || publicMessages.isEmpty,
      var busTotal = LogUp.contribution(of: publicMessages, beta: beta, gammas: gammas)
    else { throw .busImbalance }
    for s in proof.cumulativeSums { busTotal += s }

    // MARK: DEEP coefficients and FRI challenges
    for o in proof.openings { for v in o.allValues { challenger.observe(v) } }
    try checkWorkForChallenge()
    let combinations = proof.openings.enumerated().map { t, o in
      let lambdas = (0..<o.allValues.count).map { _ in challenger.sampleExtension() }
      return DEEPCombination(
        opening: o, lambdas: lambdas[...], zeta: zeta,
        omega: KoalaBear.twoAdicGenerator(logOrder: logHeights[t]))
    }
    var betas: [KoalaBearExt4] = []
    for c in proof.fri.layerCommitments {
      challenger.observe(c)
      try checkWorkForChallenge()
      betas.append(challenger.sampleExtension())
    }
    for c in proof.fri.finalPolynomial { challenger.observe(c) }
    guard challenger.checkWitness(bits: fri.queryGrindingBits, witness: proof.fri.powWitness) else {
      throw .invalidProofOfWork
    }
    let logMax = logHeights.max()! + fri.logBlowup
    let layout = key.batchLayout(logHeights: logHeights)
    let roots = batchRoots(proof, key: key)

    // MARK: Queries
    for (qi, query) in proof.fri.queries.enumerated() {
      let index = sampleIndex(&challenger, bits: logMax)
      // Rows of every table at its position, gathered from the batch openings.
      var rows = [[KoalaBear]](repeating: [], count: tableCount)
      for (bi, batch) in layout.enumerated() {
        let batchLog = batch.dimensions.map { $0.height.trailingZeroBitCount }.max()!
        do {
          try MerkleTree.verify(
            root: roots[bi], dimensions: batch.dimensions, index: index >> (logMax - batchLog),
            opening: query.batches[bi])
        } catch {
          throw .invalidOpening(query: qi, what: "committed batch \(bi)")
        }
        for (k, t) in batch.tables.enumerated() { rows[t] += query.batches[bi].openedRows[k] }
      }
      // Reduced openings R_t at each table's point.
      var reduced = [KoalaBearExt4](repeating: .zero, count: tableCount)
      for t in 0..<tableCount {
        let logN = logHeights[t] + fri.logBlowup
        let x = KoalaBearExt4(Domain.point(position: index >> (logMax - logN), logSize: logN))
        let c = combinations[t]
        let inv = KoalaBearExt4.batchInverse([x - c.zeta, x - c.zetaNext])
        reduced[t] = c.evaluate(row: rows[t], inverseLocal: inv[0], inverseNext: inv[1])
      }
      // Fold.
      var value = KoalaBearExt4.zero
      for t in 0..<tableCount where logHeights[t] + fri.logBlowup == logMax { value += reduced[t] }
      for (layer, commitment) in proof.fri.layerCommitments.enumerated() {
        let logSize = logMax - layer
        let position = index >> layer
        let opening = query.layers[layer]
        do {
          try MerkleTree.verify(
            root: commitment, dimensions: [MatrixDimensions(width: 8, height: 1 << (logSize - 1))],
            index: position >> 1, opening: opening)
        } catch {
          throw .invalidOpening(query: qi, what: "FRI layer \(layer)")
        }
        let row = opening.openedRows[0]
        let a = KoalaBearExt4(row[0], row[1], row[2], row[3])
        let b = KoalaBearExt4(row[4], row[5], row[6], row[7])
        guard value == (position & 1 == 0 ? a : b) else {
          throw .friFoldMismatch(query: qi, layer: layer)
        }
        let y = Domain.subgroupPoint(position: position & ~1, logSize: logSize)
        value = Domain.fold(a, b, beta: betas[layer], inverseOfTwoX: (y + y).inverse()!)
        let beta2 = betas[layer] * betas[layer]
        for t in 0..<tableCount where logHeights[t] + fri.logBlowup == logSize - 1 {
          value += beta2 * reduced[t]
        }
      }
      let finalLog = logMax - proof.fri.layerCommitments.count
      let y = KoalaBearExt4(
        Domain.subgroupPoint(position: index >> proof.fri.layerCommitments.count, logSize: finalLog)
      )
      var expected = KoalaBearExt4.zero
      for c in proof.fri.finalPolynomial.reversed() { expected = expected * y + c }
      guard value == expected else { throw .finalPolynomialMismatch(query: qi) }
    }
    return busTotal
  }

  /// Query indices are drawn as `bits` uniform bits (the challenger's exact sampler).
  static func sampleIndex(_ c: inout FiatShamirChallenger, bits: Int) -> Int {
    var index = 0, got = 0
    while got < bits {
      let take = min(FiatShamirChallenger.maxSampleBits, bits - got)
      index |= c.sampleBits(take) << got
      got += take
    }
    return index
  }

  static func batchRoots(_ proof: StarkProof, key: VerifyingKey) -> [Digest] {
    var roots: [Digest] = []
    if let p = key.preprocessedCommitment { roots.append(p) }
    roots.append(proof.mainCommitment)
    if let p = proof.permutationCommitment { roots.append(p) }
    roots.append(proof.quotientCommitment)
    return roots
  }

  /// Every count and length in the proof against what the key and parameters dictate,
  /// before any arithmetic.
  static func checkShape(_ proof: StarkProof, key: VerifyingKey) throws(VerificationError) {
    let p = key.parameters
    let n = key.airs.count
    guard n > 0, proof.logHeights.count == n else { throw .malformedProof("expected \(n) tables") }
    for (t, h) in proof.logHeights.enumerated() {
      guard h >= p.fri.logFinalPolynomialLength, h <= p.maxLogHeight else {
        throw .heightOutOfRange(table: t, logHeight: h)
      }
      if let fixed = key.preprocessedLogHeight(t), fixed != h {
        throw .heightOutOfRange(table: t, logHeight: h)
      }
    }
    // Σ multiplicities over all bus messages must not reach p, or a message repeated p
    // times would vanish from the sums (every sent multiplicity is at most 1 per row).
    let shape = key.shape(logHeights: proof.logHeights)
    guard shape.busMessages < Int(KoalaBear.modulus) else {
      throw .busOverflow(messages: shape.busMessages)
    }
    // The security floor for this shape, before any other work.
    let report = SoundnessCalculator.report(parameters: p.fri, shape: shape)
    guard report.provableBits >= p.minimumProvableBits else {
      throw .insufficientSecurity(
        provableBits: report.provableBits, required: p.minimumProvableBits)
    }
    guard proof.publicValues.count == n,
      zip(proof.publicValues, key.airs).allSatisfy({ $0.count == $1.publicValueCount })
    else { throw .malformedProof("public values") }
    let hasBus = key.airs.contains { !$0.interactions.isEmpty }
    guard (proof.permutationCommitment != nil) == hasBus else {
      throw .malformedProof("permutation commitment")
    }
    guard proof.cumulativeSums.count == n else { throw .malformedProof("cumulative sums") }
    for (t, air) in key.airs.enumerated()
    where air.interactions.isEmpty && proof.cumulativeSums[t] != .zero {
      throw .malformedProof("cumulative sum of a table without interactions")
    }
    guard proof.openings.count == n else { throw .malformedProof("openings") }
    for (t, o) in proof.openings.enumerated() {
      let l = OpeningLayout(key: key, table: t)
      guard o.preprocessedLocal.count == l.preprocessedWidth,
        o.preprocessedNext.count == l.preprocessedWidth,
        o.mainLocal.count == l.mainWidth, o.mainNext.count == l.mainWidth,
        o.permutationLocal.count == l.permutationWidth,
        o.permutationNext.count == l.permutationWidth,
        o.quotient.count == l.quotientWidth
      else { throw .malformedProof("opened values of table \(t)") }
    }
    let logMax = proof.logHeights.max()! + p.fri.logBlowup
    let layers = logMax - (p.fri.logFinalPolynomialLength + p.fri.logBlowup)
    guard proof.fri.layerCommitments.count == layers else {
      throw .malformedProof("FRI layer count")
    }
    guard proof.fri.finalPolynomial.count == 1 << p.fri.logFinalPolynomialLength else {
      throw .malformedProof("final polynomial length")
    }
    guard proof.fri.queries.count == p.fri.queries else { throw .malformedProof("query count") }
    let batches = key.batchLayout(logHeights: proof.logHeights).count
    for q in proof.fri.queries {
      guard q.batches.count == batches, q.layers.count == layers else {
        throw .malformedProof("query shape")
      }
      guard q.layers.allSatisfy({ $0.openedRows.count == 1 }) else {
        throw .malformedProof("FRI layer opening")
      }
    }
  }
}
