import Foundation
import Testing
import ZKMIPSHash

/// Re-derives Poseidon2's round numbers for KoalaBear, t = 16, α = 3 at 128-bit security from
/// the published inequalities (eprint 2019/458 §5 and App. C; eprint 2023/537 for the binomial
/// Gröbner bound), then applies the standard margin (R_F + 2, ⌈1.075·R_P⌉).
@Suite("Poseidon2 round numbers")
struct RoundNumberTests {
  static let p = Double(2_130_706_433)
  static let bits = 31.0  // n = ⌈log2 p⌉
  static let security = 128.0
  static let t = 16.0
  static let alpha = 3.0

  static func logBase(_ base: Double, _ x: Double) -> Double { log(x) / log(base) }

  /// log2 of the binomial coefficient C(n, k), via lgamma.
  static func log2Binomial(_ n: Double, _ k: Double) -> Double {
    (lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)) / log(2)
  }

  /// Whether (R_F, R_P) resists every attack in the table of `Poseidon2`'s documentation.
  static func isSecure(fullRounds rf: Int, partialRounds rp: Int) -> Bool {
    let (m, t, a, n) = (security, t, alpha, bits)
    let RF = Double(rf)
    let RP = Double(rp)
    let statistical = m <= floor(log2(p) - (a - 1) / 2) * (t + 1) ? 6.0 : 10.0
    let interpolation = 1 + ceil(logBase(a, 2) * min(m, n)) + ceil(logBase(a, t)) - RP
    let groebner1 = logBase(a, 2) * min(m, log2(p)) - RP
    let groebner2 = t - 1 + logBase(a, 2) * min(m / (t + 1), log2(p) / 2) - RP
    let groebner3 = (t - 2 + m / (2 * log2(a)) - RP) / (t - 1)
    let required = [statistical, interpolation, groebner1, groebner2, groebner3].map { ceil($0) }
      .max()!
    let third = floor(t / 3)
    let over = floor((RF - 1) * t + RP + third + third * (RF / 2) + RP + a)
    let under = floor(third * (RF / 2) + RP + a)
    let binomial = 2 * log2Binomial(over, under)
    return RF >= required && binomial >= m
  }

  @Test("the cheapest secure pair is (6, 18) and with the margin (8, 20)")
  func derivesEightAndTwenty() {
    var best: (cost: Int, rf: Int, rp: Int)? = nil
    for rp in 1..<120 {
      for rf in stride(from: 4, to: 40, by: 2)
      where Self.isSecure(fullRounds: rf, partialRounds: rp) {
        let cost = 16 * rf + rp
        if best == nil || cost < best!.cost { best = (cost, rf, rp) }
      }
    }
    #expect(best?.rf == 6)
    #expect(best?.rp == 18)
    let marginFull = 6 + 2
    let marginPartial = Int((18.0 * 1.075).rounded(.up))
    #expect(marginFull == Poseidon2.fullRounds)
    #expect(marginPartial == Poseidon2.partialRounds)
  }

  @Test("one round fewer than the minimum is insecure (the bound is tight)")
  func boundIsTight() {
    #expect(Self.isSecure(fullRounds: 6, partialRounds: 18))
    #expect(!Self.isSecure(fullRounds: 6, partialRounds: 17))
    #expect(!Self.isSecure(fullRounds: 4, partialRounds: 40))
    #expect(Self.isSecure(fullRounds: Poseidon2.fullRounds, partialRounds: Poseidon2.partialRounds))
  }
}
