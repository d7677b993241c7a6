import ZKMIPSField

#if canImport(Glibc)
  import Glibc
#endif

/// Large fresh buffers for transform outputs.
///
/// First touch of fresh memory is expensive: with 4 KiB pages a 64 MiB LDE output spent
/// ≈ 24 ms in page faults on this machine, more than the transform itself; asking Linux for
/// transparent huge pages (`MADV_HUGEPAGE`, honoured when THP is in `madvise` or `always`
/// mode) before the first write cut that to ≈ 4 ms. Elsewhere this is a plain allocation.
enum FreshMemory {
  /// Arrays at least this large (in bytes) get the huge-page advice.
  static let adviceThreshold = 4 << 20

  /// Asks the kernel to back the 2 MiB-aligned interior of the range with huge pages.
  static func preferHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
      let huge = UInt(1) << 21
      let first = (UInt(bitPattern: start) + huge - 1) & ~(huge - 1)
      let last = (UInt(bitPattern: start) + UInt(byteCount)) & ~(huge - 1)
      if last > first, let p = UnsafeMutableRawPointer(bitPattern: first) {
        _ = madvise(p, Int(last - first), 14)  // MADV_HUGEPAGE; failure only costs speed
      }
    #endif
  }

  /// An array of `count` elements whose every element `initialize` writes.
  ///
  /// - Precondition: `initialize` writes all `count` elements.
  static func array(
    count: Int, _ initialize: (UnsafeMutablePointer<KoalaBear>) -> Void
  ) -> [KoalaBear] {
    [KoalaBear](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 {
        let base = buffer.baseAddress!
        let bytes = count * MemoryLayout<KoalaBear>.stride
        if bytes >= adviceThreshold {
          preferHugePages(UnsafeMutableRawPointer(base), byteCount: bytes)
        }
        initialize(base)
      }
      initialized = count
    }
  }
}
