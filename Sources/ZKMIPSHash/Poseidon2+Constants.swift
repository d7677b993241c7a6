import ZKMIPSField

// MARK: - Round constants: the Grain LFSR procedure of the Poseidon paper
//
// Poseidon2 (eprint 2023/323) keeps the round-constant generation of Poseidon (eprint 2019/458,
// Appendix F): an 80-bit Grain LFSR in self-shrinking mode, seeded with the instance
// parameters. We run that procedure at start-up, so the constants have no provenance other
// than the parameters (field_type = 1, S-box = x^α (flag 0), n = 31, t = 16, R_F = 8,
// R_P = 20) — nothing to mistype. The output is, by construction and by test, identical to the
// constants Plonky3 publishes for KoalaBear width 16 (`KOALABEAR_POSEIDON2_RC_16_*`), whose
// permutation test vector our tests also match.
//
// Ordering, as in the reference implementation: R_F/2 · t constants for the initial external
// rounds, then R_P constants for the internal rounds (one each, added to state[0]), then
// R_F/2 · t for the final external rounds.

/// The Grain LFSR of Poseidon's reference round-constant generator.
///
/// The 80-bit register is seeded big-endian with: 2 bits field type (1 = prime field),
/// 4 bits S-box type (0 = x^α), 12 bits n = ⌈log2 p⌉, 12 bits t, 10 bits R_F, 10 bits R_P and
/// 30 one bits. Each clock computes b = s0 ⊕ s13 ⊕ s23 ⊕ s38 ⊕ s51 ⊕ s62, shifts left and
/// appends b. The first 160 outputs are discarded. Output bits are produced in
/// self-shrinking mode: clock twice giving (a, b); if a = 1 output b, otherwise discard both.
/// A field element is n output bits read most-significant first, rejected and redrawn if ≥ p.
public struct GrainLFSR: Sendable {
  /// The 80 register bits as a ring buffer; logical bit i is `bits[(head + i) % 80]`.
  private var bits: [UInt8]
  private var head = 0

  /// Seeds the generator for a prime-field Poseidon instance with an x^α S-box.
  public init(fieldBits: Int, width: Int, fullRounds: Int, partialRounds: Int) {
    var seed: [UInt8] = []
    func append(_ value: Int, bitCount: Int) {
      for i in stride(from: bitCount - 1, through: 0, by: -1) {
        seed.append(UInt8((value >> i) & 1))
      }
    }
    append(1, bitCount: 2)  // field type: GF(p)
    append(0, bitCount: 4)  // S-box: x^α
    append(fieldBits, bitCount: 12)
    append(width, bitCount: 12)
    append(fullRounds, bitCount: 10)
    append(partialRounds, bitCount: 10)
    seed += [UInt8](repeating: 1, count: 30)
    bits = seed
    for _ in 0..<160 { _ = clock() }
  }

  private func bit(_ i: Int) -> UInt8 { bits[(head + i) % 80] }

  /// Advances the register one step and returns the new (feedback) bit.
  private mutating func clock() -> UInt8 {
    let new = bit(0) ^ bit(13) ^ bit(23) ^ bit(38) ^ bit(51) ^ bit(62)
    bits[head] = new  // the oldest bit's slot becomes the newest bit
    head = (head + 1) % 80
    return new
  }

  /// The next output bit of the self-shrinking generator.
  public mutating func nextBit() -> UInt8 {
    while true {
      let a = clock()
      let b = clock()
      if a == 1 { return b }
    }
  }

  /// The next field element below `modulus`, drawn from `bitCount` bits by rejection.
  public mutating func nextFieldElement(bitCount: Int, modulus: UInt64) -> UInt64 {
    while true {
      var v: UInt64 = 0
      for _ in 0..<bitCount { v = (v << 1) | UInt64(nextBit()) }
      if v < modulus { return v }
    }
  }
}

extension Poseidon2 {
  /// The canonical round constants, in round order: 4·16 initial external, 20 internal,
  /// 4·16 final external (148 values), as produced by ``GrainLFSR``.
  public static let canonicalRoundConstants: [UInt32] = {
    var grain = GrainLFSR(
      fieldBits: 31, width: width, fullRounds: fullRounds, partialRounds: partialRounds)
    let count = fullRounds * width + partialRounds
    return (0..<count).map { _ in
      UInt32(grain.nextFieldElement(bitCount: 31, modulus: UInt64(KoalaBear.modulus)))
    }
  }()

  /// The same constants as Montgomery words, the form the rounds add to the state.
  static let montgomeryRoundConstants: [UInt32] = canonicalRoundConstants.map {
    KoalaBear($0).montgomeryValue
  }
}
