import Testing
import ZKMIPSChallenger
import ZKMIPSField

@Suite("Proof-of-work grinding")
struct GrindingTests {
  /// The smallest witness by a plain one-at-a-time search with the public check.
  static func smallestWitness(_ c: FiatShamirChallenger, bits: Int) -> UInt32 {
    var w: UInt32 = 0
    while true {
      var trial = c
      if trial.checkWitness(bits: bits, witness: KoalaBear(w)) { return w }
      w += 1
    }
  }

  /// A challenger with `queued` inputs waiting (0…7), so every template position is covered.
  static func challenger(seed: UInt64, queued: Int) -> FiatShamirChallenger {
    var rng = SplitMix64(seed: seed)
    var c = FiatShamirChallenger(label: "zkmips-grind-test")
    c.observe(rng.elements(8))  // a full block: the queue is empty now
    _ = c.sample()
    c.observe(rng.elements(queued))
    return c
  }

  @Test("grind finds the smallest witness whatever the queued input count", arguments: 0...7)
  func smallestWitnessAnyQueue(queued: Int) {
    let start = Self.challenger(seed: 0x6a1d_0000 + UInt64(queued), queued: queued)
    for bits in [0, 3, 9] {
      var c = start
      let w = c.grind(bits: bits)
      #expect(w.value == Self.smallestWitness(start, bits: bits), "bits \(bits)")
    }
  }

  @Test(
    "witnesses from the parallel search are the smallest and leave matching transcripts",
    arguments: [12, 16])
  func parallelSearch(bits: Int) {
    let start = Self.challenger(seed: 0x6a1d_1000 + UInt64(bits), queued: 3)
    var prover = start
    let w = prover.grind(bits: bits)
    #expect(w.value == Self.smallestWitness(start, bits: bits))
    var verifier = start
    let accepted = verifier.checkWitness(bits: bits, witness: w)
    #expect(accepted)
    let (next, expectedNext) = (prover.sample(), verifier.sample())
    #expect(next == expectedNext)
  }

  @Test("wrong witnesses are rejected")
  func wrongWitnessesFail() {
    let start = Self.challenger(seed: 0x6a1d_2000, queued: 5)
    let bits = 10
    var prover = start
    let w = prover.grind(bits: bits)
    // Every smaller candidate is invalid (that is what "smallest" means) …
    for candidate in 0..<w.value {
      var v = start
      let accepted = v.checkWitness(bits: bits, witness: KoalaBear(candidate))
      #expect(!accepted, "candidate \(candidate)")
    }
    // … and the witness does not carry over to a different transcript (it would by chance with
    // probability 2^−10; the seed is fixed, so this is deterministic).
    var other = start
    other.observe(KoalaBear(1))
    let carriedOver = other.checkWitness(bits: bits, witness: w)
    #expect(!carriedOver)
    // Zero bits accepts anything.
    var free = start
    let anything = free.checkWitness(bits: 0, witness: KoalaBear(123_456))
    #expect(anything)
  }
}
