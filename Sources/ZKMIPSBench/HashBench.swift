import ZKMIPSField
import ZKMIPSHash

/// Benchmarks of Poseidon2 and the Merkle commitment.
///
/// Every figure is best-of-N wall time over real work whose result is folded into a checksum
/// that is checked afterwards, so the optimiser cannot drop the work.
public enum HashBench {
  /// Runs the group; `quick` takes fewer samples (same sizes, so the keys stay comparable).
  public static func run(quick: Bool) -> [BenchResult] {
    let samples = quick ? 2 : 5
    var results: [BenchResult] = []

    // Scalar permutation: independent states, one permutation each per pass.
    let scalarCount = quick ? 1 << 13 : 1 << 15
    var states = (0..<scalarCount).map { i -> InlineArray<16, KoalaBear> in
      var s = InlineArray<16, KoalaBear>(repeating: .zero)
      for j in 0..<16 { s[j] = KoalaBear(UInt32(truncatingIfNeeded: i &* 16 &+ j &* 7919)) }
      return s
    }
    let scalarTime = BenchClock.best(samples: samples) {
      states.withUnsafeMutableBufferPointer { buf in
        for i in 0..<buf.count { Poseidon2.permute(&buf[i]) }
      }
    }
    precondition(states.contains { $0[0] != .zero }, "scalar permutation produced no output")
    results.append(
      BenchResult(
        key: "poseidon2_perm_scalar_per_s", value: Double(scalarCount) / scalarTime,
        unit: "perm/s", label: "Poseidon2 KoalaBear-16, one state at a time, 1 core"))

    // Packed permutation: eight states per call, one core.
    let groupCount = quick ? 1 << 12 : 1 << 14
    var groups = (0..<groupCount).map { g -> InlineArray<16, PackedKoalaBear> in
      var s = InlineArray<16, PackedKoalaBear>(repeating: .zero)
      for j in 0..<16 {
        for lane in 0..<8 {
          s[j][lane: lane] = KoalaBear(UInt32(truncatingIfNeeded: g &* 128 &+ j &* 8 &+ lane))
        }
      }
      return s
    }
    let packedTime = BenchClock.best(samples: samples) {
      groups.withUnsafeMutableBufferPointer { buf in
        for i in 0..<buf.count { Poseidon2.permute(&buf[i]) }
      }
    }
    precondition(groups.contains { $0[0] != .zero }, "packed permutation produced no output")
    results.append(
      BenchResult(
        key: "poseidon2_perm_packed_per_s_per_core", value: Double(groupCount * 8) / packedTime,
        unit: "perm/s", label: "Poseidon2 KoalaBear-16, 8 lanes (AVX2), 1 core"))

    // Merkle commitment of one 2^20 × 16 matrix, both cores.
    let height = 1 << 20
    let width = 16
    let matrix = RowMajorMatrix(
      values: (0..<(height * width)).map {
        KoalaBear(UInt32(truncatingIfNeeded: $0 &* 0x9e37_79b9))
      },
      width: width)
    var root = Digest.zero
    let commitTime = BenchClock.best(samples: quick ? 1 : 3) {
      root = MerkleTree(matrices: [matrix]).root
    }
    precondition(root != .zero, "commitment produced no root")
    results.append(
      BenchResult(
        key: "merkle_commit_2^20x16_ms", value: commitTime * 1e3, unit: "ms",
        label: "Merkle commitment of a 2^20 × 16 matrix, all cores"))
    results.append(
      BenchResult(
        key: "merkle_elements_per_s", value: Double(height * width) / commitTime,
        unit: "elements/s",
        label: "field elements committed per second (2^20 × 16, all cores)"))

    return results
  }
}
