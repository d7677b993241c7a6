/// A user-facing failure: one line of text and the process exit code it maps to.
public struct ZKMIPSError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var exitCode: Int32

  public init(_ message: String, exitCode: Int32 = 1) {
    self.message = message
    self.exitCode = exitCode
  }

  public var description: String { message }
}
