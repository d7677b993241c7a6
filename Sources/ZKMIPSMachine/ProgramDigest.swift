import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSHash

/// The program digest of the statement: a Poseidon2 hash of the loaded image (entry point
/// and every PT_LOAD segment), which identifies the program a proof is about.
///
/// Encoding hashed, all as field elements: the entry point as two 16-bit halves, the
/// segment count, then per segment (in address order) its address (two halves), memory
/// size (two halves), flags, data length (two halves) and data packed 3 bytes per element
/// (little-endian, zero-padded). Every number is below 2^24 < p, so the encoding is
/// injective; lengths precede variable parts, so no two images share an encoding.
public enum ProgramDigest {
  /// The digest of `program`.
  public static func compute(_ program: ELFProgram) -> Digest {
    Poseidon2Sponge.hash(encode(program))
  }

  /// The field elements hashed by ``compute(_:)``.
  public static func encode(_ program: ELFProgram) -> [KoalaBear] {
    func halves(_ x: UInt32) -> [KoalaBear] { [KoalaBear(x & 0xffff), KoalaBear(x >> 16)] }
    var out = halves(program.entry) + [KoalaBear(UInt32(program.segments.count))]
    for s in program.segments {
      out += halves(s.virtualAddress) + halves(s.memorySize) + [KoalaBear(s.flags & 0xffff)]
      out += halves(UInt32(s.data.count))
      var i = 0
      while i < s.data.count {
        var v: UInt32 = 0
        for k in 0..<3 where i + k < s.data.count { v |= UInt32(s.data[i + k]) << (8 * k) }
        out.append(KoalaBear(v))
        i += 3
      }
    }
    return out
  }
}
