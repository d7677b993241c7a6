import ZKMIPSField

// Butterfly kernels for one vector of 2^logN elements, in place.
//
// DIF (decimation in frequency) maps natural order to bit-reversed order; DIT maps
// bit-reversed order to natural order. Both read twiddles from a `TwiddleTable` (entry h + j
// is ω_{2h}^j), so running them with the inverse table gives the inverse transforms (up to
// the 1/n factor, which the block stage folds in). Layout of the work, after the C probe
// (shared/tools/kernel-probe) and PERFORMANCE.md:
// - layers whose butterflies span more than one block (h ≥ blockSize) are whole-array passes,
//   two layers per pass (radix-4), split between threads by butterfly index with a barrier
//   between passes;
// - the remaining layers run block by block (a block fits in L1), blocks claimed
//   dynamically by the threads; the four innermost layers (h = 8, 4, 2, 1) run inside
//   registers on 32-element groups.
// Vectors are 16 lanes (`Lanes16`): one AVX-512 register, or two AVX2 registers, where the
// C probe uses 8; on this machine class that measured 1.8× faster than the probe's SIMD8
// NTT with AVX-512 and on par with it when built for AVX2 only (`-target-cpu znver3`).

enum VectorNTT {
  /// log2 of the block handled entirely in L1 (2^12 elements = 16 KiB).
  static let blockLog = 12
  /// Transforms smaller than this run on one thread (a region costs a few microseconds).
  static let parallelLogThreshold = 14
  /// Below 2^5 elements the SIMD group kernel does not apply; plain scalar loops run.
  static let simdLogThreshold = 5

  // MARK: - Drivers

  /// Natural → bit-reversed, in place. `scale`, if given, multiplies every output.
  static func dif(
    _ x: UnsafeMutablePointer<KoalaBear>, logN: Int, twiddles tw: UnsafePointer<KoalaBear>,
    scale: KoalaBear?, threads: Int
  ) {
    let n = 1 << logN
    if logN < simdLogThreshold {
      scalarDIF(x, n: n, tw: tw)
      if let scale { for i in 0..<n { x[i] *= scale } }
      return
    }
    let block = 1 << min(logN, blockLog)
    let threadCount = logN >= parallelLogThreshold ? threads : 1
    Parallel.region(threads: threadCount) { t, count, region in
      var h = n / 2
      while h >= block {
        if h / 2 >= block {
          let (j0, j1) = share(h / 2, part: t, of: count)
          difRadix4(x, len: n, q: h / 2, tw: tw, j0: j0, j1: j1)
          h /= 4
        } else {
          let (j0, j1) = share(h, part: t, of: count)
          difRadix2(x, len: n, h: h, tw: tw, j0: j0, j1: j1)
          h /= 2
        }
        region.barrier()
      }
      let blocks = n / block
      var b = region.claim(0)
      while b < blocks {
        difBlock(x + b * block, len: block, tw: tw, scale: scale)
        b = region.claim(0)
      }
    }
  }

  /// Bit-reversed → natural, in place. `scale`, if given, multiplies every input (the
  /// transform is linear, so this scales the outputs).
  static func dit(
    _ x: UnsafeMutablePointer<KoalaBear>, logN: Int, twiddles tw: UnsafePointer<KoalaBear>,
    scale: KoalaBear?, threads: Int
  ) {
    let n = 1 << logN
    if logN < simdLogThreshold {
      if let scale { for i in 0..<n { x[i] *= scale } }
      scalarDIT(x, n: n, tw: tw)
      return
    }
    let block = 1 << min(logN, blockLog)
    let threadCount = logN >= parallelLogThreshold ? threads : 1
    Parallel.region(threads: threadCount) { t, count, region in
      let blocks = n / block
      var b = region.claim(0)
      while b < blocks {
        ditBlock(x + b * block, len: block, tw: tw, scale: scale)
        b = region.claim(0)
      }
      var h = block
      while h < n {
        region.barrier()
        if 2 * h < n {
          let (j0, j1) = share(h, part: t, of: count)
          ditRadix4(x, len: n, q: h, tw: tw, j0: j0, j1: j1)
          h *= 4
        } else {
          let (j0, j1) = share(h, part: t, of: count)
          ditRadix2(x, len: n, h: h, tw: tw, j0: j0, j1: j1)
          h *= 2
        }
      }
    }
  }

  /// Thread `part`'s share of butterfly indices [0, h), in multiples of 16.
  @inline(__always)
  static func share(_ h: Int, part: Int, of count: Int) -> (Int, Int) {
    let vectors = h / 16
    return (vectors * part / count * 16, vectors * (part + 1) / count * 16)
  }

  // MARK: - Block stages

  /// All layers h < len of one block, DIF order, ending with the in-register group layers.
  static func difBlock(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, tw: UnsafePointer<KoalaBear>, scale: KoalaBear?
  ) {
    var h = len / 2
    while h >= 16 {
      if h / 2 >= 16 {
        difRadix4(x, len: len, q: h / 2, tw: tw, j0: 0, j1: h / 2)
        h /= 4
      } else {
        difRadix2(x, len: len, h: h, tw: tw, j0: 0, j1: h)
        h /= 2
      }
    }
    if let scale {
      difGroups(x, len: len, tw: tw, scale: V16.broadcast(scale), scaled: true)
    } else {
      difGroups(x, len: len, tw: tw, scale: Lanes16(), scaled: false)
    }
  }

