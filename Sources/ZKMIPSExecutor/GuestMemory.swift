#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The guest's 32-bit byte-addressed memory: sparse, page-allocated, zero where never
/// written, and reachable only below ``GuestMemory/addressCeiling``.
///
/// A page is either *mapped* (it belongs to a loaded segment, the stack, the brk heap or an
/// anonymous mapping) or not; any access to an unmapped page is a fault. Mapped regions are
/// reserved with the host's lazy anonymous `mmap`, so a large stack or heap costs nothing
/// until touched. The page table is a flat array of 2^20 page pointers, one load per access.
///
/// Registers are not part of this memory: no load or store can reach them.
public final class GuestMemory {
  /// Bytes per page (4 KiB, as on Linux/MIPS).
  public static let pageSize: UInt32 = 4096
  /// log2(pageSize).
  public static let pageShift: UInt32 = 12
  /// First address that is never mapped. Every legal guest address is below this ceiling,
  /// which is itself below the KoalaBear modulus p = 0x7f00_0001, so a prover can hold any
  /// legal address in one field element without wrap-around. An access at or above it
  /// faults exactly like an access to any other unmapped page.
  public static let addressCeiling: UInt32 = 0x7f00_0000

  @usableFromInline static let pageCount = 1 << 20

  /// Page table: host pointer to each page's 4096 bytes, or nil when unmapped.
  @usableFromInline let pages: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>

  /// Host allocations backing the mapped regions, released on deinit.
  private var regions: [(base: UnsafeMutableRawPointer, size: Int)] = []

