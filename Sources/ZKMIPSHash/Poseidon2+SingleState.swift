import ZKMIPSField

// MARK: - One state in two vectors
//
// A single permutation (the challenger, Merkle verification, the top of a tree) is latency
// bound, not throughput bound: the lane-generic kernel on `UInt32` spends most of its time on
// 16 separate scalar chains. Here the state is two 8-lane vectors, A = s[0..<8] and
// B = s[8..<16], so a full round is two vector S-boxes and M_E is a handful of in-lane
// shuffles; a partial round extracts s[0] for a scalar S-box while the rest of M_I proceeds in
// vectors. Same permutation, same constants; the tests compare it with the dense reference.

typealias Vector8 = PackedKoalaBear

/// [x1, x2, x3, x0 | x5, x6, x7, x4]: rotate each block of four by one (one `vpshufd`).
@inline(__always)
private func rotateQuads1(_ x: Vector8) -> Vector8 {
  let v = x.montgomeryLanes
  return Vector8(montgomeryLanes: SIMD8(v[1], v[2], v[3], v[0], v[5], v[6], v[7], v[4]))
}

/// [x2, x3, x0, x1 | x6, x7, x4, x5]: rotate each block of four by two.
@inline(__always)
private func rotateQuads2(_ x: Vector8) -> Vector8 {
  let v = x.montgomeryLanes
  return Vector8(montgomeryLanes: SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5]))
}

/// [x4 … x7 | x0 … x3]: swap the two blocks of four.
@inline(__always)
private func swapQuads(_ x: Vector8) -> Vector8 {
  let v = x.montgomeryLanes
  return Vector8(montgomeryLanes: SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3]))
}

/// Lanes of `a` where `mask` is all ones, lanes of `b` elsewhere.
@inline(__always)
private func select(_ mask: SIMD8<UInt32>, _ a: Vector8, _ b: Vector8) -> Vector8 {
  Vector8(montgomeryLanes: (a.montgomeryLanes & mask) | (b.montgomeryLanes & ~mask))
}

@inline(__always)
private func loadVector(_ p: UnsafePointer<UInt32>) -> Vector8 {
  Vector8(montgomeryLanes: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<UInt32>.self))
}

extension Poseidon2 {
  /// The Montgomery words of the internal diagonal V, for the vector form of M_I.
  static let montgomeryInternalDiagonal: [UInt32] = internalDiagonal.map(\.montgomeryValue)

  /// s ← M_E·s for the state (a, b). M4 on each block of four, y_i = 2x_i + 3x_{i+1} + x_{i+2}
  /// + x_{i+3} (indices within the block), as t = x + rot1(x), y = t + rot2(t) + t + rot1(x);
  /// then each block gains the column sums. (Both halves in one body: a helper called twice
  /// was left outlined once.)
  @inline(__always)
  static func externalLayerVectors(_ a: inout Vector8, _ b: inout Vector8) {
    let ra = rotateQuads1(a)
    let rb = rotateQuads1(b)
    let ta = a + ra
    let tb = b + rb
    a = ta + rotateQuads2(ta) + ta + ra
    b = tb + rotateQuads2(tb) + tb + rb
    let pairs = a + b
    let columns = pairs + swapQuads(pairs)
    a = a + columns
    b = b + columns
  }

  /// Applies the permutation to one state of Montgomery words, two vectors at a time.
  static func permuteSingle(_ words: inout InlineArray<16, UInt32>) {
    montgomeryRoundConstants.withUnsafeBufferPointer { rcBuffer in
      montgomeryInternalDiagonal.withUnsafeBufferPointer { diagBuffer in
        let rc = rcBuffer.baseAddress!
        var a = Vector8(
          montgomeryLanes: SIMD8(
            words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7]))
        var b = Vector8(
          montgomeryLanes: SIMD8(
            words[8], words[9], words[10], words[11], words[12], words[13], words[14], words[15]))
        let diagA = loadVector(diagBuffer.baseAddress!)
        let diagB = loadVector(diagBuffer.baseAddress! + 8)
        let notLane0 = SIMD8<UInt32>(0, ~0, ~0, ~0, ~0, ~0, ~0, ~0)
        for round in 0...8 {
          if round > 0 {
            let c = rc + (round <= 4 ? (round &- 1) &* 16 : 20 &+ (round &- 1) &* 16)
            a = cube(a + loadVector(c))
            b = cube(b + loadVector(c + 8))
          }
          externalLayerVectors(&a, &b)
          if round == 4 {
            for r in 0..<20 {
              // Scalar S-box on s[0] (the latency chain) …
              let s0 = cube(UInt32.add(a.montgomeryLanes[0], rc[64 &+ r]))
              // … while Σ_{i≥1} s_i and V∘s proceed in vectors: fold lanes 1…15 to a total
              // in every lane, multiply by the diagonal, add Σs = rest + s0.
              var rest = select(notLane0, a, .zero) + b
              rest = rest + swapQuads(rest)
              rest = rest + rotateQuads2(rest)
              rest = rest + rotateQuads1(rest)
              let s0Vector = Vector8(montgomeryLanes: SIMD8(repeating: s0))
              let sum = rest + s0Vector
              // Lane 0 is sum − 2·s0 = rest − s0 (V_0 = −2).
              a = select(notLane0, a * diagA + sum, rest - s0Vector)
              b = b * diagB + sum
            }
          }
        }
        for i in 0..<8 {
          words[i] = a.montgomeryLanes[i]
          words[8 &+ i] = b.montgomeryLanes[i]
        }
      }
    }
  }
}
