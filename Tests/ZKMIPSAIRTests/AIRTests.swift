import Testing
import ZKMIPSAIR
import ZKMIPSField

@Suite("AIR interface, degree inference and the checker")
struct AIRTests {
  @Test func symbolicBuilderInfersDegreesAndCounts() {
    let fib = AIRAnalysis(FibonacciAIR(pairs: 3))
    #expect(fib.constraintCount == 15)
    #expect(fib.maxDegree == 2)
    let range = AIRAnalysis(RangeCheckedAIR())
    #expect(range.constraintDegrees == [2, 2])
  }

  @Test func honestFibonacciTraceHasNoViolation() {
    let air = FibonacciAIR(pairs: 2)
    let (trace, pv) = air.trace(height: 64)
    #expect(ConstraintChecker.violations(of: air, trace: trace, publicValues: pv).isEmpty)
  }

  @Test func checkerNamesTheTableRowAndConstraint() {
    let air = FibonacciAIR()
    var (trace, pv) = air.trace(height: 16)
    trace[5, 1] += .one
    let v = ConstraintChecker.violations(of: air, trace: trace, publicValues: pv)
    #expect(
      v.contains(
        ConstraintViolation(table: "fibonacci", row: 4, constraint: "transition: b' = a + b")))
    #expect(
      v.contains(ConstraintViolation(table: "fibonacci", row: 5, constraint: "transition: a' = b")))
    pv[2] += .one
    let w = ConstraintChecker.violations(of: air, trace: air.trace(height: 16).0, publicValues: pv)
    #expect(
      w == [
        ConstraintViolation(table: "fibonacci", row: 15, constraint: "last row: b = claimed result")
      ])
  }

  @Test func byteBusBalancesForHonestTracesOnly() {
    let range = RangeCheckedAIR(), bytes = ByteTableAIR()
    let (t, sent) = range.trace([1, 255, 256, 0xffff, 0x1234], height: 8)
    let counts = bytes.trace(counting: sent)
    #expect(ConstraintChecker.busImbalances([(range, t), (bytes, counts)]).isEmpty)
    // A value ≥ 2^16 cannot be decomposed into bytes the table accepts.
    var bad = t
    bad[0, 0] = KoalaBear(70000)
    bad[0, 1] = KoalaBear(70000 - 256 * 255)
    bad[0, 2] = KoalaBear(255)
    #expect(ConstraintChecker.violations(of: range, trace: bad).isEmpty)
    #expect(!ConstraintChecker.busImbalances([(range, bad), (bytes, counts)]).isEmpty)
    // A padding row that sends (is_real = 2) breaks the boolean constraint.
    var padding = t
    padding[7, 3] = KoalaBear(2)
    #expect(!ConstraintChecker.violations(of: range, trace: padding).isEmpty)
  }
}
