import ZKMIPSField

// Butterfly kernels over the rows of a row-major matrix: every column is transformed at
// once, a butterfly on rows (r0, r1) applying one twiddle to whole rows, vectorised across
// columns (16 lanes, then 8, then scalar for the last few).
//
// Layers split in two stages, as in `VectorNTT`:
// - the block stage: layers whose row distance is below the row block (≈ 256 KiB of matrix,
//   resident in L2) run block by block, blocks claimed dynamically by the threads;
// - the outer stage: the wider layers. Large batches are memory-bound, so instead of one
//   whole-matrix pass per two layers (what the C probe does), the outer stage works on
//   chunks: rows j + t·R (R = rows per block, t = 0..<G) for a run of consecutive j are
//   closed under every outer layer, so they are gathered into a small contiguous scratch
//   buffer, all outer layers run there in cache, and the rows are written back — one trip
//   through memory instead of ⌈(log G)/2⌉. (Working on the strided rows in place would
//   thrash the cache: the stride is a large power of two, so every row maps to the same
//   cache sets.) Chunks are independent and claimed dynamically, so a thread slowed down
//   by another process just takes fewer, and no barrier is needed inside the stage.

enum MatrixNTT {
  /// Rows per block: about 256 KiB of matrix, a power of two, at least 1.
  static func rowBlockLog(width: Int) -> Int {
    let rows = max(1, (1 << 18) / (width * MemoryLayout<KoalaBear>.stride))
    return Int.bitWidth - 1 - rows.leadingZeroBitCount
  }

  /// Matrices smaller than this (in elements) use one thread.
  static let parallelThreshold = 1 << 15

  /// Elements of outer-stage scratch per thread (256 KiB, L2-resident).
  static let chunkElements = 1 << 16

  // MARK: - Drivers

  /// DIF over rows: natural → bit-reversed row order, every column. `scale` multiplies
  /// every output.
  static func dif(
    _ x: UnsafeMutablePointer<KoalaBear>, logHeight: Int, width: Int,
    twiddles tw: UnsafePointer<KoalaBear>, scale: KoalaBear?, threads: Int
  ) {
    let n = 1 << logHeight
    let block = 1 << min(logHeight, rowBlockLog(width: width))
    let threadCount = n * width >= parallelThreshold ? threads : 1
    Parallel.region(threads: threadCount) { t, count, region in
      if n > block {
        outerStage(
          dif: true, x, rows: n, width: width, blockRows: block, tw: tw, part: t, of: count,
          region: region, list: 0)
        region.barrier()
      }
      let blocks = n / block
      var b = region.claim(1)
      while b < blocks {
        defer { b = region.claim(1) }
        let xb = x + b * block * width
        var h = block / 2
        while h >= 1 {
          if h / 2 >= 1 {
            difRadix4(xb, rows: block, width: width, q: h / 2, tw: tw, j0: 0, j1: h / 2)
            h /= 4
          } else {
            difRadix2(xb, rows: block, width: width, h: h, tw: tw, j0: 0, j1: h)
            h /= 2
          }
        }
        if let scale { scaleRows(xb, count: block * width, by: scale) }
      }
    }
  }

  /// DIT over rows: bit-reversed → natural row order, every column, starting at layer
  /// distance 2^`firstLayerLog` (the layers below it are skipped; the LDE uses this after
  /// replicating rows, which is what those layers would produce on zero padding).
  /// `scale` multiplies every input. `fill`, if given, is called with (block index, block
  /// start) to produce each row block's input just before the block is transformed, so the
  /// freshly written rows are still in cache.
  static func dit(
    _ x: UnsafeMutablePointer<KoalaBear>, logHeight: Int, width: Int,
    twiddles tw: UnsafePointer<KoalaBear>, scale: KoalaBear?, firstLayerLog: Int = 0,
    threads: Int, fill: ((Int, UnsafeMutablePointer<KoalaBear>) -> Void)? = nil
  ) {
    let n = 1 << logHeight
    let block = 1 << min(logHeight, rowBlockLog(width: width))
    let threadCount = n * width >= parallelThreshold ? threads : 1
    Parallel.region(threads: threadCount) { t, count, region in
      let blocks = n / block
      var b = region.claim(0)
      while b < blocks {
        defer { b = region.claim(0) }
        let xb = x + b * block * width
        fill?(b, xb)
        if let scale { scaleRows(xb, count: block * width, by: scale) }
        var h = 1 << firstLayerLog
        while h < block {
          if 2 * h < block {
            ditRadix4(xb, rows: block, width: width, q: h, tw: tw, j0: 0, j1: h)
            h *= 4
          } else {
            ditRadix2(xb, rows: block, width: width, h: h, tw: tw, j0: 0, j1: h)
            h *= 2
          }
        }
      }
      if n > block {
        region.barrier()
        outerStage(
          dif: false, x, rows: n, width: width, blockRows: block, tw: tw, part: t, of: count,
          region: region, list: 1, firstLayerLog: firstLayerLog)
      }
    }
  }

