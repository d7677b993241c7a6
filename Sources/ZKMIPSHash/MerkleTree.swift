import Foundation
import ZKMIPSField

/// The shape of one committed matrix, which the verifier must know independently of any proof.
public struct MatrixDimensions: Sendable, Hashable {
  /// The number of columns (elements per opened row).
  public var width: Int
  /// The number of rows; a power of two.
  public var height: Int

  /// Dimensions `width` × `height`.
  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
}

/// What a Merkle opening reveals at one index: a row of every committed matrix and the
/// authentication path.
public struct MerkleOpening: Sendable, Equatable {
  /// Row `index >> (log2 H − log2 h)` of each matrix of height h, in commit order (H is the
  /// tallest height).
  public var openedRows: [[KoalaBear]]
  /// The sibling digests from the leaf level up to (not including) the root.
  public var proof: [Digest]

  /// An opening made of the given rows and path.
  public init(openedRows: [[KoalaBear]], proof: [Digest]) {
    self.openedRows = openedRows
    self.proof = proof
  }
}

/// A Merkle commitment to a batch of matrices of power-of-two heights (a "mixed matrix
/// commitment scheme"): one root binds every matrix, and one authentication path opens a row of
/// each matrix at once.
///
/// **The tree, exactly** (what ``verify(root:dimensions:index:openedRows:proof:)`` recomputes).
/// Let H be the tallest height, so the tree has log2 H + 1 levels; level ℓ has H / 2^ℓ nodes.
/// For a height h let rows_h(i) be the concatenation of row i of every matrix of height h, in
/// commit order.
/// - Level 0: node_0[i] = hash(rows_H(i)), i < H (``Poseidon2Sponge/hash(_:)-([KoalaBear])``).
/// - Level ℓ ≥ 1: node_ℓ[i] = compress(node_{ℓ−1}[2i], node_{ℓ−1}[2i+1]); then, if some
///   matrices have height h = H / 2^ℓ, node_ℓ[i] = compress(node_ℓ[i], hash(rows_h(i))).
/// - The root is node_{log2 H}[0].
///
/// Opening index i reveals row i / (H / h) of each matrix of height h, and the siblings
/// node_ℓ[(i >> ℓ) ⊕ 1] for ℓ = 0 ..< log2 H. A shorter matrix's row is thus shared by the
/// H / h leaves below the node where it is injected, which is what FRI needs when it queries
/// the same index in codewords of different sizes.
///
/// The leaf hash's input length (the sum of the widths at that height) is fixed by the
/// dimensions, and the sponge binds it, so rows cannot be re-split between matrices.
public struct MerkleTree: Sendable {
  /// The committed matrices, in commit order.
  public let matrices: [RowMajorMatrix]
  /// Every node, level after level (leaves first), 8 elements per digest.
  let nodes: [KoalaBear]
  /// The digest offset of each level's first node in `nodes`.
  let levelOffsets: [Int]

  /// The tallest matrix height H, which is the number of leaves.
  public var leafCount: Int { matrices.map(\.height).max()! }

  /// log2 H, the number of siblings in every authentication path.
  public var depth: Int { levelOffsets.count - 1 }

  /// The dimensions of the committed matrices, in commit order.
  public var dimensions: [MatrixDimensions] {
    matrices.map { MatrixDimensions(width: $0.width, height: $0.height) }
  }

  /// The root digest.
  public var root: Digest { node(level: depth, index: 0) }

  /// Commits to `matrices`, hashing leaves eight at a time on every core.
  ///
  /// - Precondition: at least one matrix; every height is a power of two.
  /// - Complexity: about 3·H/8 eight-lane permutations for one H × 16 matrix.
  public init(matrices: [RowMajorMatrix]) {
    precondition(!matrices.isEmpty, "nothing to commit")
    for m in matrices {
      precondition(
        m.height > 0 && m.height & (m.height - 1) == 0, "matrix heights must be powers of two")
    }
    self.matrices = matrices
    let height = matrices.map(\.height).max()!
    let depth = height.trailingZeroBitCount
    var offsets: [Int] = []
    var total = 0
    for level in 0...depth {
      offsets.append(total)
      total += height >> level
    }
    levelOffsets = offsets
    nodes = MerkleTree.buildNodes(
      matrices: matrices, height: height, offsets: offsets, count: total)
  }

