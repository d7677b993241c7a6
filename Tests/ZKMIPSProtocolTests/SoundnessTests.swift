import Foundation
import Testing
import ZKMIPSProtocol

@Suite("Soundness calculator")
struct SoundnessTests {
  static let small = ProofShape(
    logMaxTraceHeight: 10, batchedColumns: 40, constraints: 50, maxConstraintDegree: 3,
    busMessages: 1 << 12, maxTupleWidth: 4)

  static func report(_ q: Int, blowup: Int = 2, grind: Int = 0, shape: ProofShape = small)
    -> SoundnessReport
  {
    SoundnessCalculator.report(
      parameters: FRIParameters(
        logBlowup: blowup, queries: q, queryGrindingBits: grind, logFinalPolynomialLength: 3),
      shape: shape)
  }

  @Test func challengeFieldIsAbout124Bits() {
    #expect(abs(SoundnessCalculator.challengeFieldBits - 123.9547) < 0.001)
  }

  @Test func uniqueDecodingQueryTermMatchesTheFormula() {
    // Rate 1/4: δ = (1 − 1/4)/2 = 3/8, so each query is worth −log2(5/8) ≈ 0.678 bits.
    let r = Self.report(100)
    #expect(abs(r.terms["fri_queries"]! - 100 * 0.678_071_9) < 1e-3)
    // With few queries the query term dominates the total.
    #expect(abs(Self.report(20).uniqueDecodingBits - 20 * 0.678_071_9) < 1e-3)
  }

  @Test func grindingAddsItsBitsToTheQueryTerm() {
    #expect(abs(Self.report(20, grind: 10).terms["fri_queries"]! - (20 * 0.678_071_9 + 10)) < 1e-3)
  }

  @Test func challengeGrindingLowersEveryAlgebraicTermByItsBits() {
    let shape = ProofShape(
      logMaxTraceHeight: 20, batchedColumns: 400, constraints: 300, maxConstraintDegree: 3,
      busMessages: 1 << 26, maxTupleWidth: 8)
    func report(_ bits: Int) -> SoundnessReport {
      SoundnessCalculator.report(
        parameters: FRIParameters(
          logBlowup: 2, queries: 140, queryGrindingBits: 16, logFinalPolynomialLength: 6,
          challengeGrindingBits: bits),
        shape: shape)
    }
    let plain = report(0), ground = report(12)
    for term in ["constraint_batching", "logup", "deep", "fri_batching", "fri_commit"] {
      #expect(abs(ground.terms[term]! - plain.terms[term]! - 12) < 1e-9, "\(term)")
    }
    #expect(ground.terms["fri_queries"] == plain.terms["fri_queries"])
    // Without it, 2^26 bus messages at 2^20 rows fall below the 100-bit floor; with it they
    // clear it.
    #expect(plain.provableBits < 100)
    #expect(ground.provableBits >= 100)
  }

  @Test func algebraicTermsFollowTheirBounds() {
    let r = Self.report(100)
    // LogUp: M/|F| with M = 2^12 (independent γ per position: the width does not count).
    #expect(abs(r.terms["logup"]! - (SoundnessCalculator.challengeFieldBits - 12)) < 1e-9)
    // FRI commit: 2·N/|F| with N = 2^12.
    #expect(abs(r.terms["fri_commit"]! - (SoundnessCalculator.challengeFieldBits - 13)) < 1e-9)
    // DEEP: (d + 1)·n/|F| with d = 3, n = 2^10.
    #expect(abs(r.terms["deep"]! - (SoundnessCalculator.challengeFieldBits - 12)) < 1e-9)
  }

  @Test func moreQueriesNeverHurtAndBiggerShapesNeverHelp() {
    var last = 0.0
    for q in stride(from: 10, through: 200, by: 10) {
      let bits = Self.report(q).provableBits
      #expect(bits >= last)
      last = bits
    }
    var shape = Self.small
    var previous = Double.infinity
    for h in 10...24 {
      shape.logMaxTraceHeight = h
      shape.busMessages = 1 << (h + 2)
      let bits = Self.report(130, grind: 16, shape: shape).provableBits
      #expect(bits <= previous)
      previous = bits
    }
  }

  @Test func conjectureIsNeverBelowTheProvableFigure() {
    for q in [20, 60, 130] {
      let r = Self.report(q, grind: 16)
      #expect(r.conjecturedBits >= r.provableBits)
    }
  }

  @Test func johnsonRegimeDoesNotBeatUniqueDecodingAtThisFieldSize() {
    // With |F| ≈ 2^124 the Johnson commit-phase term is far too large: unique decoding is
    // the regime that gives the provable figure (why the defaults are sized for it).
    let r = Self.report(130, grind: 16)
    #expect(r.johnsonBits < r.uniqueDecodingBits)
  }
}

@Suite("Default parameters")
struct DefaultParameterTests {
  /// The pinned figure: the default parameters give ≥ 100 provable bits for the reference
  /// shape of the engine benchmark (2^20 rows, 32 columns, no bus) and for a bus-heavy
  /// shape of 2^18 rows.
  @Test func defaultsGiveAtLeast100ProvableBits() {
    let fri = StarkParameters.standard.fri
    let wide = ProofShape(
      logMaxTraceHeight: 20, batchedColumns: 2 * 32 + 8, constraints: 80, maxConstraintDegree: 2,
      busMessages: 0, maxTupleWidth: 1)
    let bus = ProofShape(
      logMaxTraceHeight: 18, batchedColumns: 400, constraints: 300, maxConstraintDegree: 3,
      busMessages: 1 << 20, maxTupleWidth: 4)
    // The largest tables the verifier accepts, with a machine-sized bus (2^29 messages).
    let largest = ProofShape(
      logMaxTraceHeight: StarkParameters.standard.maxLogHeight, batchedColumns: 2000,
      constraints: 3000, maxConstraintDegree: 3, busMessages: 1 << 29, maxTupleWidth: 8)
    for shape in [wide, bus, largest] {
      let r = SoundnessCalculator.report(parameters: fri, shape: shape)
      #expect(r.provableBits >= 100, "\(shape): \(r.provableBits)")
      #expect(r.conjecturedBits >= r.provableBits)
    }
    #expect(StarkParameters.standard.minimumProvableBits == 100)
  }
}