  static func scaleRows(_ x: UnsafeMutablePointer<KoalaBear>, count: Int, by factor: KoalaBear) {
    let f = V16.broadcast(factor)
    var i = 0
    while i + 16 <= count {
      V16.store(V16.mul(V16.load(x + i), f), x + i)
      i &+= 16
    }
    while i < count {
      x[i] *= factor
      i &+= 1
    }
  }

  // MARK: - Passes

  /// One DIF layer over rows h apart, butterflies j in [j0, j1) of every pair block.
  static func difRadix2(
    _ x: UnsafeMutablePointer<KoalaBear>, rows: Int, width: Int, h: Int,
    tw: UnsafePointer<KoalaBear>, j0: Int, j1: Int
  ) {
    var base = 0
    while base < rows {
      for j in j0..<j1 {
        let r0 = x + (base + j) * width
        difPair(r0, r0 + h * width, width: width, twiddle: tw[h + j])
      }
      base += 2 * h
    }
  }

  /// Two DIF layers (row distance 2q then q) in one pass.
  static func difRadix4(
    _ x: UnsafeMutablePointer<KoalaBear>, rows: Int, width: Int, q: Int,
    tw: UnsafePointer<KoalaBear>, j0: Int, j1: Int
  ) {
    var base = 0
    let stride = q * width
    while base < rows {
      for j in j0..<j1 {
        let r0 = x + (base + j) * width
        difQuad(
          r0, r0 + stride, r0 + 2 * stride, r0 + 3 * stride, width: width, wa: tw[2 * q + j],
          wb: tw[3 * q + j], wc: tw[q + j])
      }
      base += 4 * q
    }
  }

  /// One DIT layer over rows h apart.
  static func ditRadix2(
    _ x: UnsafeMutablePointer<KoalaBear>, rows: Int, width: Int, h: Int,
    tw: UnsafePointer<KoalaBear>, j0: Int, j1: Int
  ) {
    var base = 0
    while base < rows {
      for j in j0..<j1 {
        let r0 = x + (base + j) * width
        ditPair(r0, r0 + h * width, width: width, twiddle: tw[h + j])
      }
      base += 2 * h
    }
  }

  /// Two DIT layers (row distance q then 2q) in one pass.
  static func ditRadix4(
    _ x: UnsafeMutablePointer<KoalaBear>, rows: Int, width: Int, q: Int,
    tw: UnsafePointer<KoalaBear>, j0: Int, j1: Int
  ) {
    var base = 0
    let stride = q * width
    while base < rows {
      for j in j0..<j1 {
        let r0 = x + (base + j) * width
        ditQuad(
          r0, r0 + stride, r0 + 2 * stride, r0 + 3 * stride, width: width, wa: tw[2 * q + j],
          wb: tw[3 * q + j], wc: tw[q + j])
      }
      base += 4 * q
    }
  }

  // MARK: - Row butterflies (16 lanes, then 8, then scalar)

  @inline(__always)
  static func difPair(
    _ r0: UnsafeMutablePointer<KoalaBear>, _ r1: UnsafeMutablePointer<KoalaBear>, width: Int,
    twiddle: KoalaBear
  ) {
    let w = V16.broadcast(twiddle)
    var c = 0
    while c &+ 16 <= width {
      let a = V16.load(r0 + c), b = V16.load(r1 + c)
      V16.store(V16.add(a, b), r0 + c)
      V16.store(V16.mul(V16.sub(a, b), w), r1 + c)
      c &+= 16
    }
    if c &+ 8 <= width {
      let a = PackedKoalaBear(loading: r0 + c), b = PackedKoalaBear(loading: r1 + c)
      (a + b).store(to: r0 + c)
      ((a - b) * twiddle).store(to: r1 + c)
      c &+= 8
    }
    while c < width {
      let a = r0[c], b = r1[c]
      r0[c] = a + b
      r1[c] = (a - b) * twiddle
      c &+= 1
    }
  }

