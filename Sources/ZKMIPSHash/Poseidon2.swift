import ZKMIPSField

/// The Poseidon2 permutation over KoalaBear with width 16 (eprint 2023/323), the hash of every
/// Merkle tree and of the Fiat–Shamir challenger.
///
/// Structure: an initial multiplication by the external matrix M_E, 4 full rounds, 20 partial
/// rounds, 4 full rounds. A full round adds 16 round constants, cubes every element and
/// multiplies by M_E; a partial round adds one constant to state[0], cubes state[0] only and
/// multiplies by the internal matrix M_I. The instance (S-box, matrices, round numbers and
/// round constants) is the one Plonky3 ships as `default_koalabear_poseidon2_16`, and the
/// published test vector is reproduced by our tests.
///
/// **S-box x^3.** p − 1 = 2^24 · 127 is not divisible by 3, so x ↦ x^3 is a permutation of
/// the field; 3 is the smallest such exponent and so the cheapest.
///
/// **Round numbers (128-bit security).** With M = 128, p ≈ 2^31, t = 16, α = 3, the
/// Poseidon inequalities (eprint 2019/458 §5 and App. C; eprint 2023/537 for the
/// binomial Gröbner bound, all unchanged for Poseidon2 by 2023/323 §4) give:
///
/// | attack | requirement (for R_P = 18) | derived |
/// |---|---|---|
/// | statistical | R_F ≥ 6 (since M ≤ ⌊log2 p − (α−1)/2⌋·(t+1) = 29·17 = 493) | 6 |
/// | interpolation | R_F ≥ 1 + ⌈log_α 2 · min(M, n)⌉ + ⌈log_α t⌉ − R_P = 24 − R_P | 6 |
/// | Gröbner 1 | R_F ≥ log_α 2 · min(M, log2 p) − R_P | 2 |
/// | Gröbner 2 | R_F ≥ t − 1 + log_α 2 · min(M/(t+1), log2 p / 2) − R_P | 2 |
/// | Gröbner 3 | R_F ≥ (t − 2 + M/(2 log2 α) − R_P)/(t − 1) | 3 |
/// | binomial (2023/537) | 2·log2 C(over, under) ≥ M | 222 ≥ 128 |
///
/// The cheapest pair (minimising t·R_F + R_P S-boxes) is (R_F, R_P) = (6, 18); the standard
/// security margin (R_F + 2, ⌈1.075·R_P⌉) gives **(8, 20)**. The test suite re-derives this
/// table from the formulas (`RoundNumberTests`).
///
/// **External matrix.** M_E = circ(2·M4, M4, M4, M4) in 4×4 blocks, with
/// M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]], an MDS matrix computable with 7 additions and
/// 2 doublings. The paper's Appendix B matrix [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] is a
/// costlier MDS choice; the construction only needs M4 to be MDS, and this one is what Plonky3
/// uses. Tests check that M4 is MDS and M_E invertible.
///
/// **Internal matrix.** M_I = 𝟙 + diag(V) (𝟙 the all-ones matrix), so M_I·x = Σx + V∘x, with
/// V = [−2, 1, 2, 1/2, 3, 4, −1/2, −3, −4, 1/2^8, 1/8, 1/2^24, −1/2^8, −1/8, −1/16, −1/2^24].
/// Each V_i is ±(1, 2, 3, 4) or ±2^−k, so V_i·x costs a few additions or shifts and no
/// Montgomery reduction; V_0 = −2 turns the first row into Σ_{i≥1} x_i − x_0. The paper requires
/// M_I invertible and, against infinitely long subspace trails, that the minimal polynomials of
/// M_I^k for k = 1…2t be irreducible of degree t; the tests check both.
public enum Poseidon2 {
  /// The state width t.
  public static let width = 16
  /// The number of full (external) rounds R_F, half before and half after the partial rounds.
  public static let fullRounds = 8
  /// The number of partial (internal) rounds R_P.
  public static let partialRounds = 20
  /// The S-box exponent α.
  public static let sBoxDegree = 3

  /// Applies the permutation to one state in place.
  ///
  /// - Complexity: 8·16 + 20 S-boxes; about 0.5 µs on the reference machine. For bulk work use
  ///   the `PackedKoalaBear` overload, which runs eight states at once.
  public static func permute(_ state: inout InlineArray<16, KoalaBear>) {
    var words = InlineArray<16, UInt32>(repeating: 0)
    for i in 0..<16 { words[i] = state[i].montgomeryValue }
    permuteSingle(&words)
    for i in 0..<16 { state[i] = KoalaBear.fromMontgomery(words[i]) }
  }

  /// Returns the permutation of `input`.
  public static func permuted(_ input: InlineArray<16, KoalaBear>) -> InlineArray<16, KoalaBear> {
    var state = input
    permute(&state)
    return state
  }

  /// Applies the permutation to 16 Montgomery words in place (the single-state kernel).
  @inline(__always)
  static func permuteWords(_ words: inout InlineArray<16, UInt32>) {
    permuteSingle(&words)
  }
}

// MARK: - The rounds, generic over the lane type

