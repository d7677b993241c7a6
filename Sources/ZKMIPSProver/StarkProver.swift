import Foundation
import ZKMIPSAIR
import ZKMIPSChallenger
import ZKMIPSField
import ZKMIPSHash
import ZKMIPSPoly
import ZKMIPSProtocol

/// Why the prover refused to prove.
public enum ProvingError: Error, Equatable, CustomStringConvertible {
  case wrongTableCount(expected: Int, actual: Int)
  case badHeight(table: String, height: Int)
  case wrongWidth(table: String, expected: Int, actual: Int)
  case wrongPublicValueCount(table: String)
  case constraintDegreeTooHigh(table: String, degree: Int)

  public var description: String {
    switch self {
    case .wrongTableCount(let e, let a): "expected \(e) traces, got \(a)"
    case .badHeight(let t, let h):
      "table '\(t)' has height \(h); heights must be powers of two within the supported range"
    case .wrongWidth(let t, let e, let a): "table '\(t)' has \(a) columns, its AIR declares \(e)"
    case .wrongPublicValueCount(let t): "table '\(t)': wrong number of public values"
    case .constraintDegreeTooHigh(let t, let d):
      "table '\(t)' has a constraint of degree \(d) (> 3)"
    }
  }
}

/// The main traces of one proof, committed (phase 1 of a shard's proof).
public struct MainTraceCommitment: @unchecked Sendable {
  let key: VerifyingKey
  let traces: [RowMajorMatrix]
  let coefficients: [[[KoalaBear]]]
  let tree: MerkleTree
  /// The commitment, which the shared bus challenges must absorb.
  public var root: Digest { tree.root }
}

/// Proves that traces satisfy their AIRs and that every bus balances.
public enum StarkProver {
  /// Proves `traces` (one per table of `key`, in order) with their public values.
  ///
  /// - Parameters:
  ///   - publicMessages: the statement's own bus messages (the verifier must pass the same).
  ///   - progress: told each phase's name as it starts.
  public static func prove(
    key: VerifyingKey, traces: [RowMajorMatrix], publicValues: [[KoalaBear]],
    publicMessages: [BusMessage] = [], progress: ((String) -> Void)? = nil
  ) throws(ProvingError) -> StarkProof {
    try prove(
      main: try commitMain(key: key, traces: traces, progress: progress),
      publicValues: publicValues,
      publicMessages: publicMessages, busChallenges: nil, progress: progress, frozenZeta: nil)
  }

  /// Phase 1 of a proof whose bus is shared with other proofs (shards): commits the main
  /// traces. Draw the shared ``ZKMIPSProtocol/BusChallenges`` from every proof's
  /// ``MainTraceCommitment/root``, then finish each proof with
  /// ``prove(main:publicValues:publicMessages:busChallenges:progress:)``.
  public static func commitMain(
    key: VerifyingKey, traces: [RowMajorMatrix], progress: ((String) -> Void)? = nil
  ) throws(ProvingError) -> MainTraceCommitment {
    let params = key.parameters
    let fri = params.fri
    let airs = key.airs
    guard traces.count == airs.count else {
      throw .wrongTableCount(expected: airs.count, actual: traces.count)
    }
    for (t, air) in airs.enumerated() {
      let h = traces[t].height
      guard h > 0, h & (h - 1) == 0, h.trailingZeroBitCount >= fri.logFinalPolynomialLength,
        h.trailingZeroBitCount <= params.maxLogHeight,
        key.preprocessedTraces[t].map({ $0.height == h }) ?? true
      else { throw .badHeight(table: air.name, height: h) }
      guard traces[t].width == air.width else {
        throw .wrongWidth(table: air.name, expected: air.width, actual: traces[t].width)
      }
      let degree = AIRAnalysis(air).maxDegree
      guard degree <= StarkParameters.maxConstraintDegree else {
        throw .constraintDegreeTooHigh(table: air.name, degree: degree)
      }
    }
    progress?("committing traces")
    let mainLDEs = traces.map { PolynomialColumns.extend($0, logBlowup: fri.logBlowup) }
    return MainTraceCommitment(
      key: key, traces: traces, coefficients: traces.map { PolynomialColumns.coefficients($0) },
      tree: MerkleTree(matrices: mainLDEs))
  }