  @inline(__always)
  static func ditPair(
    _ r0: UnsafeMutablePointer<KoalaBear>, _ r1: UnsafeMutablePointer<KoalaBear>, width: Int,
    twiddle: KoalaBear
  ) {
    let w = V16.broadcast(twiddle)
    var c = 0
    while c &+ 16 <= width {
      let a = V16.load(r0 + c), b = V16.mul(V16.load(r1 + c), w)
      V16.store(V16.add(a, b), r0 + c)
      V16.store(V16.sub(a, b), r1 + c)
      c &+= 16
    }
    if c &+ 8 <= width {
      let a = PackedKoalaBear(loading: r0 + c), b = PackedKoalaBear(loading: r1 + c) * twiddle
      (a + b).store(to: r0 + c)
      (a - b).store(to: r1 + c)
      c &+= 8
    }
    while c < width {
      let a = r0[c], b = r1[c] * twiddle
      r0[c] = a + b
      r1[c] = a - b
      c &+= 1
    }
  }

  /// DIF radix-4 on rows (r0, r1, r2, r3) at distances q: layer 2q with wa (rows 0,2) and
  /// wb (rows 1,3), then layer q with wc.
  @inline(__always)
  static func difQuad(
    _ r0: UnsafeMutablePointer<KoalaBear>, _ r1: UnsafeMutablePointer<KoalaBear>,
    _ r2: UnsafeMutablePointer<KoalaBear>, _ r3: UnsafeMutablePointer<KoalaBear>, width: Int,
    wa: KoalaBear, wb: KoalaBear, wc: KoalaBear
  ) {
    let va = V16.broadcast(wa), vb = V16.broadcast(wb), vc = V16.broadcast(wc)
    var c = 0
    while c &+ 16 <= width {
      let x0 = V16.load(r0 + c), x1 = V16.load(r1 + c), x2 = V16.load(r2 + c), x3 = V16.load(r3 + c)
      let y0 = V16.add(x0, x2), y2 = V16.mul(V16.sub(x0, x2), va)
      let y1 = V16.add(x1, x3), y3 = V16.mul(V16.sub(x1, x3), vb)
      V16.store(V16.add(y0, y1), r0 + c)
      V16.store(V16.mul(V16.sub(y0, y1), vc), r1 + c)
      V16.store(V16.add(y2, y3), r2 + c)
      V16.store(V16.mul(V16.sub(y2, y3), vc), r3 + c)
      c &+= 16
    }
    while c < width {
      let x0 = r0[c], x1 = r1[c], x2 = r2[c], x3 = r3[c]
      let y0 = x0 + x2, y2 = (x0 - x2) * wa
      let y1 = x1 + x3, y3 = (x1 - x3) * wb
      r0[c] = y0 + y1
      r1[c] = (y0 - y1) * wc
      r2[c] = y2 + y3
      r3[c] = (y2 - y3) * wc
      c &+= 1
    }
  }

  /// DIT radix-4 on rows (r0, r1, r2, r3) at distances q: layer q with wc, then layer 2q
  /// with wa (rows 0,2) and wb (rows 1,3).
  @inline(__always)
  static func ditQuad(
    _ r0: UnsafeMutablePointer<KoalaBear>, _ r1: UnsafeMutablePointer<KoalaBear>,
    _ r2: UnsafeMutablePointer<KoalaBear>, _ r3: UnsafeMutablePointer<KoalaBear>, width: Int,
    wa: KoalaBear, wb: KoalaBear, wc: KoalaBear
  ) {
    let va = V16.broadcast(wa), vb = V16.broadcast(wb), vc = V16.broadcast(wc)
    var c = 0
    while c &+ 16 <= width {
      let x0 = V16.load(r0 + c), x2 = V16.load(r2 + c)
      let x1 = V16.mul(V16.load(r1 + c), vc), x3 = V16.mul(V16.load(r3 + c), vc)
      let y0 = V16.add(x0, x1), y1 = V16.sub(x0, x1)
      let y2 = V16.mul(V16.add(x2, x3), va), y3 = V16.mul(V16.sub(x2, x3), vb)
      V16.store(V16.add(y0, y2), r0 + c)
      V16.store(V16.add(y1, y3), r1 + c)
      V16.store(V16.sub(y0, y2), r2 + c)
      V16.store(V16.sub(y1, y3), r3 + c)
      c &+= 16
    }
    while c < width {
      let x0 = r0[c], x2 = r2[c]
      let x1 = r1[c] * wc, x3 = r3[c] * wc
      let y0 = x0 + x1, y1 = x0 - x1
      let y2 = (x2 + x3) * wa, y3 = (x2 - x3) * wb
      r0[c] = y0 + y2
      r1[c] = y1 + y3
      r2[c] = y0 - y2
      r3[c] = y1 - y3
      c &+= 1
    }
  }
}
