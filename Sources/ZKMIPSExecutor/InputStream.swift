#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A byte stream the guest reads through a file descriptor (fd 0 public input, fd 3 hints).
///
/// It is either a fixed byte array or backed by a host file descriptor that is read lazily,
/// as the guest asks, so an interactive `zkmips run` behaves like the native program. Every
/// byte handed to the guest is kept in ``consumed``: that is what the statement binds.
public final class InputStream {
  private var buffer: [UInt8]
  private var position = 0
  private let hostDescriptor: Int32?
  private var hostEOF = false

  /// A stream over fixed bytes.
  public init(bytes: [UInt8]) {
    buffer = bytes
    hostDescriptor = nil
  }

  /// A stream that reads the host descriptor `fd` on demand.
  public init(hostDescriptor fd: Int32) {
    buffer = []
    hostDescriptor = fd
  }

  /// The bytes delivered to the guest so far, in order.
  public var consumed: ArraySlice<UInt8> { buffer[..<position] }

  /// Takes up to `count` bytes (fewer at end of stream; an empty result means EOF).
  public func take(_ count: Int) -> ArraySlice<UInt8> {
    if position == buffer.count, let fd = hostDescriptor, !hostEOF, count > 0 {
      var chunk = [UInt8](repeating: 0, count: min(max(count, 1), 1 << 16))
      var n: Int
      repeat {
        n = chunk.withUnsafeMutableBytes { Glibc_read(fd, $0.baseAddress, $0.count) }
      } while n < 0 && errno == EINTR
      if n <= 0 { hostEOF = true } else { buffer.append(contentsOf: chunk[..<n]) }
    }
    let n = min(count, buffer.count - position)
    defer { position += n }
    return buffer[position..<position + n]
  }
}

@inline(__always)
private func Glibc_read(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
  read(fd, p, n)
}
