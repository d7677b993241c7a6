import ZKMIPSField

// MARK: - Node kernels: eight nodes per permutation where the range allows, one otherwise

/// Lets raw pointers into buffers that outlive a parallel region cross into its workers; each
/// worker writes a disjoint range, which is what makes this sound.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}

/// One matrix of a row group: its storage and width.
struct RowSegment {
  let base: UnsafePointer<KoalaBear>
  let width: Int
}

/// The matrices of one height: row i of the group is the concatenation of their rows i. Held
/// through a raw buffer (owned by the tree builder) so the per-node loops never retain arrays.
struct RowGroup {
  let segments: UnsafeBufferPointer<RowSegment>
  let totalWidth: Int
}

extension MerkleTree {
  /// Computes nodes `range` of `level` into `nodes` (8 elements per digest, level-major at
  /// `offsets`), reading the level below and the rows of `group` if that level injects any.
  static func buildLevel(
    level: Int, range: Range<Int>, group: RowGroup?, nodes: UnsafeMutablePointer<KoalaBear>,
    offsets: [Int]
  ) {
    let out = nodes + offsets[level] * 8
    let below: UnsafePointer<KoalaBear>? =
      level == 0 ? nil : UnsafePointer(nodes + offsets[level - 1] * 8)
    var i = range.lowerBound
    while i &+ 8 <= range.upperBound {
      buildEight(at: i, below: below, group: group, out: out + i &* 8)
      i &+= 8
    }
    while i < range.upperBound {
      buildOne(at: i, below: below, group: group, out: out + i &* 8)
      i &+= 1
    }
  }

  /// Nodes i ..< i+8 with 8-lane permutations.
  @inline(__always)
  static func buildEight(
    at i: Int, below: UnsafePointer<KoalaBear>?, group: RowGroup?,
    out: UnsafeMutablePointer<KoalaBear>
  ) {
    guard let below else {
      // Leaf level: the tallest matrices always exist.
      storeDigestLanes(hashRowsEight(group!, row: i), out)
      return
    }
    var s = InlineArray<16, PackedKoalaBear>(repeating: .zero)
    let children = below + 2 &* i &* 8
    for e in 0..<8 {
      s[e] = gatherWords(children + e, stride: 16)
      s[8 &+ e] = gatherWords(children + (8 &+ e), stride: 16)
    }
    Poseidon2.permute(&s)
    if let group {
      let rows = hashRowsEight(group, row: i)
      for e in 0..<8 { s[8 &+ e] = rows[e] }
      Poseidon2.permute(&s)
    }
    storeDigestLanes(s, out)
  }

  /// Node i with scalar permutations (ranges shorter than 8: the top of the tree).
  static func buildOne(
    at i: Int, below: UnsafePointer<KoalaBear>?, group: RowGroup?,
    out: UnsafeMutablePointer<KoalaBear>
  ) {
    var s = InlineArray<16, UInt32>(repeating: 0)
    if let below {
      let children = below + 2 &* i &* 8
      for e in 0..<16 { s[e] = children[e].montgomeryValue }
      Poseidon2.permuteWords(&s)
      if let group {
        let rows = hashRowsOne(group, row: i)
        for e in 0..<8 { s[8 &+ e] = rows[e] }
        Poseidon2.permuteWords(&s)
      }
    } else {
      let rows = hashRowsOne(group!, row: i)
      for e in 0..<8 { s[e] = rows[e] }
    }
    for e in 0..<8 { out[e] = KoalaBear.fromMontgomery(s[e]) }
  }

  // MARK: Row hashing (the sponge of Poseidon2Sponge, streamed from the matrices)

  /// The sponge digests of rows i ..< i+8 of `group`, as lanes (element e of digest j is lane j
  /// of entry e). Must equal `Poseidon2Sponge.hash` of each concatenated row.
  @inline(__always)
  static func hashRowsEight(_ group: RowGroup, row i: Int) -> InlineArray<16, PackedKoalaBear> {
    var s = InlineArray<16, PackedKoalaBear>(repeating: .zero)
    s[8] = PackedKoalaBear(repeating: KoalaBear(UInt32(group.totalWidth)))
    var fill = 0
    for segment in group.segments {
      let width = segment.width
      var cell = segment.base + i &* width
      for _ in 0..<width {
        s[fill] = gatherWords(cell, stride: width)
        cell += 1
        fill &+= 1
        if fill == 8 {
          Poseidon2.permute(&s)
          fill = 0
        }
      }
    }
    if fill > 0 {
      for e in fill..<8 { s[e] = .zero }
      Poseidon2.permute(&s)
    }
    return s
  }

  /// The sponge digest of row i of `group`, as Montgomery words.
  static func hashRowsOne(_ group: RowGroup, row i: Int) -> InlineArray<16, UInt32> {
    var s = InlineArray<16, UInt32>(repeating: 0)
    s[8] = KoalaBear(UInt32(group.totalWidth)).montgomeryValue
    var fill = 0
    for segment in group.segments {
      let width = segment.width
      let row = segment.base + i &* width
      for c in 0..<width {
        s[fill] = row[c].montgomeryValue
        fill &+= 1
        if fill == 8 {
          Poseidon2.permuteWords(&s)
          fill = 0
        }
      }
    }
    if fill > 0 {
      for e in fill..<8 { s[e] = 0 }
      Poseidon2.permuteWords(&s)
    }
    return s
  }

  // MARK: Lane transposition

  /// `base[0], base[stride], …, base[7·stride]` as one packed value.
  @inline(__always)
  static func gatherWords(_ base: UnsafePointer<KoalaBear>, stride: Int) -> PackedKoalaBear {
    PackedKoalaBear(
      montgomeryLanes: SIMD8(
        base[0].montgomeryValue, base[stride].montgomeryValue, base[2 &* stride].montgomeryValue,
        base[3 &* stride].montgomeryValue, base[4 &* stride].montgomeryValue,
        base[5 &* stride].montgomeryValue, base[6 &* stride].montgomeryValue,
        base[7 &* stride].montgomeryValue))
  }

  /// Stores the 8 digests held in lanes (element e of digest j = lane j of `s[e]`) as 8
  /// consecutive digests.
  @inline(__always)
  static func storeDigestLanes(
    _ s: InlineArray<16, PackedKoalaBear>, _ out: UnsafeMutablePointer<KoalaBear>
  ) {
    for j in 0..<8 {
      for e in 0..<8 { out[j &* 8 &+ e] = KoalaBear.fromMontgomery(s[e].montgomeryLanes[j]) }
    }
  }
}
