import Foundation
import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSPoly
import ZKMIPSProtocol

extension StarkProver {
  /// The LogUp trace of one table: for each interaction j the helper hⱼ = sⱼ·mⱼ/(β − cⱼ),
  /// then the running sum, each as 4 base columns; and the table's total.
  ///
  /// Rows are split into one chunk per core; each chunk compresses its tuples without
  /// allocating (c = bus + Σ γ_l·v_l with base-field v_l), batch-inverts its denominators
  /// and fills its helper columns; the running sum is then a prefix sum over the chunks.
  static func permutationTrace(
    air: some AIR, trace: RowMajorMatrix, fixed: RowMajorMatrix?, beta: KoalaBearExt4,
    gammas: [KoalaBearExt4]
  ) -> (columns: [[KoalaBear]], sum: KoalaBearExt4) {
    let n = trace.height
    let interactions = air.interactions
    let k = interactions.count
    var helpers = [KoalaBearExt4](repeating: .zero, count: n * k)
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / 64))
    let chunk = (n + workers - 1) / workers
    helpers.withUnsafeMutableBufferPointer { out in
      nonisolated(unsafe) let out = out  // each worker writes its own rows
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        let lo = w * chunk, hi = min(n, lo + chunk)
        guard lo < hi else { return }
        var denominators = [KoalaBearExt4](repeating: .one, count: (hi - lo) * k)
        var numerators = [KoalaBearExt4](repeating: .zero, count: (hi - lo) * k)
        for row in lo..<hi {
          func main(_ c: Int) -> KoalaBear { trace[row, c] }
          func pre(_ c: Int) -> KoalaBear { fixed![row, c] }
          for (j, i) in interactions.enumerated() {
            let m = i.multiplicity.evaluate(main: main, preprocessed: pre)
            var c = KoalaBearExt4(KoalaBear(UInt32(i.bus)))
            for (l, v) in i.values.enumerated() {
              c += gammas[l] * v.evaluate(main: main, preprocessed: pre)
            }
            // β equals a compressed tuple with negligible probability; the honest prover
            // then cannot satisfy the constraint and the proof fails rather than lying.
            let d = beta - c
            denominators[(row - lo) * k + j] = d == .zero ? .one : d
            numerators[(row - lo) * k + j] = KoalaBearExt4(i.direction == .send ? m : -m)
          }
        }
        let inverses = KoalaBearExt4.batchInverse(denominators)
        for x in 0..<((hi - lo) * k) { out[lo * k + x] = numerators[x] * inverses[x] }
      }
    }
    var columns = [[KoalaBear]](
      repeating: [KoalaBear](repeating: .zero, count: n), count: 4 * (k + 1))
    var acc = KoalaBearExt4.zero
    for row in 0..<n {
      for j in 0..<k {
        let h = helpers[row * k + j]
        acc += h
        put(h, into: &columns, at: 4 * j, row: row)
      }
      put(acc, into: &columns, at: 4 * k, row: row)
    }
    return (columns, acc)
  }

  static func put(_ v: KoalaBearExt4, into columns: inout [[KoalaBear]], at c: Int, row: Int) {
    columns[c][row] = v.c0
    columns[c + 1][row] = v.c1
    columns[c + 2][row] = v.c2
    columns[c + 3][row] = v.c3
  }

  /// Σ_j α^(L−1−j)·D_j over the LogUp constraints D_j of one quotient-domain point.
  static func logUpCombination(
    interactions: [Interaction], point i: Int, size: Int, nextStride: Int,
    main: UnsafeBufferPointer<KoalaBear>,
    mainWidth: Int,
    fixed: UnsafeBufferPointer<KoalaBear>, fixedWidth: Int, permutation: [KoalaBear],
    permutationWidth: Int,
    selectors: (KoalaBear, KoalaBear, KoalaBear), beta: KoalaBearExt4, gammas: [KoalaBearExt4],
    cumulativeSum: KoalaBearExt4, powers: Slice<UnsafeBufferPointer<KoalaBearExt4>>
  ) -> KoalaBearExt4 {
    let k = interactions.count
    // Local functions, not closure values: passed to non-escaping parameters they need no
    // heap context per point.
    func mainValue(_ c: Int) -> KoalaBear { main[i * mainWidth + c] }
    func fixedValue(_ c: Int) -> KoalaBear { fixed[i * fixedWidth + c] }
    func ext(_ column: Int, next: Bool) -> KoalaBearExt4 {
      let r = ((i + (next ? nextStride : 0)) & (size - 1)) * permutationWidth + column
      return KoalaBearExt4(
        permutation[r], permutation[r + 1], permutation[r + 2], permutation[r + 3])
    }
    // The same constraints, in the same order, as ``LogUp/evaluateConstraints`` (which the
    // verifier runs), computed without per-point arrays: D_j = h_j·(β − c_j) − s_j·m_j,
    // then first row, transition and last row.
    var acc = KoalaBearExt4.zero
    var j = powers.startIndex
    var sum = KoalaBearExt4.zero
    var sumNext = KoalaBearExt4.zero
    for (x, interaction) in interactions.enumerated() {
      var c = KoalaBearExt4(KoalaBear(UInt32(interaction.bus)))
      for (l, v) in interaction.values.enumerated() {
        c += gammas[l] * v.evaluate(main: mainValue, preprocessed: fixedValue)
      }
      let m = interaction.multiplicity.evaluate(main: mainValue, preprocessed: fixedValue)
      let h = ext(4 * x, next: false)
      acc += powers[j] * (h * (beta - c) - KoalaBearExt4(interaction.direction == .send ? m : -m))
      j += 1
      sum += h
      sumNext += ext(4 * x, next: true)
    }
    let accumulator = ext(4 * k, next: false), accumulatorNext = ext(4 * k, next: true)
    acc += powers[j] * (KoalaBearExt4(selectors.0) * (accumulator - sum))
    acc += powers[j + 1] * (KoalaBearExt4(selectors.2) * (accumulatorNext - accumulator - sumNext))
    acc += powers[j + 2] * (KoalaBearExt4(selectors.1) * (accumulator - cumulativeSum))
    return acc
  }

  /// The quotient Q = (Σ α^i C_i)/Z_H of one table, as coefficient columns: chunk j's
  /// component k is column 4j + k, each of length n, with Q(X) = Σ_j X^(j·n) Q_j(X).
  static func quotientChunks(
    air: some AIR, logHeight: Int, main: RowMajorMatrix, fixed: RowMajorMatrix?,
    permutation: RowMajorMatrix?,
    publicValues: [KoalaBear], alpha: KoalaBearExt4, beta: KoalaBearExt4, gammas: [KoalaBearExt4],
    cumulativeSum: KoalaBearExt4
  ) -> [[KoalaBear]] {
    let logChunks = StarkParameters.logQuotientChunks
    let logQ = logHeight + logChunks
    let size = 1 << logQ
    let n = 1 << logHeight
    let g = Domain.generator
    // Row-major evaluations on the quotient domain g·⟨ω_2n⟩, natural order.
    func onDomain(_ m: RowMajorMatrix?) -> [KoalaBear] {
      guard let m else { return [] }
      return LowDegreeExtension.cosetExtend(m, logBlowup: logChunks, shift: g, order: .natural)
        .values
    }
    let mainQ = onDomain(main), fixedQ = onDomain(fixed), permQ = onDomain(permutation)
    let permWidth = permutation?.width ?? 0

    // Selectors on x_i = g·ω_(2n)^i (see Domain.selectors), with batched inversions.
    let omegaQ = KoalaBear.twoAdicGenerator(logOrder: logQ)
    let omega = KoalaBear.twoAdicGenerator(logOrder: logHeight)
    let nField = KoalaBear(UInt32(n))
    var points = [KoalaBear](repeating: .zero, count: size)
    var x = g
    for i in 0..<size {
      points[i] = x
      x *= omegaQ
    }
    let xs = points
    let zH = xs.map { $0.power(UInt64(n)) - .one }
    let firstDenominators = KoalaBear.batchInverse(xs.map { nField * ($0 - .one) })
    let lastDenominators = KoalaBear.batchInverse(xs.map { nField * (omega * $0 - .one) })
    let zHInverse = KoalaBear.batchInverse(zH)
    let omegaInverse = omega.inverse()!

    // The interactions once: an AIR may build them on every access.
    let interactions = air.interactions
    let k = interactions.count
    // Powers of α so that Σ α^(m+L−1−i)·C_i + Σ α^(L−1−j)·D_j equals the verifier's Horner
    // fold over the m AIR constraints C_i followed by the L LogUp constraints D_j.
    let m = AIRAnalysis(air).constraintCount
    let l = LogUp.constraintCount(interactions: k)
    var alphaPowers = [KoalaBearExt4](repeating: .one, count: m + l)
    for i in stride(from: m + l - 2, through: 0, by: -1) {
      alphaPowers[i] = alphaPowers[i + 1] * alpha
    }
    var quotient = [KoalaBear](repeating: .zero, count: 4 * size)
    let blocks = (size + 7) / 8
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, blocks / 512))
    let firstSelector = (0..<size).map { zH[$0] * firstDenominators[$0] }
    let lastSelector = (0..<size).map { zH[$0] * lastDenominators[$0] }
    let transitionSelector = xs.map { $0 - omegaInverse }
    quotient.withUnsafeMutableBufferPointer { out in
      mainQ.withUnsafeBufferPointer { mainBuffer in
        fixedQ.withUnsafeBufferPointer { fixedBuffer in
          alphaPowers.withUnsafeBufferPointer { powers in
            nonisolated(unsafe) let out = out
            nonisolated(unsafe) let mainBuffer = mainBuffer
            nonisolated(unsafe) let fixedBuffer = fixedBuffer
            nonisolated(unsafe) let powers = powers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
              var b = PackedProverBuilder(
                main: mainBuffer, fixed: fixedBuffer, mainWidth: main.width,
                fixedWidth: fixed?.width ?? 0,
                size: size, nextStride: 1 << logChunks, publicValues: publicValues,
                alphaPowers: powers)
              func lanes(_ v: [KoalaBear], _ start: Int) -> PackedKoalaBear {
                PackedKoalaBear((0..<8).map { v[(start + $0) & (size - 1)] })
              }
              for block in (w * blocks / workers)..<((w + 1) * blocks / workers) {
                let start = block * 8
                b.position = start
                b.isFirstRow = lanes(firstSelector, start)
                b.isLastRow = lanes(lastSelector, start)
                b.isTransition = lanes(transitionSelector, start)
                b.accumulator0 = .zero
                b.accumulator1 = .zero
                b.accumulator2 = .zero
                b.accumulator3 = .zero
                b.constraintIndex = 0
                air.evaluate(&b)
                for l in 0..<min(8, size - start) {
                  let i = start + l
                  var acc = b.accumulated(lane: l)
                  if k > 0 {
                    acc += logUpCombination(
                      interactions: interactions, point: i, size: size, nextStride: 1 << logChunks,
                      main: mainBuffer,
                      mainWidth: main.width, fixed: fixedBuffer, fixedWidth: fixed?.width ?? 0,
                      permutation: permQ,
                      permutationWidth: permWidth,
                      selectors: (firstSelector[i], lastSelector[i], transitionSelector[i]),
                      beta: beta, gammas: gammas, cumulativeSum: cumulativeSum, powers: powers[m...]
                    )
                  }
                  let q = acc * zHInverse[i]
                  out[i] = q.c0
                  out[size + i] = q.c1
                  out[2 * size + i] = q.c2
                  out[3 * size + i] = q.c3
                }
              }
            }
          }
        }
      }
    }
    // Coset interpolation: coefficients of Q(g·X), then scale coefficient i by g^−i.
    let gInverse = g.inverse()!
    var chunks = [[KoalaBear]](repeating: [], count: 4 << logChunks)
    for c in 0..<4 {
      var coefficients = Array(quotient[(c * size)..<((c + 1) * size)])
      NTT.inverse(&coefficients)
      var s = KoalaBear.one
      for i in 0..<size {
        coefficients[i] *= s
        s *= gInverse
      }
      for j in 0..<(1 << logChunks) {
        chunks[4 * j + c] = Array(coefficients[(j * n)..<((j + 1) * n)])
      }
    }
    return chunks
  }
}
