import ZKMIPSField

// 16-lane KoalaBear arithmetic for the NTT kernels. Sixteen lanes fill one AVX-512 register,
// or two AVX2 registers on CPUs without it; PERFORMANCE.md measured SIMD16 "as good or
// better" than SIMD8 on AVX2, and on AVX-512 hosts it halves the instruction count. Lanes
// are Montgomery words in [0, p), bit-identical to `KoalaBear`. Everything here is
// `@inline(__always)` with per-lane loops so LLVM emits single vector instructions and big
// kernels never call out (PERFORMANCE.md §3).

typealias Lanes16 = SIMD16<UInt32>

/// Vector helpers over `Lanes16`, shared by the single-vector and the matrix kernels.
enum V16 {
  @inline(__always) static var p: Lanes16 { Lanes16(repeating: 0x7f00_0001) }

  @inline(__always)
  static func load(_ pointer: UnsafePointer<KoalaBear>) -> Lanes16 {
    UnsafeRawPointer(pointer).loadUnaligned(as: Lanes16.self)
  }

  @inline(__always)
  static func load(_ pointer: UnsafeMutablePointer<KoalaBear>) -> Lanes16 {
    UnsafeRawPointer(pointer).loadUnaligned(as: Lanes16.self)
  }

  @inline(__always)
  static func store(_ value: Lanes16, _ pointer: UnsafeMutablePointer<KoalaBear>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes16.self)
  }

  @inline(__always)
  static func broadcast(_ x: KoalaBear) -> Lanes16 { Lanes16(repeating: x.montgomeryValue) }

  /// Unsigned lane minimum written as a per-lane select (one `vpminud`); a `where`-filtered
  /// loop was measured to fall apart into blends in some callers.
  @inline(__always)
  static func min(_ a: Lanes16, _ b: Lanes16) -> Lanes16 {
    var r = Lanes16()
    for i in 0..<16 { r[i] = b[i] < a[i] ? b[i] : a[i] }
    return r
  }

  @inline(__always)
  static func add(_ a: Lanes16, _ b: Lanes16) -> Lanes16 {
    let s = a &+ b
    return min(s, s &- p)
  }

  @inline(__always)
  static func sub(_ a: Lanes16, _ b: Lanes16) -> Lanes16 {
    let d = a &- b
    return min(d, d &+ p)
  }

  /// Montgomery product, even/odd lanes through 64-bit multiplies (see `PackedKoalaBear`).
  @inline(__always)
  static func mul(_ a: Lanes16, _ b: Lanes16) -> Lanes16 {
    let low = SIMD8<UInt64>(repeating: 0xffff_ffff)
    let a64 = unsafeBitCast(a, to: SIMD8<UInt64>.self)
    let b64 = unsafeBitCast(b, to: SIMD8<UInt64>.self)
    let productEven = (a64 & low) &* (b64 & low)
    let productOdd = (a64 &>> 32) &* (b64 &>> 32)
    let mu = SIMD8<UInt64>(repeating: 0x8100_0001)  // p^−1 mod 2^32
    let modulus = SIMD8<UInt64>(repeating: 0x7f00_0001)
    let qpEven = (((productEven & low) &* mu) & low) &* modulus
    let qpOdd = (((productOdd & low) &* mu) & low) &* modulus
    let productHigh = (productEven &>> 32) | (productOdd & ~low)
    let qpHigh = (qpEven &>> 32) | (qpOdd & ~low)
    let d =
      unsafeBitCast(productHigh, to: Lanes16.self) &- unsafeBitCast(qpHigh, to: Lanes16.self)
    return min(d, d &+ p)
  }

  /// Lane i takes lane i XOR `distance` (a fixed shuffle once `distance` is a constant).
  @inline(__always)
  static func swapPartners(_ v: Lanes16, distance: Int) -> Lanes16 {
    var r = Lanes16()
    for i in 0..<16 { r[i] = v[i ^ distance] }
    return r
  }

  /// Lanes whose index has bit `distance` clear come from `lower`, the others from `upper`.
  @inline(__always)
  static func blend(lower: Lanes16, upper: Lanes16, distance: Int) -> Lanes16 {
    var r = Lanes16()
    for i in 0..<16 { r[i] = i & distance == 0 ? lower[i] : upper[i] }
    return r
  }
}
