/// A loadable MIPS32 little-endian static executable: its PT_LOAD segments and entry point.
///
/// Only what the machine needs is kept; this is also exactly what the program digest (the
/// verifying key of later stages) covers.
public struct ELFProgram: Sendable, Equatable {
  /// One PT_LOAD segment: `data` is placed at `virtualAddress` and followed by zeros up to
  /// `memorySize` bytes (the .bss part).
  public struct Segment: Sendable, Equatable {
    public var virtualAddress: UInt32
    public var data: [UInt8]
    public var memorySize: UInt32
    /// The segment's p_flags (PF_X = 1, PF_W = 2, PF_R = 4).
    public var flags: UInt32

    public init(virtualAddress: UInt32, data: [UInt8], memorySize: UInt32, flags: UInt32) {
      self.virtualAddress = virtualAddress
      self.data = data
      self.memorySize = memorySize
      self.flags = flags
    }

    /// One past the segment's last byte.
    public var end: UInt64 { UInt64(virtualAddress) + UInt64(memorySize) }
  }

  /// The entry point (initial pc).
  public var entry: UInt32
  /// The PT_LOAD segments sorted by address; they do not overlap.
  public var segments: [Segment]

  public init(entry: UInt32, segments: [Segment]) {
    self.entry = entry
    self.segments = segments
  }

  /// The first page-aligned address above every segment: where the brk heap starts.
  public var endOfImage: UInt32 {
    let end = segments.map(\.end).max() ?? 0
    return UInt32((end + 0xfff) & ~0xfff)
  }
}

/// Why an ELF file was refused. Each case's description is one line for the user.
public enum ELFError: Error, Equatable, CustomStringConvertible {
  case truncated(String)
  case notELF
  case wrongClass(UInt8)
  case wrongEndianness(UInt8)
  case wrongType(UInt16)
  case wrongMachine(UInt16)
  case badHeader(String)
  case segmentOutOfFile(index: Int)
  case segmentOutOfRange(index: Int)
  case segmentsOverlap(Int, Int)
  case noLoadableSegment
  case entryOutsideSegments(UInt32)
  case unsupported(String)

  public var description: String {
    switch self {
    case .truncated(let what): "truncated ELF file: \(what) extends past the end of the file"
    case .notELF: "not an ELF file (bad magic number)"
    case .wrongClass(let c): "not a 32-bit ELF (EI_CLASS = \(c)); zkMIPS runs ELF32 MIPS programs"
    case .wrongEndianness(let d):
      "not a little-endian ELF (EI_DATA = \(d)); zkMIPS runs mipsel (little-endian) programs"
    case .wrongType(let t): "not a static executable (e_type = \(t)); link with -static (ET_EXEC)"
    case .wrongMachine(let m): "not a MIPS program (e_machine = \(m), expected 8)"
    case .badHeader(let why): "malformed ELF header: \(why)"
    case .segmentOutOfFile(let i): "segment \(i) lies outside the file"
    case .segmentOutOfRange(let i):
      "segment \(i) lies outside guest memory (every address must be below 0x7f000000)"
    case .segmentsOverlap(let a, let b): "segments \(a) and \(b) overlap"
    case .noLoadableSegment: "the ELF file has no PT_LOAD segment"
    case .entryOutsideSegments(let e):
      "entry point 0x\(String(e, radix: 16)) is not inside an executable segment"
    case .unsupported(let what): "unsupported ELF: \(what)"
    }
  }
}

extension ELFProgram {
  static let ptLoad: UInt32 = 1
  static let ptDynamic: UInt32 = 2
  static let ptInterp: UInt32 = 3

  /// Parses an ELF32 little-endian EM_MIPS ET_EXEC file.
  ///
  /// - Throws: ``ELFError`` for anything else, a truncated file, or segments that overlap,
  ///   lie outside the file or outside guest memory.
  public init(elf bytes: [UInt8]) throws(ELFError) {
    let r = ByteReader(bytes)
    guard bytes.count >= 4, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46
    else {
      throw bytes.count < 4 ? .truncated("the ELF identification") : .notELF
    }
    guard bytes.count >= 52 else { throw .truncated("the ELF header") }
    guard bytes[4] == 1 else { throw .wrongClass(bytes[4]) }
    guard bytes[5] == 1 else { throw .wrongEndianness(bytes[5]) }
    guard bytes[6] == 1 else { throw .badHeader("EI_VERSION is \(bytes[6]), expected 1") }
    let type = r.u16(16)
    guard type == 2 else { throw .wrongType(type) }
    let machine = r.u16(18)
    guard machine == 8 else { throw .wrongMachine(machine) }
    let entry = r.u32(24)
    let phoff = Int(r.u32(28))
    let flags = r.u32(36)
    let phentsize = Int(r.u16(42))
    let phnum = Int(r.u16(44))
    // EF_MIPS_ARCH (top nibble): MIPS-I..MIPS32r2 (0..2, 5, 7) are fine; 64-bit or R6 are not.
    let arch = flags >> 28
    guard [0, 1, 2, 5, 7].contains(arch) else {
      throw .unsupported("MIPS architecture level \(arch) in e_flags (expected MIPS32r2 or lower)")
    }
    guard phnum > 0 else { throw .noLoadableSegment }
    guard phentsize >= 32 else { throw .badHeader("program header size \(phentsize) < 32") }
    guard phoff + phnum * phentsize <= bytes.count else {
      throw .truncated("the program header table")
    }

    var segments: [(index: Int, segment: Segment)] = []
    for i in 0..<phnum {
      let h = phoff + i * phentsize
      let ptype = r.u32(h)
      if ptype == ELFProgram.ptInterp || ptype == ELFProgram.ptDynamic {
        throw .unsupported("dynamically linked program (PT_INTERP/PT_DYNAMIC); link with -static")
      }
      guard ptype == ELFProgram.ptLoad else { continue }
      let offset = UInt64(r.u32(h + 4))
      let vaddr = r.u32(h + 8)
      let filesz = UInt64(r.u32(h + 16))
      let memsz = UInt64(r.u32(h + 20))
      let pflags = r.u32(h + 24)
      guard filesz <= memsz else { throw .badHeader("segment \(i) has p_filesz > p_memsz") }
      guard offset + filesz <= UInt64(bytes.count) else { throw .segmentOutOfFile(index: i) }
      guard memsz > 0 else { continue }
      guard UInt64(vaddr) + memsz <= UInt64(GuestMemory.addressCeiling) else {
        throw .segmentOutOfRange(index: i)
      }
      let data = Array(bytes[Int(offset)..<Int(offset + filesz)])
      segments.append(
        (i, Segment(virtualAddress: vaddr, data: data, memorySize: UInt32(memsz), flags: pflags)))
    }
    guard !segments.isEmpty else { throw .noLoadableSegment }
    segments.sort { $0.segment.virtualAddress < $1.segment.virtualAddress }
    for k in 1..<max(1, segments.count) {
      let a = segments[k - 1], b = segments[k]
      if a.segment.end > UInt64(b.segment.virtualAddress) {
        throw .segmentsOverlap(a.index, b.index)
      }
    }
    guard entry & 3 == 0,
      segments.contains(where: {
        $0.segment.flags & 1 != 0 && entry >= $0.segment.virtualAddress
          && UInt64(entry) + 4 <= $0.segment.end
      })
    else { throw .entryOutsideSegments(entry) }
    self.init(entry: entry, segments: segments.map(\.segment))
  }
}

/// Little-endian field reads at offsets already checked against the buffer's length.
struct ByteReader {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
  func u32(_ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
      | UInt32(bytes[at + 3]) << 24
  }
}
