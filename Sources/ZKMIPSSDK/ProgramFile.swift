import Foundation
import ZKMIPSExecutor

/// Reading user files (programs, inputs) with one-line errors.
public enum ProgramFile {
  /// Largest file accepted as a program or an input (1 GiB): a bound, not a guess.
  public static let maximumSize = 1 << 30

  /// The bytes of the file at `path`.
  public static func readBytes(_ path: String, what: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ZKMIPSError("\(what) '\(path)' does not exist")
    }
    guard !isDirectory.boolValue else { throw ZKMIPSError("\(what) '\(path)' is a directory") }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ZKMIPSError("cannot open \(what) '\(path)' for reading")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: maximumSize + 1) ?? Data()
    } catch {
      throw ZKMIPSError("cannot read \(what) '\(path)': \(error.localizedDescription)")
    }
    guard data.count <= maximumSize else {
      throw ZKMIPSError("\(what) '\(path)' is larger than 1 GiB")
    }
    return [UInt8](data)
  }

  /// Loads and validates the MIPS ELF program at `path`.
  public static func loadProgram(_ path: String) throws -> ELFProgram {
    let bytes = try readBytes(path, what: "program")
    do {
      return try ELFProgram(elf: bytes)
    } catch {
      throw ZKMIPSError("\(path): \(error)")
    }
  }
}
