/// Eight KoalaBear elements processed together in one 256-bit AVX2 register.
///
/// Each lane holds a Montgomery-form word in [0, p), exactly the bits of a ``KoalaBear``, so
/// eight consecutive `KoalaBear` values in memory load into one packed value and store back
/// without conversion. Every operation is lane-wise: lane `i` of `a * b` is `a[i] * b[i]`.
///
/// Typical use (8 independent Poseidon2 states, one state element per `PackedKoalaBear`):
///
/// ```swift
/// var x = PackedKoalaBear(loading: pointer)     // lanes = pointer[0..<8]
/// x += PackedKoalaBear(repeating: roundConstant)
/// x = x.cubed()                                  // x^3 S-box in every lane
/// let y = x.divided(byPowerOfTwo: 8)             // x · 2^−8, shifts only
/// y.store(to: pointer)
/// ```
///
/// Speed notes: the product uses the even/odd `vpmuludq` formulation (shared/PERFORMANCE.md
/// §2) and every helper is `@inline(__always)`, so a chain of operations compiles to straight
/// AVX2 code when the build targets the host CPU (`-target-cpu native`). Keep hot loops on
/// unsafe pointers and this type; do not go through `subscript` in them.
@frozen
public struct PackedKoalaBear: Sendable, Equatable {
  /// The number of lanes.
  public static let width = 8

  /// The Montgomery-form words of the eight lanes, each in [0, p).
  public var montgomeryLanes: SIMD8<UInt32>

  /// Wraps eight Montgomery-form words.
  ///
  /// - Precondition: every lane is below p (not checked).
  @inlinable @inline(__always)
  public init(montgomeryLanes: SIMD8<UInt32>) { self.montgomeryLanes = montgomeryLanes }

  /// Broadcasts one element to all eight lanes.
  @inlinable @inline(__always)
  public init(repeating element: KoalaBear) {
    montgomeryLanes = SIMD8(repeating: element.montgomeryValue)
  }

  /// Packs eight elements, `elements[i]` going to lane `i`.
  ///
  /// - Precondition: `elements.count == 8`.
  @inlinable
  public init(_ elements: [KoalaBear]) {
    precondition(elements.count == 8, "PackedKoalaBear needs exactly 8 elements")
    var lanes = SIMD8<UInt32>()
    for i in 0..<8 { lanes[i] = elements[i].montgomeryValue }
    montgomeryLanes = lanes
  }

  /// Loads eight consecutive elements from `pointer` (no alignment needed).
  ///
  /// - Precondition: `pointer[0..<8]` is initialised memory.
  @inlinable @inline(__always)
  public init(loading pointer: UnsafePointer<KoalaBear>) {
    montgomeryLanes = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<UInt32>.self)
  }

  /// Stores the eight lanes to `pointer[0..<8]` (no alignment needed).
  @inlinable @inline(__always)
  public func store(to pointer: UnsafeMutablePointer<KoalaBear>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: montgomeryLanes, as: SIMD8<UInt32>.self)
  }

  /// All lanes zero.
  @inlinable public static var zero: PackedKoalaBear { PackedKoalaBear(montgomeryLanes: .zero) }
  /// All lanes one.
  @inlinable public static var one: PackedKoalaBear { PackedKoalaBear(repeating: .one) }

  /// Lane `index` as a scalar element; for setup and tests, not for hot loops.
  @inlinable
  public subscript(lane index: Int) -> KoalaBear {
    get { KoalaBear.fromMontgomery(montgomeryLanes[index]) }
    set { montgomeryLanes[index] = newValue.montgomeryValue }
  }

  /// The eight lanes as an array, lane 0 first.
  @inlinable
  public var elements: [KoalaBear] { (0..<8).map { self[lane: $0] } }
}

// MARK: - Lane-wise helpers

