import ZKMIPSField

/// Plain integer arithmetic mod p, independent of the Montgomery code under test.
enum Ref {
  static let p = UInt64(KoalaBear.modulus)
  static func add(_ a: UInt64, _ b: UInt64) -> UInt64 { (a + b) % p }
  static func sub(_ a: UInt64, _ b: UInt64) -> UInt64 { (a + p - b % p) % p }
  static func mul(_ a: UInt64, _ b: UInt64) -> UInt64 { (a % p) * (b % p) % p }
  static func pow(_ a: UInt64, _ e: UInt64) -> UInt64 {
    var r: UInt64 = 1, b = a % p, e = e
    while e > 0 {
      if e & 1 == 1 { r = mul(r, b) }
      b = mul(b, b)
      e >>= 1
    }
    return r
  }
}

/// Edge values every property test includes: 0, 1, 2, p − 1, p − 2, (p − 1)/2, (p + 1)/2, 2^24.
let edgeValues: [UInt32] = [
  0, 1, 2, KoalaBear.modulus - 1, KoalaBear.modulus - 2, (KoalaBear.modulus - 1) / 2,
  (KoalaBear.modulus + 1) / 2, 1 << 24, 0x7eff_ffff,
]

/// Edge values followed by `count` random canonical values from `seed`.
func sampleValues(seed: UInt64, count: Int) -> [UInt32] {
  var rng = SplitMix64(seed: seed)
  return edgeValues + (0..<count).map { _ in UInt32.random(in: 0..<KoalaBear.modulus, using: &rng) }
}
