import Testing
import ZKMIPSField
import ZKMIPSHash

/// The documented tree, built level by level with the public sponge and compression.
func referenceMerkleRoot(_ matrices: [RowMajorMatrix]) -> Digest {
  let h = matrices.map(\.height).max()!
  func rows(height: Int, index: Int) -> [KoalaBear]? {
    let members = matrices.filter { $0.height == height }
    return members.isEmpty ? nil : members.flatMap { $0.row(index) }
  }
  var level = (0..<h).map { Poseidon2Sponge.hash(rows(height: h, index: $0)!) }
  var height = h
  while height > 1 {
    height /= 2
    level = (0..<height).map { i in
      let node = Poseidon2Sponge.compress(level[2 * i], level[2 * i + 1])
      guard let injected = rows(height: height, index: i) else { return node }
      return Poseidon2Sponge.compress(node, Poseidon2Sponge.hash(injected))
    }
  }
  return level[0]
}

func randomMatrix(width: Int, height: Int, _ rng: inout SplitMix64) -> RowMajorMatrix {
  RowMajorMatrix(values: rng.elements(width * height), width: width)
}

@Suite("Merkle commitments to matrix batches")
struct MerkleTreeTests {
  /// Batches as (width, height) lists: single matrices of many heights, mixed heights and
  /// widths, repeated heights, and heights big enough for the packed and parallel paths.
  static let shapes: [[(Int, Int)]] = [
    [(1, 1)], [(5, 2)], [(16, 4)], [(3, 8)], [(16, 16)], [(9, 64)],
    [(3, 16), (8, 4), (1, 16), (17, 1), (5, 8)],
    [(2, 32), (2, 32), (7, 2), (4, 2), (11, 1)],
    [(8, 8), (1, 1)],
    [(16, 1 << 12), (4, 1 << 9), (3, 1 << 3)],
    [(1, 1 << 13), (24, 1 << 11)],
  ]

  @Test("root equals the documented construction", arguments: shapes.indices)
  func rootMatchesReference(shape: Int) {
    var rng = SplitMix64(seed: 0x3e00_0000 + UInt64(shape))
    let matrices = Self.shapes[shape].map { randomMatrix(width: $0.0, height: $0.1, &rng) }
    let (root, tree) = MerkleTree.commit(matrices)
    #expect(root == referenceMerkleRoot(matrices))
    #expect(tree.root == root)
    #expect(tree.depth == tree.leafCount.trailingZeroBitCount)
  }

  @Test("commit is deterministic and binds every element", arguments: [6, 7])
  func commitBindsEveryElement(shape: Int) {
    var rng = SplitMix64(seed: 0x3e00_1000 + UInt64(shape))
    let matrices = Self.shapes[shape].map { randomMatrix(width: $0.0, height: $0.1, &rng) }
    let root = MerkleTree(matrices: matrices).root
    #expect(MerkleTree(matrices: matrices).root == root)
    for m in matrices.indices {
      for k in matrices[m].values.indices {
        var changed = matrices
        changed[m].values[k] = changed[m].values[k] + .one
        #expect(MerkleTree(matrices: changed).root != root, "matrix \(m) element \(k)")
      }
    }
  }

  @Test("every index of small trees opens and verifies", arguments: [0, 1, 2, 4, 6, 7, 8])
  func openVerifyEveryIndex(shape: Int) throws {
    var rng = SplitMix64(seed: 0x3e00_2000 + UInt64(shape))
    let matrices = Self.shapes[shape].map { randomMatrix(width: $0.0, height: $0.1, &rng) }
    let tree = MerkleTree(matrices: matrices)
    for index in 0..<tree.leafCount {
      let opening = tree.open(index)
      #expect(opening.proof.count == tree.depth)
      for (m, matrix) in matrices.enumerated() {
        #expect(opening.openedRows[m] == matrix.row(index / (tree.leafCount / matrix.height)))
      }
      try MerkleTree.verify(
        root: tree.root, dimensions: tree.dimensions, index: index, opening: opening)
    }
  }

  @Test("openings in a large tree verify at sampled indices")
  func openVerifyLargeTree() throws {
    var rng = SplitMix64(seed: 0x3e00_3000)
    let matrices = Self.shapes[9].map { randomMatrix(width: $0.0, height: $0.1, &rng) }
    let tree = MerkleTree(matrices: matrices)
    for index in [0, 1, 7, 8, 511, 512, 2047, 4095]
      + (0..<20).map({ _ in Int.random(in: 0..<4096, using: &rng) })
    {
      try MerkleTree.verify(
        root: tree.root, dimensions: tree.dimensions, index: index, opening: tree.open(index))
    }
  }

