import ZKMIPSField

// The outer stage of the matrix transforms: layers with row distance h ≥ R (the block
// rows). See the overview in MatrixNTTKernels.swift.
//
// Indexing: write a row index as i = j + t·R with j < R. A layer of distance h = s·R pairs
// rows t and t + s (same j), and its twiddle is ω_{2h}^(i mod h) = table[h + j + (t mod s)·R].
// In the chunk scratch, row (t, j) sits at t·J + (j − j0), so the same layer pairs scratch
// rows s·J apart.

extension MatrixNTT {
  /// Runs every layer with distance ≥ `blockRows` (DIF: widest first; DIT: narrowest
  /// first, skipping distances below 2^`firstLayerLog`) on this thread's share of the
  /// matrix, chunks claimed from work list `list`. Without a barrier on exit: the caller
  /// places it.
  static func outerStage(
    dif: Bool, _ x: UnsafeMutablePointer<KoalaBear>, rows n: Int, width: Int, blockRows r: Int,
    tw: UnsafePointer<KoalaBear>, part t: Int, of count: Int, region: RegionContext, list: Int,
    firstLayerLog: Int = 0
  ) {
    let groups = n / r
    let minimumDistance = max(r, 1 << firstLayerLog)
    guard minimumDistance < n else { return }
    // Chunk of J consecutive j values whose G·J rows fit the scratch budget.
    var chunk = r
    while chunk > 1 && groups * chunk * width > chunkElements { chunk /= 2 }
    let gathered = groups >= 4 && groups * chunk * width <= 2 * chunkElements
    guard gathered else {
      wholeMatrixPasses(
        dif: dif, x, rows: n, width: width, from: minimumDistance, tw: tw, part: t, of: count,
        region: region)
      return
    }
    let scratch = UnsafeMutablePointer<KoalaBear>.allocate(capacity: groups * chunk * width)
    defer { scratch.deallocate() }
    let runLength = chunk * width
    let chunks = r / chunk
    let sMin = minimumDistance / r
    var c = region.claim(list)
    while c < chunks {
      defer { c = region.claim(list) }
      let j0 = c * chunk
      for g in 0..<groups {
        (scratch + g * runLength).update(from: x + (j0 + g * r) * width, count: runLength)
      }
      if dif {
        var s = groups / 2
        while s >= sMin {
          if s / 2 >= sMin {
            chunkRadix4(
              dif: true, scratch, groups: groups, chunk: chunk, width: width, q: s / 2, r: r,
              j0: j0, tw: tw)
            s /= 4
          } else {
            chunkRadix2(
              dif: true, scratch, groups: groups, chunk: chunk, width: width, s: s, r: r, j0: j0,
              tw: tw)
            s /= 2
          }
        }
      } else {
        var s = sMin
        while s < groups {
          if 2 * s < groups {
            chunkRadix4(
              dif: false, scratch, groups: groups, chunk: chunk, width: width, q: s, r: r, j0: j0,
              tw: tw)
            s *= 4
          } else {
            chunkRadix2(
              dif: false, scratch, groups: groups, chunk: chunk, width: width, s: s, r: r, j0: j0,
              tw: tw)
            s *= 2
          }
        }
      }
      for g in 0..<groups {
        (x + (j0 + g * r) * width).update(from: scratch + g * runLength, count: runLength)
      }
    }
  }

  /// Two layers (distances 2q·R and q·R) on a gathered chunk.
  static func chunkRadix4(
    dif: Bool, _ y: UnsafeMutablePointer<KoalaBear>, groups: Int, chunk: Int, width: Int, q: Int,
    r: Int, j0: Int, tw: UnsafePointer<KoalaBear>
  ) {
    let stride = q * chunk * width
    var base = 0
    while base < groups {
      for u in 0..<q {
        for jj in 0..<chunk {
          let j = j0 + jj
          let wa = tw[2 * q * r + j + u * r], wb = tw[2 * q * r + j + (u + q) * r]
          let wc = tw[q * r + j + u * r]
          let r0 = y + ((base + u) * chunk + jj) * width
          if dif {
            difQuad(
              r0, r0 + stride, r0 + 2 * stride, r0 + 3 * stride, width: width, wa: wa, wb: wb,
              wc: wc)
          } else {
            ditQuad(
              r0, r0 + stride, r0 + 2 * stride, r0 + 3 * stride, width: width, wa: wa, wb: wb,
              wc: wc)
          }
        }
      }
      base += 4 * q
    }
  }

  /// One layer (distance s·R) on a gathered chunk.
  static func chunkRadix2(
    dif: Bool, _ y: UnsafeMutablePointer<KoalaBear>, groups: Int, chunk: Int, width: Int, s: Int,
    r: Int, j0: Int, tw: UnsafePointer<KoalaBear>
  ) {
    let stride = s * chunk * width
    var base = 0
    while base < groups {
      for u in 0..<s {
        for jj in 0..<chunk {
          let w = tw[s * r + j0 + jj + u * r]
          let r0 = y + ((base + u) * chunk + jj) * width
          if dif {
            difPair(r0, r0 + stride, width: width, twiddle: w)
          } else {
            ditPair(r0, r0 + stride, width: width, twiddle: w)
          }
        }
      }
      base += 2 * s
    }
  }

  /// Fallback when a chunk would not fit in cache (very tall and wide matrices): one
  /// whole-matrix pass per two layers, split between threads by row, barrier between passes.
  static func wholeMatrixPasses(
    dif: Bool, _ x: UnsafeMutablePointer<KoalaBear>, rows n: Int, width: Int, from minimum: Int,
    tw: UnsafePointer<KoalaBear>, part t: Int, of count: Int, region: RegionContext
  ) {
    var first = true
    if dif {
      var h = n / 2
      while h >= minimum {
        if !first { region.barrier() }
        first = false
        if h / 2 >= minimum {
          difRadix4(
            x, rows: n, width: width, q: h / 2, tw: tw, j0: h / 2 * t / count,
            j1: h / 2 * (t + 1) / count)
          h /= 4
        } else {
          difRadix2(
            x, rows: n, width: width, h: h, tw: tw, j0: h * t / count, j1: h * (t + 1) / count)
          h /= 2
        }
      }
    } else {
      var h = minimum
      while h < n {
        if !first { region.barrier() }
        first = false
        if 2 * h < n {
          ditRadix4(
            x, rows: n, width: width, q: h, tw: tw, j0: h * t / count, j1: h * (t + 1) / count)
          h *= 4
        } else {
          ditRadix2(
            x, rows: n, width: width, h: h, tw: tw, j0: h * t / count, j1: h * (t + 1) / count)
          h *= 2
        }
      }
    }
  }
}