  /// Phase 2: the rest of the proof. With `busChallenges` (drawn from every shard's main
  /// commitment) the proof's bus sums need not cancel on their own; the verifier's
  /// ``ZKMIPSVerifier`` shard check returns them for the caller to add up.
  public static func prove(
    main: MainTraceCommitment, publicValues: [[KoalaBear]], publicMessages: [BusMessage] = [],
    busChallenges: BusChallenges?, progress: ((String) -> Void)? = nil
  ) throws(ProvingError) -> StarkProof {
    try prove(
      main: main, publicValues: publicValues, publicMessages: publicMessages,
      busChallenges: busChallenges,
      progress: progress, frozenZeta: nil)
  }

  /// Test hook (package-internal): a *cheating* prover that knows the out-of-domain point
  /// ζ before committing the quotient. It replaces each quotient by the constant that makes
  /// the check at ζ pass, whatever the trace (only for tables without buses). A verifier
  /// that draws ζ by Fiat–Shamir rejects its proofs; one with ζ frozen to the same value
  /// accepts them (SECURITY.md item 20).
  package static func prove(
    key: VerifyingKey, traces: [RowMajorMatrix], publicValues: [[KoalaBear]],
    publicMessages: [BusMessage] = [], progress: ((String) -> Void)?, frozenZeta: KoalaBearExt4?
  ) throws(ProvingError) -> StarkProof {
    try prove(
      main: try commitMain(key: key, traces: traces, progress: progress),
      publicValues: publicValues,
      publicMessages: publicMessages, busChallenges: nil, progress: progress, frozenZeta: frozenZeta
    )
  }

