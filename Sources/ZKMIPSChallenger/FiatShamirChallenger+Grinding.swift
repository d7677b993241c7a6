import Foundation
import ZKMIPSField
import ZKMIPSHash

// MARK: - Proof-of-work grinding

extension FiatShamirChallenger {
  /// The largest difficulty ``grind(bits:)`` accepts. The search space is the p ≈ 2^31 field
  /// elements, so it fails with probability ≈ exp(−p / 2^bits): e^−32 at 26 bits.
  public static let maxGrindingBits = 26

  /// Verifies a proof-of-work witness: observes `witness`, then samples `bits` bits, and
  /// returns whether they are all zero.
  ///
  /// The check mutates the transcript exactly as ``grind(bits:)`` left the prover's, so both
  /// sides continue from the same state. A verifier must reject the proof when this is false.
  ///
  /// - Precondition: `0 <= bits <= maxSampleBits` (the verifier's parameter, never the proof's).
  public mutating func checkWitness(bits: Int, witness: KoalaBear) -> Bool {
    observe(witness)
    return sampleBits(bits) == 0
  }

  /// Finds the smallest witness w (by canonical value) for which ``checkWitness(bits:witness:)``
  /// holds, applies that check to `self`, and returns w.
  ///
  /// Grinding makes every query-phase challenge cost 2^bits permutations to re-roll, adding
  /// `bits` bits of security to the queries. The search runs eight candidates per 8-lane
  /// permutation on every core; rounds of candidates are scanned in increasing order and the
  /// smallest hit of the first successful round wins, so the witness is deterministic.
  ///
  /// - Precondition: `0 <= bits <= maxGrindingBits`.
  /// - Complexity: expected 2^bits permutations.
  public mutating func grind(bits: Int) -> KoalaBear {
    precondition(
      bits >= 0 && bits <= FiatShamirChallenger.maxGrindingBits, "grinding bits out of range")
    let witness = findWitness(bits: bits)
    let valid = checkWitness(bits: bits, witness: witness)
    precondition(valid, "grinding search returned an invalid witness")
    return witness
  }

  /// The smallest valid witness, searched in rounds that grow from a short single-threaded
  /// prefix (cheap difficulties never pay for threads) to large parallel rounds.
  func findWitness(bits: Int) -> KoalaBear {
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let p = KoalaBear.modulus
    var start: UInt32 = 0
    var size: UInt32 = 1 << 10
    while start < p {
      let end = start + min(size, p - start)
      if workers == 1 || size < (1 << 13) {
        if let w = firstWitness(bits: bits, in: start..<end) { return KoalaBear(w) }
      } else {
        let slice = ((end - start) / UInt32(workers) + 7) & ~7
        let results = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: workers)
        results.initialize(repeating: UInt32.max)
        defer { results.deallocate() }
        let shared = UncheckedSendableBox(value: results)
        let challenger = self
        let roundStart = start
        DispatchQueue.concurrentPerform(iterations: workers) { t in
          let lower = roundStart + min(end - roundStart, UInt32(t) * slice)
          let upper = roundStart + min(end - roundStart, UInt32(t + 1) * slice)
          if let w = challenger.firstWitness(bits: bits, in: lower..<upper) { shared.value[t] = w }
        }
        if let w = results.min(), w != UInt32.max { return KoalaBear(w) }
      }
      start = end
      size = min(size << 1, 1 << 20)
    }
    fatalError("no proof-of-work witness exists for \(bits) bits in this transcript")
  }

  /// The smallest w in `range` passing ``checkWitness(bits:witness:)``, eight candidates per
  /// packed permutation; lanes that may pass are confirmed with the scalar check, which also
  /// covers the (probability ≈ 1/p) rejection-and-redraw case of ``sampleBits(_:)``.
  func firstWitness(bits: Int, in range: Range<UInt32>) -> UInt32? {
    // The permutation input of checkWitness(w): queued inputs, then w, then zeros; capacity
    // with the input count k + 1 added to its last element (see the duplex step).
    let k = inputCount
    var template = InlineArray<16, PackedKoalaBear>(repeating: .zero)
    for e in 0..<k { template[e] = PackedKoalaBear(repeating: inputs[e]) }
    for e in 8..<16 { template[e] = PackedKoalaBear(repeating: state[e]) }
    template[15] = PackedKoalaBear(repeating: state[15] + KoalaBear(UInt32(k + 1)))
    let mask = UInt32((1 << UInt32(bits)) - 1)
    let bound = FiatShamirChallenger.rejectionBound(bits: bits)

    var base = range.lowerBound
    var candidates = PackedKoalaBear((0..<8).map { KoalaBear(base &+ UInt32($0)) })
    let step = PackedKoalaBear(repeating: KoalaBear(8))
    while base < range.upperBound {
      var s = template
      s[k] = candidates
      Poseidon2.permute(&s)
      for j in 0..<8 {
        let w = base &+ UInt32(j)
        guard w < range.upperBound else { break }
        let v = s[0][lane: j].value
        if v & mask == 0 || v >= bound {
          var trial = self
          if trial.checkWitness(bits: bits, witness: KoalaBear(w)) { return w }
        }
      }
      candidates += step
      base &+= 8
    }
    return nil
  }
}

/// Carries a buffer whose slots are written by distinct workers of one parallel region.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
  let value: Value
}
