import ZKMIPSField

/// SplitMix64: a tiny, fully specified PRNG so every test input is reproducible from its seed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// A uniformly random field element.
  mutating func element() -> KoalaBear {
    KoalaBear(canonical: UInt32.random(in: 0..<KoalaBear.modulus, using: &self))!
  }

  /// `count` uniformly random field elements.
  mutating func elements(_ count: Int) -> [KoalaBear] { (0..<count).map { _ in element() } }
}

func state16(_ values: [UInt32]) -> InlineArray<16, KoalaBear> {
  precondition(values.count == 16)
  var s = InlineArray<16, KoalaBear>(repeating: .zero)
  for i in 0..<16 { s[i] = KoalaBear(canonical: values[i])! }
  return s
}

func values16(_ s: InlineArray<16, KoalaBear>) -> [UInt32] { (0..<16).map { s[$0].value } }