  /// All layers h < len of one block, DIT order, starting with the in-register group layers.
  static func ditBlock(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, tw: UnsafePointer<KoalaBear>, scale: KoalaBear?
  ) {
    if let scale {
      ditGroups(x, len: len, tw: tw, scale: V16.broadcast(scale), scaled: true)
    } else {
      ditGroups(x, len: len, tw: tw, scale: Lanes16(), scaled: false)
    }
    var h = 16
    while h < len {
      if 2 * h < len {
        ditRadix4(x, len: len, q: h, tw: tw, j0: 0, j1: h)
        h *= 4
      } else {
        ditRadix2(x, len: len, h: h, tw: tw, j0: 0, j1: h)
        h *= 2
      }
    }
  }

  // MARK: - Vertical passes (h ≥ 16: a vector holds 16 consecutive butterflies)

  /// One DIF layer: (a, b) ↦ (a + b, (a − b)·ω_{2h}^j), for j in [j0, j1) of every pair block.
  @inline(__always)
  static func difRadix2(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, h: Int, tw: UnsafePointer<KoalaBear>,
    j0: Int, j1: Int
  ) {
    var base = 0
    while base < len {
      var j = j0
      while j < j1 {
        let p0 = x + (base &+ j), p1 = p0 + h
        let a = V16.load(p0), b = V16.load(p1)
        V16.store(V16.add(a, b), p0)
        V16.store(V16.mul(V16.sub(a, b), V16.load(tw + (h &+ j))), p1)
        j &+= 16
      }
      base &+= 2 &* h
    }
  }

  /// Two DIF layers in one pass: h = 2q, then h = q.
  @inline(__always)
  static func difRadix4(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, q: Int, tw: UnsafePointer<KoalaBear>,
    j0: Int, j1: Int
  ) {
    var base = 0
    while base < len {
      var j = j0
      while j < j1 {
        let p0 = x + (base &+ j), p1 = p0 + q, p2 = p1 + q, p3 = p2 + q
        let x0 = V16.load(p0), x1 = V16.load(p1), x2 = V16.load(p2), x3 = V16.load(p3)
        let wa = V16.load(tw + (2 &* q &+ j)), wb = V16.load(tw + (3 &* q &+ j))
        let wc = V16.load(tw + (q &+ j))
        let y0 = V16.add(x0, x2), y2 = V16.mul(V16.sub(x0, x2), wa)
        let y1 = V16.add(x1, x3), y3 = V16.mul(V16.sub(x1, x3), wb)
        V16.store(V16.add(y0, y1), p0)
        V16.store(V16.mul(V16.sub(y0, y1), wc), p1)
        V16.store(V16.add(y2, y3), p2)
        V16.store(V16.mul(V16.sub(y2, y3), wc), p3)
        j &+= 16
      }
      base &+= 4 &* q
    }
  }

  /// One DIT layer: (a, b) ↦ (a + ω_{2h}^j·b, a − ω_{2h}^j·b).
  @inline(__always)
  static func ditRadix2(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, h: Int, tw: UnsafePointer<KoalaBear>,
    j0: Int, j1: Int
  ) {
    var base = 0
    while base < len {
      var j = j0
      while j < j1 {
        let p0 = x + (base &+ j), p1 = p0 + h
        let a = V16.load(p0)
        let b = V16.mul(V16.load(p1), V16.load(tw + (h &+ j)))
        V16.store(V16.add(a, b), p0)
        V16.store(V16.sub(a, b), p1)
        j &+= 16
      }
      base &+= 2 &* h
    }
  }

  /// Two DIT layers in one pass: h = q, then h = 2q.
  @inline(__always)
  static func ditRadix4(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, q: Int, tw: UnsafePointer<KoalaBear>,
    j0: Int, j1: Int
  ) {
    var base = 0
    while base < len {
      var j = j0
      while j < j1 {
        let p0 = x + (base &+ j), p1 = p0 + q, p2 = p1 + q, p3 = p2 + q
        let wc = V16.load(tw + (q &+ j))
        let wa = V16.load(tw + (2 &* q &+ j)), wb = V16.load(tw + (3 &* q &+ j))
        let x0 = V16.load(p0), x2 = V16.load(p2)
        let x1 = V16.mul(V16.load(p1), wc), x3 = V16.mul(V16.load(p3), wc)
        let y0 = V16.add(x0, x1), y1 = V16.sub(x0, x1)
        let y2 = V16.mul(V16.add(x2, x3), wa), y3 = V16.mul(V16.sub(x2, x3), wb)
        V16.store(V16.add(y0, y2), p0)
        V16.store(V16.add(y1, y3), p1)
        V16.store(V16.sub(y0, y2), p2)
        V16.store(V16.sub(y1, y3), p3)
        j &+= 16
      }
      base &+= 4 &* q
    }
  }

