import Testing
import ZKMIPSField
import ZKMIPSHash

/// The sponge as documented, written from the public permutation: zero state, length in
/// state[8], blocks of 8 overwrite the rate (last one zero-padded), permute after each block,
/// one permutation for the empty input.
func referenceSpongeHash(_ input: [KoalaBear]) -> [UInt32] {
  var s = InlineArray<16, KoalaBear>(repeating: .zero)
  s[8] = KoalaBear(UInt32(input.count))
  var blocks = stride(from: 0, to: input.count, by: 8).map {
    Array(input[$0..<min($0 + 8, input.count)])
  }
  if blocks.isEmpty { blocks = [[]] }
  for block in blocks {
    for e in 0..<8 { s[e] = e < block.count ? block[e] : .zero }
    Poseidon2.permute(&s)
  }
  return (0..<8).map { s[$0].value }
}

func referenceCompress(_ a: Digest, _ b: Digest) -> [UInt32] {
  var s = InlineArray<16, KoalaBear>(repeating: .zero)
  for i in 0..<8 {
    s[i] = a[i]
    s[8 + i] = b[i]
  }
  Poseidon2.permute(&s)
  return (0..<8).map { s[$0].value }
}

@Suite("Sponge, compression and digests")
struct SpongeTests {
  @Test("sponge equals the documented construction for lengths 0…40", arguments: 0...40)
  func spongeMatchesReference(length: Int) {
    var rng = SplitMix64(seed: 0x5100_0000 + UInt64(length))
    let input = rng.elements(length)
    #expect(Poseidon2Sponge.hash(input).array.map(\.value) == referenceSpongeHash(input))
    #expect(Poseidon2Sponge.hash(input) == Poseidon2Sponge.hash(input))
  }

  @Test("changing, appending, dropping or reordering input changes the digest")
  func spongeSensitivity() {
    var rng = SplitMix64(seed: 0x5100_1000)
    for length in [1, 7, 8, 9, 16, 17] {
      let input = rng.elements(length)
      let base = Poseidon2Sponge.hash(input)
      var seen: Set<Digest> = [base]
      for i in 0..<length {
        var changed = input
        changed[i] = changed[i] + .one
        #expect(seen.insert(Poseidon2Sponge.hash(changed)).inserted, "change at \(i) of \(length)")
      }
      // Zero padding must not collide with an explicit trailing zero (the length is bound).
      #expect(seen.insert(Poseidon2Sponge.hash(input + [.zero])).inserted)
      #expect(seen.insert(Poseidon2Sponge.hash(Array(input.dropLast()))).inserted)
      if length >= 2 {
        var swapped = input
        swapped.swapAt(0, 1)
        if swapped != input { #expect(seen.insert(Poseidon2Sponge.hash(swapped)).inserted) }
      }
    }
    #expect(Poseidon2Sponge.hash([]) != Poseidon2Sponge.hash([.zero]))
  }

  @Test("compression is the truncated permutation and depends on order and both inputs")
  func compression() {
    var rng = SplitMix64(seed: 0x5100_2000)
    for _ in 0..<20 {
      let a = Digest(rng.elements(8))
      let b = Digest(rng.elements(8))
      let c = Poseidon2Sponge.compress(a, b)
      #expect(c.array.map(\.value) == referenceCompress(a, b))
      #expect(c != Poseidon2Sponge.compress(b, a))
      var a2 = a
      a2[7] = a2[7] + .one
      var b2 = b
      b2[0] = b2[0] + .one
      #expect(c != Poseidon2Sponge.compress(a2, b))
      #expect(c != Poseidon2Sponge.compress(a, b2))
    }
  }

  @Test("a leaf hash of 8 elements differs from compressing them with the zero digest")
  func leafAndNodeDiffer() {
    var rng = SplitMix64(seed: 0x5100_3000)
    let x = rng.elements(8)
    #expect(Poseidon2Sponge.hash(x) != Poseidon2Sponge.compress(Digest(x), .zero))
  }

  @Test("digest bytes round-trip; wrong lengths and non-canonical elements are rejected")
  func digestBytes() {
    var rng = SplitMix64(seed: 0x5100_4000)
    let d = Digest(rng.elements(8))
    let bytes = d.bytes
    #expect(bytes.count == 32)
    #expect(Digest(bytes: bytes) == d)
    // Little-endian canonical values.
    let first =
      UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
    #expect(first == d[0].value)
    #expect(Digest(bytes: bytes.dropLast()) == nil)
    #expect(Digest(bytes: bytes + [0]) == nil)
    var nonCanonical = bytes
    // Element 3 := p (0x7f000001), which is ≡ 0 but not canonical.
    nonCanonical.replaceSubrange(12..<16, with: [0x01, 0x00, 0x00, 0x7f])
    #expect(Digest(bytes: nonCanonical) == nil)
    nonCanonical.replaceSubrange(12..<16, with: [0x00, 0x00, 0x00, 0x7f])  // p − 1: fine
    #expect(Digest(bytes: nonCanonical)?[3].value == KoalaBear.modulus - 1)
  }

  @Test("digests are usable as set members and dictionary keys")
  func digestHashable() {
    var rng = SplitMix64(seed: 0x5100_5000)
    let digests = (0..<100).map { _ in Digest(rng.elements(8)) }
    #expect(Set(digests).count == 100)
    #expect(Set(digests + digests).count == 100)
  }
}