  @Test("tampered siblings, rows, indices and roots are rejected", arguments: [6, 7])
  func tamperingIsRejected(shape: Int) {
    var rng = SplitMix64(seed: 0x3e00_4000 + UInt64(shape))
    let matrices = Self.shapes[shape].map { randomMatrix(width: $0.0, height: $0.1, &rng) }
    let tree = MerkleTree(matrices: matrices)
    let dims = tree.dimensions
    for index in 0..<tree.leafCount {
      let opening = tree.open(index)
      // Each sibling, each element.
      for level in opening.proof.indices {
        for e in 0..<8 {
          var bad = opening
          bad.proof[level][e] = bad.proof[level][e] + .one
          #expect(throws: MerkleVerificationError.rootMismatch) {
            try MerkleTree.verify(root: tree.root, dimensions: dims, index: index, opening: bad)
          }
        }
      }
      // Each opened element.
      for m in opening.openedRows.indices {
        for c in opening.openedRows[m].indices {
          var bad = opening
          bad.openedRows[m][c] = bad.openedRows[m][c] + .one
          #expect(throws: MerkleVerificationError.rootMismatch) {
            try MerkleTree.verify(root: tree.root, dimensions: dims, index: index, opening: bad)
          }
        }
      }
      // The right opening at the wrong index.
      for other in 0..<tree.leafCount where other != index {
        #expect(throws: MerkleVerificationError.rootMismatch) {
          try MerkleTree.verify(root: tree.root, dimensions: dims, index: other, opening: opening)
        }
      }
      // Another root.
      var root = tree.root
      root[0] = root[0] + .one
      #expect(throws: MerkleVerificationError.rootMismatch) {
        try MerkleTree.verify(root: root, dimensions: dims, index: index, opening: opening)
      }
    }
  }

  @Test("malformed openings and dimensions get typed errors")
  func shapeErrors() {
    var rng = SplitMix64(seed: 0x3e00_5000)
    let matrices = Self.shapes[6].map { randomMatrix(width: $0.0, height: $0.1, &rng) }
    let tree = MerkleTree(matrices: matrices)
    let dims = tree.dimensions
    let index = 5
    let opening = tree.open(index)
    func verify(
      dims: [MatrixDimensions] = dims, index: Int = index, rows: [[KoalaBear]]? = nil,
      proof: [Digest]? = nil
    ) throws(MerkleVerificationError) {
      try MerkleTree.verify(
        root: tree.root, dimensions: dims, index: index, openedRows: rows ?? opening.openedRows,
        proof: proof ?? opening.proof)
    }
    #expect(throws: MerkleVerificationError.wrongProofLength(expected: 4, actual: 3)) {
      try verify(proof: Array(opening.proof.dropLast()))
    }
    #expect(throws: MerkleVerificationError.wrongProofLength(expected: 4, actual: 5)) {
      try verify(proof: opening.proof + [.zero])
    }
    var wide = opening.openedRows
    wide[1].append(.zero)
    #expect(throws: MerkleVerificationError.wrongRowWidth(matrix: 1, expected: 8, actual: 9)) {
      try verify(rows: wide)
    }
    #expect(throws: MerkleVerificationError.wrongMatrixCount(expected: 5, actual: 4)) {
      try verify(rows: Array(opening.openedRows.dropLast()))
    }
    #expect(throws: MerkleVerificationError.indexOutOfRange(index: 16, leafCount: 16)) {
      try verify(index: 16)
    }
    #expect(throws: MerkleVerificationError.indexOutOfRange(index: -1, leafCount: 16)) {
      try verify(index: -1)
    }
    // Dimensions the verifier must refuse outright.
    var notPowerOfTwo = dims
    notPowerOfTwo[0].height = 12
    #expect(throws: MerkleVerificationError.invalidDimensions) { try verify(dims: notPowerOfTwo) }
    var zeroWidth = dims
    zeroWidth[2].width = 0
    #expect(throws: MerkleVerificationError.invalidDimensions) { try verify(dims: zeroWidth) }
    #expect(throws: MerkleVerificationError.invalidDimensions) { try verify(dims: []) }
    // Plausible but wrong dimensions: a matrix claimed at another height, or two matrices of
    // the same height listed in the other order (rows swapped to match the widths).
    var shorter = dims
    shorter[4].height = 4  // really 8
    #expect(throws: MerkleVerificationError.rootMismatch) { try verify(dims: shorter) }
    var taller = dims
    taller[3].height = 2  // really 1
    #expect(throws: MerkleVerificationError.rootMismatch) { try verify(dims: taller) }
    var swappedDims = dims
    swappedDims.swapAt(0, 2)
    var swappedRows = opening.openedRows
    swappedRows.swapAt(0, 2)
    #expect(throws: MerkleVerificationError.rootMismatch) {
      try verify(dims: swappedDims, rows: swappedRows)
    }
  }

  @Test("a single row matrix: the root is the leaf hash and the path is empty")
  func singleLeaf() throws {
    let m = RowMajorMatrix(values: [KoalaBear(1), KoalaBear(2), KoalaBear(3)], width: 3)
    let tree = MerkleTree(matrices: [m])
    #expect(tree.root == Poseidon2Sponge.hash(m.values))
    let opening = tree.open(0)
    #expect(opening.proof.isEmpty)
    try MerkleTree.verify(root: tree.root, dimensions: tree.dimensions, index: 0, opening: opening)
  }
}
