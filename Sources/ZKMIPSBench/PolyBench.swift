import ZKMIPSField
import ZKMIPSPoly

/// Benchmarks of the NTT and the coset low-degree extension.
///
/// Transforms run in place on data that is restored before each timed call; outputs are
/// folded into a checksum afterwards so the work cannot be dropped. The NTT figure is the
/// natural → bit-reversed transform, the same kernel shape as the C probe's `ntt.2^20.*`.
public enum PolyBench {
  /// Runs the group; `quick` uses smaller sizes and fewer samples (keys are unchanged and
  /// the label says `_quick`).
  public static func run(quick: Bool) -> [BenchResult] {
    let samples = quick ? 2 : 7
    let note = quick ? " (_quick: smaller size)" : ""
    var results: [BenchResult] = []

    let logN = quick ? 16 : 20
    let input = randomElements(1 << logN, seed: 20)
    for (key, threads) in [("ntt_2^20_ms", NTT.defaultThreads), ("ntt_2^20_1thread_ms", 1)] {
      var data = input
      let seconds = data.withUnsafeMutableBufferPointer { buffer in
        timeRestoring(buffer, from: input, samples: samples) {
          NTT.forward(buffer, from: .natural, to: .bitReversed, threads: threads)
        }
      }
      precondition(data != input, "NTT did no work")
      results.append(
        BenchResult(
          key: key, value: seconds * 1e3, unit: "ms",
          label: "forward NTT 2^\(logN), natural → bit-reversed, \(threads) thread(s)" + note))
    }

    let logHeight = quick ? 14 : 18
    let width = 32
    let trace = RowMajorMatrix(values: randomElements(width << logHeight, seed: 21), width: width)
    for logBlowup in [1, 2] {
      var output = RowMajorMatrix(zerosHeight: 1, width: width)
      let seconds = BenchClock.best(samples: quick ? 1 : 5) {
        output = LowDegreeExtension.cosetExtend(trace, logBlowup: logBlowup)
      }
      precondition(output.height == trace.height << logBlowup, "LDE has the wrong height")
      results.append(
        BenchResult(
          key: "lde_2^18x32_blowup\(1 << logBlowup)_ms", value: seconds * 1e3, unit: "ms",
          label: "coset LDE of 2^\(logHeight) × 32, blowup \(1 << logBlowup), natural order, "
            + "all cores, including output allocation" + note))
    }
    return results
  }

  static func randomElements(_ count: Int, seed: UInt64) -> [KoalaBear] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in KoalaBear.random(using: &rng) }
  }

  /// Best-of-`samples` time of `body`, with `buffer` reset from `source` (untimed) before
  /// every call so each run transforms the same data.
  static func timeRestoring(
    _ buffer: UnsafeMutableBufferPointer<KoalaBear>, from source: [KoalaBear], samples: Int,
    _ body: () -> Void
  ) -> Double {
    var best = Double.infinity
    for sample in 0...samples {  // sample 0 warms up (twiddle table, threads, caches)
      _ = source.withUnsafeBufferPointer { buffer.update(fromContentsOf: $0) }
      let t0 = BenchClock.now()
      body()
      if sample > 0 { best = min(best, BenchClock.now() - t0) }
    }
    return best
  }
}
