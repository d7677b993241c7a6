import Testing
import ZKMIPSField
import ZKMIPSHash

@Suite("Poseidon2 KoalaBear width 16")
struct Poseidon2Tests {
  @Test("Grain LFSR reproduces the 148 constants Plonky3 publishes")
  func grainMatchesPublishedConstants() {
    let ours = Poseidon2.canonicalRoundConstants
    let published = Plonky3KoalaBear16.allInRoundOrder
    #expect(ours.count == 148)
    #expect(ours == published)
  }

  @Test("the plain reference reproduces Plonky3's published vector")
  func referenceMatchesPublishedVector() {
    let reference = ReferencePoseidon2(constants: Plonky3KoalaBear16.allInRoundOrder)
    let input = Plonky3KoalaBear16.vectorInput.map { KoalaBear(canonical: $0)! }
    #expect(reference.permute(input).map(\.value) == Plonky3KoalaBear16.vectorOutput)
  }

  @Test("the scalar kernel reproduces Plonky3's published vector")
  func scalarMatchesPublishedVector() {
    var state = state16(Plonky3KoalaBear16.vectorInput)
    Poseidon2.permute(&state)
    #expect(values16(state) == Plonky3KoalaBear16.vectorOutput)
  }

  @Test("scalar kernel equals the dense reference on random and edge inputs")
  func scalarMatchesReference() {
    let reference = ReferencePoseidon2(constants: Plonky3KoalaBear16.allInRoundOrder)
    var rng = SplitMix64(seed: 0x5eed_0001)
    var inputs: [[KoalaBear]] = (0..<200).map { _ in rng.elements(16) }
    let top = KoalaBear(canonical: KoalaBear.modulus - 1)!
    inputs.append([KoalaBear](repeating: .zero, count: 16))
    inputs.append([KoalaBear](repeating: top, count: 16))
    inputs.append((0..<16).map { KoalaBear(UInt32($0)) })
    for input in inputs {
      var s = InlineArray<16, KoalaBear>(repeating: .zero)
      for i in 0..<16 { s[i] = input[i] }
      Poseidon2.permute(&s)
      #expect(values16(s) == reference.permute(input).map(\.value))
    }
  }

  @Test("packed kernel equals the scalar kernel lane by lane")
  func packedMatchesScalar() {
    var rng = SplitMix64(seed: 0x5eed_0002)
    for group in 0..<64 {
      var states: [InlineArray<16, KoalaBear>] = (0..<8).map { _ in
        var s = InlineArray<16, KoalaBear>(repeating: .zero)
        for i in 0..<16 { s[i] = rng.element() }
        return s
      }
      if group == 0 {
        // Edge lanes: zero, p − 1, one.
        for i in 0..<16 {
          states[0][i] = .zero
          states[1][i] = KoalaBear(canonical: KoalaBear.modulus - 1)!
          states[2][i] = .one
        }
      }
      var lanes = InlineArray<16, PackedKoalaBear>(repeating: .zero)
      for i in 0..<16 {
        for j in 0..<8 { lanes[i][lane: j] = states[j][i] }
      }
      Poseidon2.permute(&lanes)
      for j in 0..<8 {
        let expected = Poseidon2.permuted(states[j])
        let got = (0..<16).map { lanes[$0][lane: j].value }
        #expect(got == values16(expected), "group \(group) lane \(j)")
      }
    }
  }

  @Test("changing any one input element changes every output element")
  func avalanche() {
    var rng = SplitMix64(seed: 0x5eed_0003)
    var base = InlineArray<16, KoalaBear>(repeating: .zero)
    for i in 0..<16 { base[i] = rng.element() }
    let out = values16(Poseidon2.permuted(base))
    for position in 0..<16 {
      var changed = base
      changed[position] = changed[position] + .one
      let out2 = values16(Poseidon2.permuted(changed))
      #expect(zip(out, out2).allSatisfy { $0 != $1 }, "position \(position)")
    }
  }

  @Test("round numbers and S-box are the documented ones")
  func parameters() {
    #expect(Poseidon2.width == 16)
    #expect(Poseidon2.fullRounds == 8)
    #expect(Poseidon2.partialRounds == 20)
    #expect(Poseidon2.sBoxDegree == 3)
    #expect(Poseidon2.internalDiagonal.map(\.value) == ReferencePoseidon2.diagonal.map(\.value))
  }
}