/// Small building blocks kept `@inline(__always)` with per-lane loops: the stdlib's generic
/// `pointwiseMin` / `replacing(with:where:)` get outlined inside big callers (an NTT pass, a
/// Poseidon2 permutation) and split each vector in halves (PERFORMANCE.md §3). These loops
/// vectorise to single `vpminud` / `vpmuludq` instructions.
@usableFromInline
enum PackedOps {
  /// p in every lane; computed, not a stored `static let`, so no lazy-initialisation check
  /// (`swift_once`) lands in hot loops.
  @inlinable @inline(__always)
  static var p: SIMD8<UInt32> { SIMD8(repeating: 0x7f00_0001) }

  /// Lane-wise unsigned minimum (one `vpminud`).
  @inlinable @inline(__always)
  static func min(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    var r = SIMD8<UInt32>()
    for i in 0..<8 { r[i] = b[i] < a[i] ? b[i] : a[i] }
    return r
  }

  /// (a + b) mod p for lanes in [0, p): the sum is below 2^32, and `s − p` wraps above `s`
  /// exactly when `s < p`, so the minimum is the reduced sum.
  @inlinable @inline(__always)
  static func add(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let s = a &+ b
    return min(s, s &- p)
  }

  /// (a − b) mod p: when a < b the difference wraps above p and `d + p` is the answer.
  @inlinable @inline(__always)
  static func sub(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let d = a &- b
    return min(d, d &+ p)
  }

  /// Montgomery product a·b·2^−32 mod p, even/odd lanes through 64-bit multiplies.
  ///
  /// With q = (a·b mod 2^32)·p^−1 mod 2^32, a·b − q·p is divisible by 2^32, so the result is
  /// hi(a·b) − hi(q·p) ∈ (−p, p); one `min` against `d + p` makes it canonical. Even lanes
  /// multiply the low halves of the 64-bit words, odd lanes the high halves (`&>> 32`), and
  /// `(even &>> 32) | (odd & high-mask)` puts the two high words back as one blend.
  @inlinable @inline(__always)
  static func mul(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let low = SIMD4<UInt64>(repeating: 0xffff_ffff)
    let a64 = unsafeBitCast(a, to: SIMD4<UInt64>.self)
    let b64 = unsafeBitCast(b, to: SIMD4<UInt64>.self)
    let productEven = (a64 & low) &* (b64 & low)
    let productOdd = (a64 &>> 32) &* (b64 &>> 32)
    let mu = SIMD4<UInt64>(repeating: UInt64(KoalaBear.inverseModulus))
    let modulus = SIMD4<UInt64>(repeating: UInt64(KoalaBear.modulus))
    let qEven = (productEven & low) &* mu
    let qOdd = (productOdd & low) &* mu
    let qpEven = (qEven & low) &* modulus
    let qpOdd = (qOdd & low) &* modulus
    let productHigh = (productEven &>> 32) | (productOdd & ~low)
    let qpHigh = (qpEven &>> 32) | (qpOdd & ~low)
    let d =
      unsafeBitCast(productHigh, to: SIMD8<UInt32>.self)
      &- unsafeBitCast(qpHigh, to: SIMD8<UInt32>.self)
    return min(d, d &+ p)
  }
}

// MARK: - Arithmetic

extension PackedKoalaBear {
  /// Lane-wise sum.
  @inlinable @inline(__always)
  public static func + (a: PackedKoalaBear, b: PackedKoalaBear) -> PackedKoalaBear {
    PackedKoalaBear(montgomeryLanes: PackedOps.add(a.montgomeryLanes, b.montgomeryLanes))
  }

  /// Lane-wise difference.
  @inlinable @inline(__always)
  public static func - (a: PackedKoalaBear, b: PackedKoalaBear) -> PackedKoalaBear {
    PackedKoalaBear(montgomeryLanes: PackedOps.sub(a.montgomeryLanes, b.montgomeryLanes))
  }

  /// Lane-wise product.
  @inlinable @inline(__always)
  public static func * (a: PackedKoalaBear, b: PackedKoalaBear) -> PackedKoalaBear {
    PackedKoalaBear(montgomeryLanes: PackedOps.mul(a.montgomeryLanes, b.montgomeryLanes))
  }

  /// Every lane multiplied by the same scalar.
  @inlinable @inline(__always)
  public static func * (a: PackedKoalaBear, b: KoalaBear) -> PackedKoalaBear {
    a * PackedKoalaBear(repeating: b)
  }