  /// Commits to `matrices` and returns the root with the prover data needed to open it.
  public static func commit(_ matrices: [RowMajorMatrix]) -> (root: Digest, tree: MerkleTree) {
    let tree = MerkleTree(matrices: matrices)
    return (tree.root, tree)
  }

  /// The digest of node `index` at `level` (0 = leaves).
  public func node(level: Int, index: Int) -> Digest {
    precondition(level >= 0 && level <= depth && index >= 0 && index < leafCount >> level)
    let base = (levelOffsets[level] + index) * 8
    var elements = InlineArray<8, KoalaBear>(repeating: .zero)
    for e in 0..<8 { elements[e] = nodes[base + e] }
    return Digest(elements: elements)
  }

  /// Opens every matrix at leaf `index`: the rows it binds and the authentication path.
  ///
  /// - Precondition: `0 <= index < leafCount`.
  public func open(_ index: Int) -> MerkleOpening {
    precondition(index >= 0 && index < leafCount, "index out of range")
    let h = leafCount
    let rows = matrices.map { m in m.row(index / (h / m.height)) }
    let proof = (0..<depth).map { level in node(level: level, index: (index >> level) ^ 1) }
    return MerkleOpening(openedRows: rows, proof: proof)
  }
}

// MARK: - Building the tree

extension MerkleTree {
  /// Below this many leaves a tree is built on one thread (a parallel region costs ~12 µs).
  static let parallelThreshold = 1 << 11

  static func buildNodes(matrices: [RowMajorMatrix], height: Int, offsets: [Int], count: Int)
    -> [KoalaBear]
  {
    let depth = offsets.count - 1
    return withRowPointers(matrices) { pointers in
      // The matrices injected at each level, in commit order.
      let segments = UnsafeMutableBufferPointer<RowSegment>.allocate(capacity: matrices.count)
      defer { segments.deallocate() }
      var used = 0
      var groups: [RowGroup?] = []
      for level in 0...depth {
        let members = matrices.indices.filter { matrices[$0].height == height >> level }
        if members.isEmpty {
          groups.append(nil)
          continue
        }
        for (k, m) in members.enumerated() {
          (segments.baseAddress! + used + k).initialize(
            to: RowSegment(base: pointers[m], width: matrices[m].width))
        }
        let group = UnsafeBufferPointer(rebasing: segments[used..<(used + members.count)])
        groups.append(
          RowGroup(segments: group, totalWidth: members.reduce(0) { $0 + matrices[$1].width }))
        used += members.count
      }
      return [KoalaBear](unsafeUninitializedCapacity: count * 8) { buffer, initialized in
        let out = buffer.baseAddress!
        // Split the bottom of the tree into `chunks` independent subtrees, one parallel region;
        // the few top levels (fewer than 8 nodes per chunk) are finished serially.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var chunkCount = 1
        if height >= parallelThreshold {
          while chunkCount < 4 * cores && height / (chunkCount * 2) >= 256 { chunkCount *= 2 }
        }
        let chunks = chunkCount
        let parallelLevels = (0...depth).filter { (height >> $0) / chunks >= 8 }.count
        let shared = UncheckedSendable(value: (out, groups))
        let work: @Sendable (Int) -> Void = { chunk in
          let (out, groups) = shared.value
          for level in 0..<parallelLevels {
            let n = (height >> level) / chunks
            buildLevel(
              level: level, range: (chunk * n)..<((chunk + 1) * n), group: groups[level],
              nodes: out, offsets: offsets)
          }
        }
        if chunks > 1 {
          DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else if parallelLevels > 0 {
          work(0)
        }
        for level in parallelLevels..<(depth + 1) {
          buildLevel(
            level: level, range: 0..<(height >> level), group: groups[level], nodes: out,
            offsets: offsets)
        }
        initialized = count * 8
      }
    }
  }

  /// Runs `body` with a pointer to each matrix's storage, kept valid for the whole call.
  static func withRowPointers<R>(
    _ matrices: [RowMajorMatrix], _ body: ([UnsafePointer<KoalaBear>]) -> R
  ) -> R {
    func nest(_ i: Int, _ acc: [UnsafePointer<KoalaBear>]) -> R {
      if i == matrices.count { return body(acc) }
      return matrices[i].values.withUnsafeBufferPointer { nest(i + 1, acc + [$0.baseAddress!]) }
    }
    return nest(0, [])
  }
}
