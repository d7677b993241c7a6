import ZKMIPSField

// MARK: - One state in two vectors
//
// A single permutation (the challenger, Merkle verification, the top of a tree) is latency
// bound, not throughput bound: the lane-generic kernel on `UInt32` spends most of its time on
// 16 separate scalar chains. Here the state is two 8-lane vectors, A = s[0..<8] and
// B = s[8..<16], so a full round is two vector S-boxes and M_E is a handful of in-lane
// shuffles; a partial round extracts s[0] for a scalar S-box while the rest of M_I proceeds in
// vectors. Same permutation, same constants; the tests compare it with the dense reference.

/// [x1, x2, x3, x0 | x5, x6, x7, x4]: rotate each block of four by one (one `vpshufd`).
@inline(__always)
private func rotateQuads1(_ x: SIMD8<UInt32>) -> SIMD8<UInt32> {
  SIMD8(x[1], x[2], x[3], x[0], x[5], x[6], x[7], x[4])
}

/// [x2, x3, x0, x1 | x6, x7, x4, x5]: rotate each block of four by two.
@inline(__always)
private func rotateQuads2(_ x: SIMD8<UInt32>) -> SIMD8<UInt32> {
  SIMD8(x[2], x[3], x[0], x[1], x[6], x[7], x[4], x[5])
}

/// [x4 … x7 | x0 … x3]: swap the two blocks of four.
@inline(__always)
private func swapQuads(_ x: SIMD8<UInt32>) -> SIMD8<UInt32> {
  SIMD8(x[4], x[5], x[6], x[7], x[0], x[1], x[2], x[3])
}

@inline(__always)
private func loadVector(_ p: UnsafePointer<UInt32>) -> SIMD8<UInt32> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<UInt32>.self)
}

typealias Vector8 = SIMD8<UInt32>

extension Poseidon2 {
  /// The Montgomery words of the internal diagonal V, for the vector form of M_I.
  static let montgomeryInternalDiagonal: [UInt32] = internalDiagonal.map(\.montgomeryValue)

  /// M4 on each block of four of `x`: y_i = 2x_i + 3x_{i+1} + x_{i+2} + x_{i+3} (indices within
  /// the block), computed as t = x + rot1(x), total = t + rot2(t), y = total + t + rot1(x).
  @inline(__always)
  static func multiplyQuadsByM4(_ x: Vector8) -> Vector8 {
    let r1 = rotateQuads1(x)
    let t = Vector8.add(x, r1)
    let total = Vector8.add(t, rotateQuads2(t))
    return Vector8.add(Vector8.add(total, t), r1)
  }

  /// s ← M_E·s for the state (a, b): M4 per block, then each block gains the column sums.
  @inline(__always)
  static func externalLayerVectors(_ a: inout Vector8, _ b: inout Vector8) {
    a = multiplyQuadsByM4(a)
    b = multiplyQuadsByM4(b)
    let pairs = Vector8.add(a, b)
    let columns = Vector8.add(pairs, swapQuads(pairs))
    a = Vector8.add(a, columns)
    b = Vector8.add(b, columns)
  }

  /// Applies the permutation to one state of Montgomery words, two vectors at a time.
  static func permuteSingle(_ words: inout InlineArray<16, UInt32>) {
    montgomeryRoundConstants.withUnsafeBufferPointer { rcBuffer in
      montgomeryInternalDiagonal.withUnsafeBufferPointer { diagBuffer in
        let rc = rcBuffer.baseAddress!
        var a = Vector8(
          words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7])
        var b = Vector8(
          words[8], words[9], words[10], words[11], words[12], words[13], words[14], words[15])
        let diagA = loadVector(diagBuffer.baseAddress!)
        let diagB = loadVector(diagBuffer.baseAddress! + 8)
        let notLane0 = Vector8(0, ~0, ~0, ~0, ~0, ~0, ~0, ~0)
        for round in 0...8 {
          if round > 0 {
            let c = rc + (round <= 4 ? (round &- 1) &* 16 : 20 &+ (round &- 1) &* 16)
            a = cube(Vector8.add(a, loadVector(c)))
            b = cube(Vector8.add(b, loadVector(c + 8)))
          }
          externalLayerVectors(&a, &b)
          if round == 4 {
            for r in 0..<20 {
              // Scalar S-box on s[0] (the latency chain) …
              let s0 = cube(UInt32.add(a[0], rc[64 &+ r]))
              // … while Σ_{i≥1} s_i and V∘s proceed in vectors: fold lanes 1…15 to a total
              // in every lane, multiply by the diagonal, add Σs = rest + s0.
              var rest = Vector8.add(a & notLane0, b)
              rest = Vector8.add(rest, swapQuads(rest))
              rest = Vector8.add(rest, rotateQuads2(rest))
              rest = Vector8.add(rest, rotateQuads1(rest))
              let s0Vector = Vector8(repeating: s0)
              let sum = Vector8.add(rest, s0Vector)
              let scaledA = Vector8.mul(a, diagA)
              let scaledB = Vector8.mul(b, diagB)
              // Lane 0 is sum − 2·s0 = rest − s0 (V_0 = −2).
              let first = Vector8.sub(rest, s0Vector)
              a = (Vector8.add(scaledA, sum) & notLane0) | (first & ~notLane0)
              b = Vector8.add(scaledB, sum)
            }
          }
        }
        for i in 0..<8 {
          words[i] = a[i]
          words[8 &+ i] = b[i]
        }
      }
    }
  }
}