extension Poseidon2 {
  /// The whole permutation on a state of lanes: with `PackedKoalaBear` lanes, eight independent
  /// states (one state alone runs in `permuteSingle`, which is faster for a single state).
  ///
  /// Written as one loop over the nine external layers (the initial M_E, then S-box + M_E
  /// for each full round) with the partial rounds spliced in after the fourth full round, so
  /// each layer has a single code site: the specialiser left generic helpers outlined (even
  /// `@inline(__always)` ones), and those calls cost 5–15%.
  @inline(__always)
  static func permuteLanes<L: Poseidon2Lanes>(
    _ s: inout InlineArray<16, L>, roundConstants rc: UnsafePointer<UInt32>
  ) {
    for round in 0...8 {
      if round > 0 {
        // Full round `round`: constants 0..<64 for rounds 1–4, 84..<148 for rounds 5–8.
        let c = rc + (round <= 4 ? (round &- 1) &* 16 : 20 &+ (round &- 1) &* 16)
        for i in 0..<16 { s[i] = cube(L.add(s[i], L.broadcast(c[i]))) }
      }
      // s ← M_E·s: M4 on each block of four, then add the sum of each column of blocks.
      for block in stride(from: 0, to: 16, by: 4) {
        let x0 = s[block], x1 = s[block &+ 1], x2 = s[block &+ 2], x3 = s[block &+ 3]
        let a = L.add(x0, x1)
        let b = L.add(x2, x3)
        let total = L.add(a, b)
        let totalPlus1 = L.add(total, x1)  // x0 + 2x1 + x2 + x3
        let totalPlus3 = L.add(total, x3)  // x0 + x1 + x2 + 2x3
        s[block] = L.add(totalPlus1, a)  // 2x0 + 3x1 + x2 + x3
        s[block &+ 1] = L.add(totalPlus1, L.add(x2, x2))  // x0 + 2x1 + 3x2 + x3
        s[block &+ 2] = L.add(totalPlus3, b)  // x0 + x1 + 2x2 + 3x3
        s[block &+ 3] = L.add(totalPlus3, L.add(x0, x0))  // 3x0 + x1 + x2 + 2x3
      }
      for k in 0..<4 {
        let column = L.add(L.add(s[k], s[k &+ 4]), L.add(s[k &+ 8], s[k &+ 12]))
        s[k] = L.add(s[k], column)
        s[k &+ 4] = L.add(s[k &+ 4], column)
        s[k &+ 8] = L.add(s[k &+ 8], column)
        s[k &+ 12] = L.add(s[k &+ 12], column)
      }
      if round == 4 {
        // The 20 partial rounds: S-box on s[0] only, then s ← M_I·s = Σs + V∘s. (Written
        // inline: as a helper it stayed an outlined call in the 8-lane specialisation.)
        for r in 0..<20 {
          let s0 = cube(L.add(s[0], L.broadcast(rc[64 &+ r])))
          // Σ_{i≥1} s_i as a balanced tree, independent of the S-box so the two overlap.
          let p1 = L.add(L.add(s[1], s[2]), L.add(s[3], s[4]))
          let p2 = L.add(L.add(s[5], s[6]), L.add(s[7], s[8]))
          let p3 = L.add(L.add(s[9], s[10]), L.add(s[11], s[12]))
          let p4 = L.add(L.add(s[13], s[14]), s[15])
          let rest = L.add(L.add(p1, p2), L.add(p3, p4))
          let sum = L.add(rest, s0)
          s[0] = L.sub(rest, s0)  // sum + (−2)·s0
          s[1] = L.add(sum, s[1])
          s[2] = L.add(sum, L.add(s[2], s[2]))
          s[3] = L.add(sum, L.halve(s[3]))
          s[4] = L.add(sum, L.add(L.add(s[4], s[4]), s[4]))
          let twice5 = L.add(s[5], s[5])
          s[5] = L.add(sum, L.add(twice5, twice5))
          s[6] = L.sub(sum, L.halve(s[6]))
          s[7] = L.sub(sum, L.add(L.add(s[7], s[7]), s[7]))
          let twice8 = L.add(s[8], s[8])
          s[8] = L.sub(sum, L.add(twice8, twice8))
          s[9] = L.add(sum, L.divPow2(s[9], 8))
          s[10] = L.add(sum, L.divPow2(s[10], 3))
          s[11] = L.add(sum, L.divPow2(s[11], 24))
          s[12] = L.sub(sum, L.divPow2(s[12], 8))
          s[13] = L.sub(sum, L.divPow2(s[13], 3))
          s[14] = L.sub(sum, L.divPow2(s[14], 4))
          s[15] = L.sub(sum, L.divPow2(s[15], 24))
        }
      }
    }
  }

  @inline(__always)
  static func cube<L: Poseidon2Lanes>(_ x: L) -> L { L.mul(L.mul(x, x), x) }

  /// The internal diagonal V as field elements, for tests and documentation.
  public static var internalDiagonal: [KoalaBear] {
    let half = KoalaBear(2).inverse()!
    func inversePower(_ k: UInt64) -> KoalaBear { half.power(k) }
    return [
      -KoalaBear(2), .one, KoalaBear(2), half, KoalaBear(3), KoalaBear(4), -half, -KoalaBear(3),
      -KoalaBear(4), inversePower(8), inversePower(3), inversePower(24), -inversePower(8),
      -inversePower(3), -inversePower(4), -inversePower(24),
    ]
  }
}

// MARK: - Eight states at once

extension Poseidon2 {
  /// Applies the permutation to eight independent states held lane-wise: lane j of
  /// `state[i]` is element i of state j.
  ///
  /// This is the bulk-hashing kernel: the eight states run in AVX2 registers with one
  /// instruction stream, so the cost per state is several times below the single-state
  /// ``permute(_:)-(InlineArray<16,KoalaBear>)``.
  public static func permute(_ state: inout InlineArray<16, PackedKoalaBear>) {
    montgomeryRoundConstants.withUnsafeBufferPointer { rc in
      permuteLanes(&state, roundConstants: rc.baseAddress!)
    }
  }
}
