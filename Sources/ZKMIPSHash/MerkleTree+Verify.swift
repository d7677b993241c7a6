import ZKMIPSField

/// Why a Merkle opening was rejected.
public enum MerkleVerificationError: Error, Sendable, Equatable {
  /// The dimensions are unusable: empty, a width below 1, or a height that is not a power of two.
  case invalidDimensions
  /// The opening has a different number of rows than there are committed matrices.
  case wrongMatrixCount(expected: Int, actual: Int)
  /// The opened row of matrix `matrix` has the wrong number of elements.
  case wrongRowWidth(matrix: Int, expected: Int, actual: Int)
  /// The index is not below the tallest height.
  case indexOutOfRange(index: Int, leafCount: Int)
  /// The authentication path does not have log2(tallest height) siblings.
  case wrongProofLength(expected: Int, actual: Int)
  /// The recomputed root differs from the committed one.
  case rootMismatch
}

extension MerkleTree {
  /// Checks that `openedRows` are the rows at `index` of matrices of the given `dimensions`
  /// committed under `root`, using the authentication path `proof`.
  ///
  /// The verifier's own `dimensions` (never the prover's) fix the tree's shape; every length
  /// in the opening is checked against them before any hashing, so the work is bounded by the
  /// dimensions. See ``MerkleTree`` for the exact tree being recomputed.
  ///
  /// - Throws: ``MerkleVerificationError`` describing the first problem found.
  public static func verify(
    root: Digest, dimensions: [MatrixDimensions], index: Int, openedRows: [[KoalaBear]],
    proof: [Digest]
  ) throws(MerkleVerificationError) {
    guard !dimensions.isEmpty else { throw .invalidDimensions }
    for d in dimensions {
      guard d.width >= 1, d.height >= 1, d.height & (d.height - 1) == 0 else {
        throw .invalidDimensions
      }
    }
    guard openedRows.count == dimensions.count else {
      throw .wrongMatrixCount(expected: dimensions.count, actual: openedRows.count)
    }
    for (m, d) in dimensions.enumerated() where openedRows[m].count != d.width {
      throw .wrongRowWidth(matrix: m, expected: d.width, actual: openedRows[m].count)
    }
    let leafCount = dimensions.map(\.height).max()!
    guard index >= 0, index < leafCount else {
      throw .indexOutOfRange(index: index, leafCount: leafCount)
    }
    let depth = leafCount.trailingZeroBitCount
    guard proof.count == depth else {
      throw .wrongProofLength(expected: depth, actual: proof.count)
    }

    func rowsDigest(height: Int) -> Digest? {
      let members = dimensions.indices.filter { dimensions[$0].height == height }
      if members.isEmpty { return nil }
      return Poseidon2Sponge.hash(members.flatMap { openedRows[$0] })
    }

    var node = rowsDigest(height: leafCount)!
    for level in 0..<depth {
      let sibling = proof[level]
      node =
        (index >> level) & 1 == 0
        ? Poseidon2Sponge.compress(node, sibling) : Poseidon2Sponge.compress(sibling, node)
      if let injected = rowsDigest(height: leafCount >> (level + 1)) {
        node = Poseidon2Sponge.compress(node, injected)
      }
    }
    guard node == root else { throw .rootMismatch }
  }

  /// Checks `opening` at `index` against `root`; see
  /// ``verify(root:dimensions:index:openedRows:proof:)``.
  public static func verify(
    root: Digest, dimensions: [MatrixDimensions], index: Int, opening: MerkleOpening
  ) throws(MerkleVerificationError) {
    try verify(
      root: root, dimensions: dimensions, index: index, openedRows: opening.openedRows,
      proof: opening.proof)
  }
}
