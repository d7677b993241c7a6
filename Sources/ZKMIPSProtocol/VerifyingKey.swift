import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSHash

/// What prover and verifier agree on before any proof: the tables (AIRs, in order), the
/// parameters, and the commitment to the preprocessed (fixed) columns.
///
/// Both sides derive it with ``init(airs:parameters:)`` — the verifier recomputes the
/// preprocessed commitment itself rather than trusting one.
public struct VerifyingKey: Sendable {
  public let airs: [any AIR]
  public let parameters: StarkParameters
  /// Per table: the preprocessed trace (nil when the table has none).
  public let preprocessedTraces: [RowMajorMatrix?]
  /// Commitment to the LDEs of all preprocessed traces (nil when there are none).
  public let preprocessedCommitment: Digest?
  /// The prover keeps the tree; the verifier only needs the root.
  public let preprocessedTree: MerkleTree?
  /// Per table: number of interactions (bus messages per row).
  public var interactionCounts: [Int] { airs.map { $0.interactions.count } }

  /// Derives the key. Preprocessed LDEs are placed on the domain their height implies
  /// against the largest preprocessed table (see ``Domain``), exactly as the prover does.
  ///
  /// - Precondition: every preprocessed height is a power of two.
  ///
  /// - Precondition: no interaction has more than ``LogUp/maxTupleLength`` values.
  public init(airs: [any AIR], parameters: StarkParameters = .standard) {
    precondition(
      airs.allSatisfy { $0.interactions.allSatisfy { $0.values.count <= LogUp.maxTupleLength } },
      "a bus tuple is longer than LogUp.maxTupleLength")
    self.airs = airs
    self.parameters = parameters
    preprocessedTraces = airs.map { $0.preprocessedWidth > 0 ? $0.preprocessedTrace() : nil }
    let present = preprocessedTraces.compactMap { $0 }
    if present.isEmpty {
      preprocessedCommitment = nil
      preprocessedTree = nil
    } else {
      let ldes = present.map {
        PolynomialColumns.extend($0, logBlowup: parameters.fri.logBlowup)
      }
      let tree = MerkleTree(matrices: ldes)
      preprocessedTree = tree
      preprocessedCommitment = tree.root
    }
  }

  /// log2 height of table `i`'s preprocessed trace, if it has one.
  public func preprocessedLogHeight(_ i: Int) -> Int? {
    preprocessedTraces[i].map { $0.height.trailingZeroBitCount }
  }
}

extension VerifyingKey {
  /// The soundness-relevant shape of a proof with these table heights (all derived from the
  /// key and the heights, which the verifier bounds itself).
  public func shape(logHeights: [Int]) -> ProofShape {
    var columns = 0, constraints = 0, messages = 0, tuple = 1, degree = 1
    for (t, air) in airs.enumerated() {
      let analysis = AIRAnalysis(air)
      columns += OpeningLayout(key: self, table: t).openingCount
      constraints +=
        analysis.constraintCount + LogUp.constraintCount(interactions: air.interactions.count)
      degree = max(degree, analysis.maxDegree, air.interactions.isEmpty ? 1 : 2)
      messages += air.interactions.count << logHeights[t]
      for i in air.interactions { tuple = max(tuple, i.values.count + 1) }
    }
    return ProofShape(
      logMaxTraceHeight: logHeights.max() ?? 0, batchedColumns: columns, constraints: constraints,
      maxConstraintDegree: degree, busMessages: messages, maxTupleWidth: tuple)
  }

  /// Dimensions of the committed batches for these heights, in commit order, each with the
  /// table indices it covers: preprocessed (if any), main, permutation (if any), quotient.
  public func batchLayout(logHeights: [Int]) -> [(tables: [Int], dimensions: [MatrixDimensions])] {
    let b = parameters.fri.logBlowup
    var out: [(tables: [Int], dimensions: [MatrixDimensions])] = []
    func batch(_ tables: [Int], width: (Int) -> Int) {
      guard !tables.isEmpty else { return }
      out.append(
        (
          tables,
          tables.map { MatrixDimensions(width: width($0), height: 1 << (logHeights[$0] + b)) }
        ))
    }
    let all = Array(airs.indices)
    batch(all.filter { airs[$0].preprocessedWidth > 0 }) { airs[$0].preprocessedWidth }
    batch(all) { airs[$0].width }
    batch(all.filter { !airs[$0].interactions.isEmpty }) {
      LogUp.permutationWidth(interactions: airs[$0].interactions.count)
    }
    batch(all) { _ in 4 << StarkParameters.logQuotientChunks }
    return out
  }
}
