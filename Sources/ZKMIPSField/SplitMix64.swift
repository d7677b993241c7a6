/// SplitMix64: a tiny deterministic pseudo-random generator, so tests and benchmarks see the
/// same inputs on every run. Not cryptographic — never use it for challenges or secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The generator's state (advanced by a fixed odd constant per draw).
  public var state: UInt64

  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 pseudo-random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniformly random field element.
  public mutating func element() -> KoalaBear {
    KoalaBear(canonical: UInt32.random(in: 0..<KoalaBear.modulus, using: &self))!
  }

  /// `count` uniformly random field elements.
  public mutating func elements(_ count: Int) -> [KoalaBear] { (0..<count).map { _ in element() } }
}
