import Foundation
import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// The STARK engine on the Fibonacci example AIR: prove, verify, size and security.
public enum StarkBench {
  /// Proves and verifies a Fibonacci AIR of 2^logRows rows × 32 columns with the default
  /// parameters (2^20 rows normally, 2^12 with `quick`).
  public static func run(quick: Bool, logRows: Int? = nil) -> [BenchResult] {
    let log = logRows ?? (quick ? 12 : 20)
    let air = FibonacciAIR(pairs: 16)
    let key = VerifyingKey(airs: [air], parameters: .standard)
    let (trace, pv) = air.trace(height: 1 << log)
    var proof: StarkProof? = nil
    let proveTime = BenchClock.best(samples: 1) {
      proof = try? StarkProver.prove(key: key, traces: [trace], publicValues: [pv])
    }
    guard let proof else { return [] }
    let bytes = ProofCodec.encode(proof)
    var ok = false
    let verifyTime = BenchClock.best(samples: quick ? 1 : 5) {
      ok = (try? StarkVerifier.verify(try ProofCodec.decode(bytes), key: key)) != nil
    }
    let report = SoundnessCalculator.report(
      parameters: key.parameters.fri, shape: key.shape(logHeights: [log]))
    let label = "Fibonacci AIR 2^\(log) x 32" + (quick ? " (quick)" : "")
    return [
      BenchResult(
        key: "stark_prove_fib_2^20x32_s", value: proveTime, unit: "s", label: "prove " + label),
      BenchResult(
        key: "stark_verify_fib_2^20x32_ms", value: ok ? verifyTime * 1000 : .nan, unit: "ms",
        label: "verify (decode + check) " + label),
      BenchResult(
        key: "stark_proof_size_fib_2^20x32_bytes", value: Double(bytes.count), unit: "bytes",
        label: "proof size " + label),
      BenchResult(
        key: "stark_provable_bits", value: report.provableBits, unit: "bits",
        label: "provable security (unique decoding) " + label),
      BenchResult(
        key: "stark_conjectured_bits", value: report.conjecturedBits, unit: "bits",
        label: "conjectured security (ethSTARK) " + label),
    ]
  }
}
