import Testing
import ZKMIPSChallenger
import ZKMIPSField
import ZKMIPSHash

/// The documented duplex, restated plainly from the public permutation: inputs queue (a full
/// queue duplexes at once); a duplex overwrites the rate with the inputs and zeros, adds the
/// input count to state[15], permutes and exposes state[0..<8], read from state[0] onwards.
struct ReferenceDuplex {
  var state = [KoalaBear](repeating: .zero, count: 16)
  var queue: [KoalaBear] = []
  var outputs: [KoalaBear] = []

  init(label: String) {
    let bytes = Array(label.utf8)
    observe(KoalaBear(UInt32(bytes.count)))
    for b in bytes { observe(KoalaBear(UInt32(b))) }
  }

  mutating func duplex() {
    for i in 0..<8 { state[i] = i < queue.count ? queue[i] : .zero }
    state[15] = state[15] + KoalaBear(UInt32(queue.count))
    var s = InlineArray<16, KoalaBear>(repeating: .zero)
    for i in 0..<16 { s[i] = state[i] }
    Poseidon2.permute(&s)
    for i in 0..<16 { state[i] = s[i] }
    outputs = Array(state[0..<8])
    queue = []
  }

  mutating func observe(_ x: KoalaBear) {
    outputs = []
    queue.append(x)
    if queue.count == 8 { duplex() }
  }

  mutating func sample() -> KoalaBear {
    if !queue.isEmpty || outputs.isEmpty { duplex() }
    return outputs.removeFirst()
  }
}

@Suite("Fiat–Shamir challenger")
struct ChallengerTests {
  static let label = "zkmips-test v1"

  @Test("samples follow the documented duplex for every queue length and read pattern")
  func matchesReferenceDuplex() {
    var rng = SplitMix64(seed: 0xc4a1_0001)
    var challenger = FiatShamirChallenger(label: Self.label)
    var reference = ReferenceDuplex(label: Self.label)
    for step in 0..<300 {
      let action = Int.random(in: 0..<3, using: &rng)
      if action == 0 {
        let count = Int.random(in: 0...17, using: &rng)
        let xs = rng.elements(count)
        challenger.observe(xs)
        for x in xs { reference.observe(x) }
      } else {
        let count = Int.random(in: 1...12, using: &rng)
        for _ in 0..<count {
          let (got, expected) = (challenger.sample(), reference.sample())
          #expect(got == expected, "step \(step)")
        }
      }
    }
  }

  @Test("same label and transcript give the same samples of every kind")
  func deterministic() {
    var rng = SplitMix64(seed: 0xc4a1_0002)
    let transcript = rng.elements(37)
    func run() -> [UInt32] {
      var c = FiatShamirChallenger(label: Self.label)
      c.observe(transcript)
      let e = c.sampleExtension()
      return [
        c.sample().value, e.c0.value, e.c1.value, e.c2.value, e.c3.value,
        UInt32(c.sampleBits(20)), UInt32(c.sampleBits(30)), c.sample().value,
      ]
    }
    #expect(run() == run())
  }

  @Test("changing, reordering, adding or dropping any observed element changes the challenge")
  func transcriptSensitivity() {
    var rng = SplitMix64(seed: 0xc4a1_0003)
    for length in [1, 7, 8, 9, 16, 23] {
      let transcript = rng.elements(length)
      func firstChallenge(_ xs: [KoalaBear], label: String = Self.label) -> KoalaBearExt4 {
        var c = FiatShamirChallenger(label: label)
        c.observe(xs)
        return c.sampleExtension()
      }
      var seen: Set<KoalaBearExt4> = [firstChallenge(transcript)]
      for i in 0..<length {
        var changed = transcript
        changed[i] = changed[i] + .one
        #expect(seen.insert(firstChallenge(changed)).inserted, "change at \(i)/\(length)")
        if i + 1 < length, transcript[i] != transcript[i + 1] {
          var swapped = transcript
          swapped.swapAt(i, i + 1)
          #expect(seen.insert(firstChallenge(swapped)).inserted, "swap at \(i)/\(length)")
        }
      }
      #expect(seen.insert(firstChallenge(transcript + [.zero])).inserted)
      #expect(seen.insert(firstChallenge(Array(transcript.dropLast()))).inserted)
      #expect(seen.insert(firstChallenge(transcript, label: "zkmips-test v2")).inserted)
    }
  }

  @Test("observing after sampling discards the unread outputs")
  func observingInvalidatesOutputs() {
    var rng = SplitMix64(seed: 0xc4a1_0004)
    var c = FiatShamirChallenger(label: Self.label)
    c.observe(rng.elements(3))
    _ = c.sample()
    var stale = c
    let pending = stale.sample()  // what the next read would be without new input
    var a = c
    var b = c
    a.observe(KoalaBear(5))
    b.observe(KoalaBear(6))
    let (sa, sb) = (a.sample(), b.sample())
    #expect(sa != pending)
    #expect(sa != sb)
  }

  @Test("a digest or extension element is observed as its elements in order")
  func structuredObservations() {
    var rng = SplitMix64(seed: 0xc4a1_0005)
    let xs = rng.elements(12)
    var a = FiatShamirChallenger(label: Self.label)
    var b = a
    a.observe(Digest(Array(xs[0..<8])))
    a.observe(KoalaBearExt4(xs[8], xs[9], xs[10], xs[11]))
    b.observe(xs)
    let (sa, sb) = (a.sample(), b.sample())
    #expect(sa == sb)
  }

  @Test(
    "sampleBits stays in range and equals the documented rejection rule",
    arguments: [0, 1, 5, 16, 24, 25, 28, 30])
  func sampleBitsRule(bits: Int) {
    var rng = SplitMix64(seed: 0xc4a1_0006 + UInt64(bits))
    var c = FiatShamirChallenger(label: Self.label)
    c.observe(rng.elements(5))
    var reference = c
    let bound = (UInt64(KoalaBear.modulus) >> UInt64(bits)) << UInt64(bits)
    #expect(UInt64(FiatShamirChallenger.rejectionBound(bits: bits)) == bound)
    var rejections = 0
    for _ in 0..<200 {
      let got = c.sampleBits(bits)
      #expect(got >= 0 && got < 1 << bits)
      var v = UInt64(reference.sample().value)
      while v >= bound {
        rejections += 1
        v = UInt64(reference.sample().value)
      }
      #expect(UInt64(got) == v & ((1 << UInt64(bits)) - 1))
    }
    // At 30 bits about half the samples are redrawn, so the rejection path is exercised.
    if bits == 30 { #expect(rejections > 50) }
  }

  @Test("rejection bounds make every residue equally likely")
  func rejectionBounds() {
    #expect(FiatShamirChallenger.rejectionBound(bits: 0) == KoalaBear.modulus)
    #expect(FiatShamirChallenger.rejectionBound(bits: 24) == KoalaBear.modulus - 1)
    #expect(FiatShamirChallenger.rejectionBound(bits: 30) == 1 << 30)
    for bits in 0...30 {
      let bound = FiatShamirChallenger.rejectionBound(bits: bits)
      #expect(UInt64(bound) % (1 << UInt64(bits)) == 0)
      #expect(UInt64(KoalaBear.modulus) - UInt64(bound) < 1 << UInt64(bits))
    }
  }
}