  // MARK: - In-register layers h = 8, 4, 2, 1 on 32-element groups

  // A group is two vectors v0, v1; element e = 16·(vector) + lane has index bits b4…b0,
  // b4 selecting the vector. A layer with distance 2^m pairs elements differing in bit b_m.
  // Exchanging the vector-select bit with the lane bit that holds b_m (two two-source
  // shuffles) makes that layer a plain vertical butterfly between the two vectors. Chaining
  // the exchanges for b3, b2, b1, b0 leaves the vector bit = b0 and the lane bits =
  // (b4 b3 b2 b1); one final pair of shuffles restores natural order. 10 shuffles and
  // 3 full-width products per 32 elements and 4 layers.

  /// Twiddle vector for the layer of distance `h` once lane bits below log2(h) hold the
  /// butterfly index: lane l gets ω_{2h}^(l mod h).
  @inline(__always)
  static func groupTwiddles(_ tw: UnsafePointer<KoalaBear>, h: Int) -> Lanes16 {
    var r = Lanes16()
    for l in 0..<16 { r[l] = tw[h + (l & (h - 1))].montgomeryValue }
    return r
  }

  /// DIF layers 8, 4, 2, 1 on every 32-element group of x[0..<len], optionally scaled.
  @inline(__always)
  static func difGroups(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, tw: UnsafePointer<KoalaBear>,
    scale: Lanes16, scaled: Bool
  ) {
    let t8 = groupTwiddles(tw, h: 8), t4 = groupTwiddles(tw, h: 4), t2 = groupTwiddles(tw, h: 2)
    var i = 0
    while i < len {
      var (a, b) = exchange3(V16.load(x + i), V16.load(x + i + 16))
      (a, b) = (V16.add(a, b), V16.mul(V16.sub(a, b), t8))
      (a, b) = exchange2(a, b)
      (a, b) = (V16.add(a, b), V16.mul(V16.sub(a, b), t4))
      (a, b) = exchange1(a, b)
      (a, b) = (V16.add(a, b), V16.mul(V16.sub(a, b), t2))
      (a, b) = exchange0(a, b)
      (a, b) = (V16.add(a, b), V16.sub(a, b))
      // Now vector = b0, lanes = (b4 b3 b2 b1).
      var (n0, n1) = toNatural(a, b)
      if scaled {
        n0 = V16.mul(n0, scale)
        n1 = V16.mul(n1, scale)
      }
      V16.store(n0, x + i)
      V16.store(n1, x + i + 16)
      i &+= 32
    }
  }

  /// DIT layers 1, 2, 4, 8 on every 32-element group of x[0..<len], inputs optionally scaled.
  @inline(__always)
  static func ditGroups(
    _ x: UnsafeMutablePointer<KoalaBear>, len: Int, tw: UnsafePointer<KoalaBear>,
    scale: Lanes16, scaled: Bool
  ) {
    let t8 = groupTwiddles(tw, h: 8), t4 = groupTwiddles(tw, h: 4), t2 = groupTwiddles(tw, h: 2)
    var i = 0
    while i < len {
      var v0 = V16.load(x + i), v1 = V16.load(x + i + 16)
      if scaled {
        v0 = V16.mul(v0, scale)
        v1 = V16.mul(v1, scale)
      }
      // To (vector = b0, lanes = b4 b3 b2 b1), the layout in which layer 1 is vertical.
      var (a, b) = fromNatural(v0, v1)
      (a, b) = (V16.add(a, b), V16.sub(a, b))
      (a, b) = exchange0(a, b)
      b = V16.mul(b, t2)
      (a, b) = (V16.add(a, b), V16.sub(a, b))
      (a, b) = exchange1(a, b)
      b = V16.mul(b, t4)
      (a, b) = (V16.add(a, b), V16.sub(a, b))
      (a, b) = exchange2(a, b)
      b = V16.mul(b, t8)
      (a, b) = (V16.add(a, b), V16.sub(a, b))
      (a, b) = exchange3(a, b)
      V16.store(a, x + i)
      V16.store(b, x + i + 16)
      i &+= 32
    }
  }

  // MARK: - Scalar fallback for tiny transforms

  static func scalarDIF(_ x: UnsafeMutablePointer<KoalaBear>, n: Int, tw: UnsafePointer<KoalaBear>)
  {
    var h = n / 2
    while h >= 1 {
      var base = 0
      while base < n {
        for j in 0..<h {
          let a = x[base + j], b = x[base + j + h]
          x[base + j] = a + b
          x[base + j + h] = (a - b) * tw[h + j]
        }
        base += 2 * h
      }
      h /= 2
    }
  }

  static func scalarDIT(_ x: UnsafeMutablePointer<KoalaBear>, n: Int, tw: UnsafePointer<KoalaBear>)
  {
    var h = 1
    while h < n {
      var base = 0
      while base < n {
        for j in 0..<h {
          let a = x[base + j], b = x[base + j + h] * tw[h + j]
          x[base + j] = a + b
          x[base + j + h] = a - b
        }
        base += 2 * h
      }
      h *= 2
    }
  }
}