  /// Every lane multiplied by the same scalar.
  @inlinable @inline(__always)
  public static func * (a: KoalaBear, b: PackedKoalaBear) -> PackedKoalaBear {
    PackedKoalaBear(repeating: a) * b
  }

  /// Lane-wise negation (zero stays zero).
  @inlinable @inline(__always)
  public static prefix func - (a: PackedKoalaBear) -> PackedKoalaBear {
    PackedKoalaBear(montgomeryLanes: PackedOps.sub(.zero, a.montgomeryLanes))
  }

  /// Lane-wise `a = a + b`.
  @inlinable @inline(__always)
  public static func += (a: inout PackedKoalaBear, b: PackedKoalaBear) { a = a + b }
  /// Lane-wise `a = a − b`.
  @inlinable @inline(__always)
  public static func -= (a: inout PackedKoalaBear, b: PackedKoalaBear) { a = a - b }
  /// Lane-wise `a = a · b`.
  @inlinable @inline(__always)
  public static func *= (a: inout PackedKoalaBear, b: PackedKoalaBear) { a = a * b }

  /// Each lane squared (one multiply).
  @inlinable @inline(__always)
  public func squared() -> PackedKoalaBear { self * self }

  /// Each lane cubed, x^3: the KoalaBear Poseidon2 S-box (two multiplies).
  @inlinable @inline(__always)
  public func cubed() -> PackedKoalaBear { self * self * self }

  /// Each lane times 2 (one addition).
  @inlinable @inline(__always)
  public func doubled() -> PackedKoalaBear { self + self }

  /// Each lane divided by 2: x/2 for even x, (x + p)/2 for odd x; shifts and a mask only.
  ///
  /// Division by 2 commutes with the Montgomery map (it is linear), so halving the
  /// Montgomery word halves the element.
  @inlinable @inline(__always)
  public func halved() -> PackedKoalaBear {
    let x = montgomeryLanes
    let halfPPlusOne = SIMD8<UInt32>(repeating: (KoalaBear.modulus &+ 1) &>> 1)
    let oddMask = SIMD8<UInt32>.zero &- (x & 1)  // all ones in odd lanes
    return PackedKoalaBear(montgomeryLanes: (x &>> 1) &+ (oddMask & halfPPlusOne))
  }

  /// Each lane multiplied by 2^−k, using shifts instead of a Montgomery product.
  ///
  /// Write x = hi·2^k + lo with lo < 2^k. Because p − 1 = 127·2^24, 2^k · 127·2^(24−k) ≡ −1,
  /// so 2^−k ≡ −127·2^(24−k) and x·2^−k ≡ hi − lo·127·2^(24−k). Both terms are below p, so
  /// the difference lies in (−p, p) and one `min` reduces it. `lo·127·2^(24−k)` is
  /// `(lo << (31−k)) − (lo << (24−k))`. This is how Poseidon2's internal-layer diagonal
  /// entries ±2^−k are applied cheaply. With a constant `k` everything folds to immediates.
  ///
  /// - Precondition: `1 <= k <= 24`.
  @inlinable @inline(__always)
  public func divided(byPowerOfTwo k: Int) -> PackedKoalaBear {
    let x = montgomeryLanes
    let k32 = UInt32(truncatingIfNeeded: k)
    let hi = x &>> SIMD8(repeating: k32)
    let lo = x & SIMD8(repeating: (UInt32(1) &<< k32) &- 1)
    let loTimes = (lo &<< SIMD8(repeating: 31 &- k32)) &- (lo &<< SIMD8(repeating: 24 &- k32))
    return PackedKoalaBear(montgomeryLanes: PackedOps.sub(hi, loTimes))
  }

  /// Each lane raised to `exponent` by square-and-multiply.
  @inlinable
  public func power(_ exponent: UInt64) -> PackedKoalaBear {
    var result = PackedKoalaBear.one
    var base = self
    var e = exponent
    while e != 0 {
      if e & 1 == 1 { result *= base }
      base *= base
      e >>= 1
    }
    return result
  }
}