  /// Creates an empty memory with no page mapped.
  public init() {
    // calloc: the 8 MiB table is zero (all nil) without touching it; the host maps its
    // pages only as the guest's mappings fill them in.
    let raw = calloc(GuestMemory.pageCount, MemoryLayout<UnsafeMutablePointer<UInt8>?>.stride)!
    pages = raw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self, capacity: GuestMemory.pageCount)
  }

  deinit {
    for r in regions { munmap(r.base, r.size) }
    free(pages)
  }

  /// The numbers (address >> 12) of the mapped pages, in order.
  public func mappedPages() -> [UInt32] {
    (0..<GuestMemory.pageCount).filter { pages[$0] != nil }.map { UInt32($0) }
  }

  /// Every non-zero aligned word of mapped memory, in address order (the initial image a
  /// proof's memory argument starts from).
  public func nonzeroWords() -> [(address: UInt32, value: UInt32)] {
    var out: [(address: UInt32, value: UInt32)] = []
    for page in 0..<GuestMemory.pageCount {
      guard let p = pages[page] else { continue }
      let raw = UnsafeRawPointer(p)
      for k in 0..<1024 {
        let word = UInt32(littleEndian: raw.load(fromByteOffset: 4 * k, as: UInt32.self))
        if word != 0 { out.append((UInt32(page) << GuestMemory.pageShift | UInt32(4 * k), word)) }
      }
    }
    return out
  }

  /// Maps the pages covering `[start, start + size)` as zero-filled memory; pages already
  /// mapped keep their contents.
  ///
  /// - Returns: `false` (and maps nothing) if the range is empty-wrapped or reaches the
  ///   ceiling.
  @discardableResult
  public func map(start: UInt32, size: UInt32) -> Bool {
    guard size > 0 else { return true }
    let end = UInt64(start) + UInt64(size)
    guard end <= UInt64(GuestMemory.addressCeiling) else { return false }
    let first = Int(start >> GuestMemory.pageShift)
    let last = Int((end - 1) >> UInt64(GuestMemory.pageShift))
    var page = first
    while page <= last {
      if pages[page] != nil {
        page += 1
        continue
      }
      // A run of unmapped pages becomes one host allocation.
      var runEnd = page
      while runEnd + 1 <= last && pages[runEnd + 1] == nil { runEnd += 1 }
      let bytes = (runEnd - page + 1) * Int(GuestMemory.pageSize)
      guard let base = Self.hostAllocate(bytes) else { return false }
      regions.append((base, bytes))
      let bytePtr = base.assumingMemoryBound(to: UInt8.self)
      for i in page...runEnd {
        pages[i] = bytePtr + (i - page) * Int(GuestMemory.pageSize)
      }
      page = runEnd + 1
    }
    return true
  }

  /// Unmaps the pages covering `[start, start + size)`. Host memory is released when the
  /// whole `GuestMemory` is.
  public func unmap(start: UInt32, size: UInt32) {
    guard size > 0 else { return }
    let end = min(UInt64(start) + UInt64(size), UInt64(GuestMemory.addressCeiling))
    guard end > UInt64(start) else { return }
    let first = Int(start >> GuestMemory.pageShift)
    let last = Int((end - 1) >> UInt64(GuestMemory.pageShift))
    for i in first...last { pages[i] = nil }
  }

  private static func hostAllocate(_ bytes: Int) -> UnsafeMutableRawPointer? {
    #if canImport(Glibc)
      let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    #else
      let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0)
    #endif
    guard let p, p != MAP_FAILED else { return nil }
    return p
  }

  /// Whether the page holding `address` is mapped.
  @inlinable @inline(__always)
  public func isMapped(_ address: UInt32) -> Bool {
    pages[Int(address >> GuestMemory.pageShift)] != nil
  }

  /// Host pointer to the byte at `address`, or nil if its page is unmapped.
  @inlinable @inline(__always)
  func pointer(_ address: UInt32) -> UnsafeMutablePointer<UInt8>? {
    guard let page = pages[Int(address >> GuestMemory.pageShift)] else { return nil }
    return page + Int(address & (GuestMemory.pageSize - 1))
  }

  /// The little-endian word at `address`, or nil if any of its bytes is unmapped. An
  /// unaligned address is read byte by byte (it may straddle two pages).
  @inlinable @inline(__always)
  public func loadWord(_ address: UInt32) -> UInt32? {
    guard address & 3 == 0 else {
      guard let b = read(address, count: 4) else { return nil }
      return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }
    guard let p = pointer(address) else { return nil }
    return UInt32(littleEndian: UnsafeRawPointer(p).load(as: UInt32.self))
  }

  /// Stores a little-endian word; returns false (storing nothing) if any byte is unmapped.
  /// An unaligned address is written byte by byte.
  @inlinable @inline(__always)
  public func storeWord(_ address: UInt32, _ value: UInt32) -> Bool {
    guard address & 3 == 0 else {
      guard isRangeMapped(address, count: 4) else { return false }
      return write((0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }, at: address)
    }
    guard let p = pointer(address) else { return false }
    UnsafeMutableRawPointer(p).storeBytes(of: value.littleEndian, as: UInt32.self)
    return true
  }

  /// The byte at `address`, or nil if unmapped.
  @inlinable @inline(__always)
  public func loadByte(_ address: UInt32) -> UInt8? {
    pointer(address)?.pointee
  }

  /// Stores a byte; returns false if unmapped.
  @inlinable @inline(__always)
  public func storeByte(_ address: UInt32, _ value: UInt8) -> Bool {
    guard let p = pointer(address) else { return false }
    p.pointee = value
    return true
  }

  /// The little-endian halfword at `address`, or nil if unmapped.
  @inlinable @inline(__always)
  public func loadHalf(_ address: UInt32) -> UInt16? {
    guard address & 1 == 0 else {
      guard let b = read(address, count: 2) else { return nil }
      return UInt16(b[0]) | UInt16(b[1]) << 8
    }
    guard let p = pointer(address) else { return nil }
    return UInt16(littleEndian: UnsafeRawPointer(p).load(as: UInt16.self))
  }

  /// Stores a little-endian halfword; returns false (storing nothing) if unmapped.
  @inlinable @inline(__always)
  public func storeHalf(_ address: UInt32, _ value: UInt16) -> Bool {
    guard address & 1 == 0 else {
      guard isRangeMapped(address, count: 2) else { return false }
      return write(
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)], at: address)
    }
    guard let p = pointer(address) else { return false }
    UnsafeMutableRawPointer(p).storeBytes(of: value.littleEndian, as: UInt16.self)
    return true
  }

  /// Copies `bytes` into guest memory at `address`; returns false (possibly after a partial
  /// copy) if any byte falls on an unmapped page.
  public func write(_ bytes: some Collection<UInt8>, at address: UInt32) -> Bool {
    var a = address
    for b in bytes {
      guard storeByte(a, b) else { return false }
      a &+= 1
    }
    return true
  }

  /// Reads `count` bytes at `address`, or nil if any is unmapped.
  public func read(_ address: UInt32, count: Int) -> [UInt8]? {
    var out = [UInt8]()
    out.reserveCapacity(count)
    var a = address
    for _ in 0..<count {
      guard let b = loadByte(a) else { return nil }
      out.append(b)
      a &+= 1
    }
    return out
  }

  /// Whether every byte of `[address, address + count)` is mapped and below the ceiling.
  public func isRangeMapped(_ address: UInt32, count: Int) -> Bool {
    guard count > 0 else { return true }
    let end = UInt64(address) + UInt64(count)
    guard end <= UInt64(GuestMemory.addressCeiling) else { return false }
    var page = UInt64(address) >> 12
    while page <= (end - 1) >> 12 {
      if pages[Int(page)] == nil { return false }
      page += 1
    }
    return true
  }
}