  static func prove(
    main: MainTraceCommitment, publicValues: [[KoalaBear]], publicMessages: [BusMessage],
    busChallenges: BusChallenges?, progress: ((String) -> Void)?, frozenZeta: KoalaBearExt4?
  ) throws(ProvingError) -> StarkProof {
    let key = main.key
    let traces = main.traces
    let params = key.parameters
    let fri = params.fri
    let airs = key.airs
    for (t, air) in airs.enumerated() {
      guard publicValues.count == airs.count, publicValues[t].count == air.publicValueCount else {
        throw .wrongPublicValueCount(table: air.name)
      }
    }
    let logHeights = traces.map { $0.height.trailingZeroBitCount }
    let logMax = logHeights.max()! + fri.logBlowup
    var challenger = Transcript.start(
      key: key, logHeights: logHeights, publicValues: publicValues, publicMessages: publicMessages)
    let mainCoefficients = main.coefficients
    let mainTree = main.tree
    challenger.observe(mainTree.root)
    // A proof-of-work before every algebraic challenge (see ``FRIParameters``).
    var challengeWitnesses: [KoalaBear] = []
    func grindForChallenge() {
      challengeWitnesses.append(challenger.grind(bits: fri.challengeGrindingBits))
    }

    // MARK: LogUp
    let busTables = airs.indices.filter { !airs[$0].interactions.isEmpty }
    var beta = KoalaBearExt4.zero, gammas: [KoalaBearExt4] = []
    var permutationCoefficients = [[[KoalaBear]]](repeating: [], count: airs.count)
    var permutationTraces = [RowMajorMatrix?](repeating: nil, count: airs.count)
    var cumulativeSums = [KoalaBearExt4](repeating: .zero, count: airs.count)
    var permutationTree: MerkleTree? = nil
    if !busTables.isEmpty {
      progress?("bus accumulators")
      if busChallenges == nil { grindForChallenge() }
      (beta, gammas) = BusChallenges.draw(busChallenges, from: &challenger)
      var ldes: [RowMajorMatrix] = []
      for t in busTables {
        let (columns, sum) = permutationTrace(
          air: airs[t], trace: traces[t], fixed: key.preprocessedTraces[t], beta: beta,
          gammas: gammas
        )
        cumulativeSums[t] = sum
        let matrix = PolynomialColumns.matrix(columns: columns)
        permutationTraces[t] = matrix
        permutationCoefficients[t] = PolynomialColumns.coefficients(matrix)
        ldes.append(PolynomialColumns.extend(matrix, logBlowup: fri.logBlowup))
      }
      let tree = MerkleTree(matrices: ldes)
      permutationTree = tree
      challenger.observe(tree.root)
    }
    for s in cumulativeSums { challenger.observe(s) }
    grindForChallenge()
    let alpha = challenger.sampleExtension()

    // MARK: Quotient
    progress?("quotient")
    var quotientCoefficients: [[[KoalaBear]]] = []
    var quotientLDEs: [RowMajorMatrix] = []
    let fixedCoefficients = key.preprocessedTraces.map {
      $0.map { PolynomialColumns.coefficients($0) }
    }
    for t in airs.indices {
      // The frozen-challenge test hook forges the quotient; otherwise it is computed.
      let chunks =
        frozenZeta.map {
          forgedQuotient(
            air: airs[t], logHeight: logHeights[t], main: mainCoefficients[t],
            fixed: fixedCoefficients[t] ?? [], publicValues: publicValues[t], alpha: alpha, zeta: $0
          )
        }
        ?? quotientChunks(
          air: airs[t], logHeight: logHeights[t], main: traces[t], fixed: key.preprocessedTraces[t],
          permutation: permutationTraces[t], publicValues: publicValues[t], alpha: alpha,
          beta: beta,
          gammas: gammas, cumulativeSum: cumulativeSums[t])
      quotientCoefficients.append(chunks)
      quotientLDEs.append(
        PolynomialColumns.extend(
          coefficients: chunks, logSize: logHeights[t] + fri.logBlowup, shift: Domain.generator))
    }
    let quotientTree = MerkleTree(matrices: quotientLDEs)
    challenger.observe(quotientTree.root)
    grindForChallenge()
    let sampledZeta = challenger.sampleExtension()
    let zeta = frozenZeta ?? sampledZeta

    // MARK: Openings at ζ and ζω
    progress?("openings")
    var openings: [TableOpening] = []
    for t in airs.indices {
      let omega = KoalaBear.twoAdicGenerator(logOrder: logHeights[t])
      let zetaNext = zeta * omega
      let n = 1 << logHeights[t]
      let powers = powersOf(zeta, count: n), powersNext = powersOf(zetaNext, count: n)
      // One column per task, spread over the cores.
      func open(_ columns: [[KoalaBear]], _ p: [KoalaBearExt4]) -> [KoalaBearExt4] {
        var out = [KoalaBearExt4](repeating: .zero, count: columns.count)
        out.withUnsafeMutableBufferPointer { buffer in
          nonisolated(unsafe) let buffer = buffer
          DispatchQueue.concurrentPerform(iterations: columns.count) { c in
            buffer[c] = evaluate(columns[c], powers: p)
          }
        }
        return out
      }
      let fixed = fixedCoefficients[t] ?? []
      openings.append(
        TableOpening(
          preprocessedLocal: open(fixed, powers), preprocessedNext: open(fixed, powersNext),
          mainLocal: open(mainCoefficients[t], powers),
          mainNext: open(mainCoefficients[t], powersNext),
          permutationLocal: open(permutationCoefficients[t], powers),
          permutationNext: open(permutationCoefficients[t], powersNext),
          quotient: open(quotientCoefficients[t], powers)))
    }
    for o in openings { for v in o.allValues { challenger.observe(v) } }
    grindForChallenge()
    let combinations = openings.enumerated().map { t, o in
      let lambdas = (0..<o.allValues.count).map { _ in challenger.sampleExtension() }
      return DEEPCombination(
        opening: o, lambdas: lambdas[...], zeta: zeta,
        omega: KoalaBear.twoAdicGenerator(logOrder: logHeights[t]))
    }

    // MARK: DEEP quotients on every table's LDE domain
    progress?("FRI")
    var batchTrees: [MerkleTree] = []
    if let p = key.preprocessedTree { batchTrees.append(p) }
    batchTrees.append(mainTree)
    if let p = permutationTree { batchTrees.append(p) }
    batchTrees.append(quotientTree)
    let layout = key.batchLayout(logHeights: logHeights)
    var reduced = [[KoalaBearExt4]](repeating: [], count: airs.count)
    for t in airs.indices {
      let logN = logHeights[t] + fri.logBlowup
      let size = 1 << logN
      let c = combinations[t]
      let naturalPoints = cosetPowers(
        Domain.generator, KoalaBear.twoAdicGenerator(logOrder: logN), count: size)
      var denominators = [KoalaBearExt4](repeating: .zero, count: 2 * size)
      for i in 0..<size {
        let x = KoalaBearExt4(naturalPoints[Domain.reverseBits(i, logN)])
        denominators[2 * i] = x - c.zeta
        denominators[2 * i + 1] = x - c.zetaNext
      }
      let inverses = KoalaBearExt4.batchInverse(denominators)
      // The table's committed matrices in row-layout order (pre | main | perm | quotient).
      let parts: [RowMajorMatrix] = layout.enumerated().compactMap { bi, batch in
        batch.tables.firstIndex(of: t).map { batchTrees[bi].matrices[$0] }
      }
      var values = [KoalaBearExt4](repeating: .zero, count: size)
      values.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let out = out
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, size / 4096))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
          for i in (w * size / workers)..<((w + 1) * size / workers) {
            var sLocal = KoalaBearExt4.zero, sNext = KoalaBearExt4.zero
            var offset = 0
            for m in parts {
              m.values.withUnsafeBufferPointer { v in
                let row = i * m.width
                for col in 0..<m.width {
                  let x = v[row + col]
                  sLocal += c.localCoefficients[offset + col] * x
                  if offset + col < c.nextCoefficients.count {
                    sNext += c.nextCoefficients[offset + col] * x
                  }
                }
              }
              offset += m.width
            }
            out[i] =
              (sLocal - c.localConstant) * inverses[2 * i] + (sNext - c.nextConstant)
              * inverses[2 * i + 1]
          }
        }
      }
      reduced[t] = values
    }

    // MARK: FRI commit phase
    var current = [KoalaBearExt4](repeating: .zero, count: 1 << logMax)
    for t in airs.indices where logHeights[t] + fri.logBlowup == logMax {
      for i in current.indices { current[i] += reduced[t][i] }
    }
    let finalLog = fri.logFinalPolynomialLength + fri.logBlowup
    var layerTrees: [MerkleTree] = []
    var logSize = logMax
    while logSize > finalLog {
      let half = 1 << (logSize - 1)
      var pairs = [KoalaBear](repeating: .zero, count: half * 8)
      for i in 0..<half {
        for (k, v) in [current[2 * i], current[2 * i + 1]].enumerated() {
          pairs[8 * i + 4 * k] = v.c0
          pairs[8 * i + 4 * k + 1] = v.c1
          pairs[8 * i + 4 * k + 2] = v.c2
          pairs[8 * i + 4 * k + 3] = v.c3
        }
      }
      let tree = MerkleTree(matrices: [RowMajorMatrix(values: pairs, width: 8)])
      layerTrees.append(tree)
      challenger.observe(tree.root)
      grindForChallenge()
      let beta = challenger.sampleExtension()
      let beta2 = beta * beta
      // Position 2i of the layer holds y = ω_N^rev(2i) = ω_N^rev'(i) (rev' over one bit
      // fewer); fold with 1/(2y) from one batched inversion.
      let omegaPowers = cosetPowers(
        .one, KoalaBear.twoAdicGenerator(logOrder: logSize), count: half)
      let twiceY = (0..<half).map { omegaPowers[Domain.reverseBits($0, logSize - 1)].doubled() }
      let inverseTwiceY = KoalaBear.batchInverse(twiceY)
      var next = [KoalaBearExt4](repeating: .zero, count: half)
      for i in 0..<half {
        let a = current[2 * i], b = current[2 * i + 1]
        next[i] = Domain.fold(a, b, beta: beta, inverseOfTwoX: inverseTwiceY[i])
      }
      logSize -= 1
      for t in airs.indices where logHeights[t] + fri.logBlowup == logSize {
        for i in next.indices { next[i] += beta2 * reduced[t][i] }
      }
      current = next
    }
    // Final polynomial: interpolate the last layer over its subgroup (bit-reversed order).
    let finalPolynomial = interpolateExtension(current, logSize: logSize)
      .prefix(1 << fri.logFinalPolynomialLength)
    for c in finalPolynomial { challenger.observe(c) }
    let witness = challenger.grind(bits: fri.queryGrindingBits)

    // MARK: Queries
    var queries: [FRIQuery] = []
    for _ in 0..<fri.queries {
      var index = 0, got = 0
      while got < logMax {
        let take = min(FiatShamirChallenger.maxSampleBits, logMax - got)
        index |= challenger.sampleBits(take) << got
        got += take
      }
      let batches = layout.enumerated().map { bi, batch -> MerkleOpening in
        let batchLog = batch.dimensions.map { $0.height.trailingZeroBitCount }.max()!
        return batchTrees[bi].open(index >> (logMax - batchLog))
      }
      let layers = layerTrees.enumerated().map { layer, tree in tree.open((index >> layer) >> 1) }
      queries.append(FRIQuery(batches: batches, layers: layers))
    }
    return StarkProof(
      logHeights: logHeights, publicValues: publicValues, mainCommitment: mainTree.root,
      permutationCommitment: permutationTree?.root, cumulativeSums: cumulativeSums,
      quotientCommitment: quotientTree.root, openings: openings,
      fri: FRIProof(
        layerCommitments: layerTrees.map(\.root), finalPolynomial: Array(finalPolynomial),
        powWitness: witness,
        queries: queries), challengeWitnesses: challengeWitnesses)
  }

  // MARK: - Helpers

  /// The cheating quotient of the frozen-challenge hook: Q_0 = the constant that satisfies
  /// the check at ζ, Q_1 = 0.
  static func forgedQuotient(
    air: some AIR, logHeight: Int, main: [[KoalaBear]], fixed: [[KoalaBear]],
    publicValues: [KoalaBear],
    alpha: KoalaBearExt4, zeta: KoalaBearExt4
  ) -> [[KoalaBear]] {
    let n = 1 << logHeight
    let omega = KoalaBear.twoAdicGenerator(logOrder: logHeight)
    let powers = powersOf(zeta, count: n), powersNext = powersOf(zeta * omega, count: n)
    let opening = TableOpening(
      preprocessedLocal: fixed.map { evaluate($0, powers: powers) },
      preprocessedNext: fixed.map { evaluate($0, powers: powersNext) },
      mainLocal: main.map { evaluate($0, powers: powers) },
      mainNext: main.map { evaluate($0, powers: powersNext) },
      permutationLocal: [], permutationNext: [], quotient: [])
    var b = PointEvaluationBuilder(
      opening: opening, publicValues: publicValues, zeta: zeta, logHeight: logHeight, alpha: alpha)
    air.evaluate(&b)
    let c = b.accumulator * Domain.vanishing(zeta, logHeight: logHeight).inverted()
    var chunks = [[KoalaBear]](
      repeating: [KoalaBear](repeating: .zero, count: n),
      count: 4 << StarkParameters.logQuotientChunks)
    for (k, v) in [c.c0, c.c1, c.c2, c.c3].enumerated() { chunks[k][0] = v }
    return chunks
  }

  /// shift·ω^i for i < count, in natural order.
  static func cosetPowers(_ shift: KoalaBear, _ omega: KoalaBear, count: Int) -> [KoalaBear] {
    var out = [KoalaBear](repeating: shift, count: count)
    for i in 1..<max(count, 1) { out[i] = out[i - 1] * omega }
    return out
  }

  static func powersOf(_ z: KoalaBearExt4, count: Int) -> [KoalaBearExt4] {
    var out = [KoalaBearExt4](repeating: .one, count: count)
    for i in 1..<max(count, 1) { out[i] = out[i - 1] * z }
    return out
  }

  /// Σ c_i z^i with the powers of z precomputed (4 base products per coefficient).
  static func evaluate(_ coefficients: [KoalaBear], powers: [KoalaBearExt4]) -> KoalaBearExt4 {
    var acc = KoalaBearExt4.zero
    for (i, c) in coefficients.enumerated() { acc += powers[i] * c }
    return acc
  }

  /// Coefficients of the extension-valued function given by bit-reversed evaluations on
  /// ⟨ω_(2^logSize)⟩.
  static func interpolateExtension(_ values: [KoalaBearExt4], logSize: Int) -> [KoalaBearExt4] {
    let natural = (0..<values.count).map { values[Domain.reverseBits($0, logSize)] }
    var parts = (0..<4).map { k in natural.map { $0.coefficients[k] } }
    for k in 0..<4 { NTT.inverse(&parts[k]) }
    return (0..<values.count).map {
      KoalaBearExt4(parts[0][$0], parts[1][$0], parts[2][$0], parts[3][$0])
    }
  }
}
