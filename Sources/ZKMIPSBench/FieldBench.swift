import ZKMIPSField

/// Benchmarks of KoalaBear multiplication, scalar and 8-lane packed.
///
/// Each figure is the best of N timed passes over a 2048-element buffer, `a[i] = a[i] · b[i]`
/// repeated (the same shape as the C probe's `kb.mul.*` cases, so the two are comparable).
/// The buffer is read back into a checksum afterwards and every pass feeds on the previous
/// one, so the optimiser can neither hoist nor delete the work.
public enum FieldBench {
  /// Elements per pass: 8 KiB per operand, resident in L1 like the probe's.
  static let count = 2048

  /// Runs the group; `quick` takes fewer repetitions and samples (keys are unchanged).
  public static func run(quick: Bool) -> [BenchResult] {
    let samples = quick ? 2 : 7
    let passes = quick ? 200 : 4000
    let note = quick ? " (_quick: few samples)" : ""
    var rng = SplitMix64(seed: 1)
    let a0 = (0..<count).map { _ in KoalaBear.random(using: &rng) }
    let b = (0..<count).map { _ in KoalaBear.random(using: &rng) }
    var a = a0
    var results: [BenchResult] = []

    let scalar = a.withUnsafeMutableBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        BenchClock.best(samples: samples) {
          for _ in 0..<passes { scalarPass(ap.baseAddress!, bp.baseAddress!) }
        }
      }
    }
    check(a, against: a0)
    results.append(
      BenchResult(
        key: "field_mul_scalar_per_s", value: Double(count * passes) / scalar, unit: "mul/s",
        label: "KoalaBear `*` in an element-wise loop (the compiler may vectorise it), 1 core"
          + note))

    a = a0
    let packed = a.withUnsafeMutableBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        BenchClock.best(samples: samples) {
          for _ in 0..<passes { packedPass(ap.baseAddress!, bp.baseAddress!) }
        }
      }
    }
    check(a, against: a0)
    results.append(
      BenchResult(
        key: "field_mul_packed_per_s", value: Double(count * passes) / packed, unit: "mul/s",
        label: "PackedKoalaBear `*` (8 lanes), element-wise over 2048 elements, 1 core" + note))

    // Latency: one dependent chain, each product waits for the previous one.
    let chainLength = quick ? 1 << 16 : 1 << 20
    var x = a0[0]
    let y = b[0]
    let chain = BenchClock.best(samples: samples) { x = multiplyChain(x, y, count: chainLength) }
    precondition(x != .zero, "chain collapsed to zero")
    results.append(
      BenchResult(
        key: "field_mul_scalar_chain_per_s", value: Double(chainLength) / chain, unit: "mul/s",
        label: "KoalaBear `*` in one dependent chain (latency bound), 1 core" + note))
    return results
  }

  @inline(never)
  static func scalarPass(_ a: UnsafeMutablePointer<KoalaBear>, _ b: UnsafePointer<KoalaBear>) {
    var i = 0
    while i < count {
      a[i] = a[i] * b[i]
      i &+= 1
    }
  }

  @inline(never)
  static func packedPass(_ a: UnsafeMutablePointer<KoalaBear>, _ b: UnsafePointer<KoalaBear>) {
    var i = 0
    while i < count {
      (PackedKoalaBear(loading: a + i) * PackedKoalaBear(loading: b + i)).store(to: a + i)
      i &+= 8
    }
  }

  @inline(never)
  static func multiplyChain(_ start: KoalaBear, _ factor: KoalaBear, count: Int) -> KoalaBear {
    var x = start
    for _ in 0..<count { x *= factor }
    return x
  }

  /// The products of non-zero elements stay non-zero; a buffer equal to its start means
  /// the passes did not run.
  static func check(_ a: [KoalaBear], against start: [KoalaBear]) {
    precondition(a != start && !a.contains(.zero), "multiplication benchmark did no work")
  }
}
