import Foundation
import ZKMIPSExecutor
import ZKMIPSSDK

/// Test helpers: assemble MIPS snippets with the toolchain's clang and run them.
public enum TestSupport {
  /// Path of the repository (for Examples/, guest/, Tests/Conformance/).
  public static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// A fresh temporary directory for one test.
  public static func temporaryDirectory() -> String {
    let dir = NSTemporaryDirectory() + "zkmips-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Runs `executable` with `arguments`, feeding `stdin`; returns (status, stdout, stderr).
  /// A process killed by a signal reports 128 + signal, as a shell would.
  public static func execute(
    _ executable: String, _ arguments: [String], stdin: [UInt8] = [],
    environment: [String: String]? = nil
  ) throws -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    p.standardError = errPipe
    try p.run()
    // Feed stdin and drain stderr concurrently so no pipe fills up and blocks the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) {
      inPipe.fileHandleForWriting.write(Data(stdin))
      try? inPipe.fileHandleForWriting.close()
    }
    DispatchQueue.global().async(group: group) {
      errData = errPipe.fileHandleForReading.readDataToEndOfFile()
    }
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    group.wait()
    let status =
      p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
    return (status, [UInt8](out), [UInt8](errData))
  }

  /// Assembles `source` (a whole .S file with a global `__start`) into an ELF file.
  public static func assembleFile(_ source: String, in dir: String = temporaryDirectory()) throws
    -> String
  {
    guard let clang = GuestToolchain.findClang() else { throw ZKMIPSError("no clang") }
    let src = dir + "/t.S", out = dir + "/t.elf"
    try source.write(toFile: src, atomically: true, encoding: .utf8)
    let r = try execute(
      clang, GuestToolchain.targetFlags + [src, "-fuse-ld=lld", "-Wl,-e,__start", "-o", out])
    guard r.status == 0 else {
      throw ZKMIPSError("assembly failed: " + String(decoding: r.stderr, as: UTF8.self))
    }
    return out
  }

  /// Wraps an instruction sequence as a program: `.set noreorder`, a 4 KiB `buf` data area
  /// (address in `$s7` on entry), then `body`, then exit_group(0).
  public static func program(_ body: String) -> String {
    """
      .set noreorder
      .data
      .align 4
    buf:
      .space 4096
      .text
      .globl __start
    __start:
      lui $s7, %hi(buf)
      addiu $s7, $s7, %lo(buf)
    \(body)
      li $a0, 0
      li $v0, 4246
      syscall
      nop
    """
  }

  /// Loads the ELF file at `path`.
  public static func loadELF(_ path: String) throws -> ELFProgram {
    try ELFProgram(elf: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  /// Assembles `body` (see ``program(_:)``) and runs it to completion.
  public static func run(
    _ body: String, input: [UInt8] = [], maxCycles: UInt64 = 1_000_000
  ) throws -> (machine: Machine, status: ExitStatus) {
    let elf = try loadELF(try assembleFile(program(body)))
    let m = Machine(program: elf, input: InputStream(bytes: input))
    let status = m.run(maxCycles: maxCycles)
    return (m, status)
  }

  /// The `qemu-mipsel` binary, if installed.
  public static let qemu: String? = ["/usr/bin/qemu-mipsel", "/usr/local/bin/qemu-mipsel"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Whether tests that need qemu must run (in CI they must: a missing qemu is a failure).
  public static var requireQEMU: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

  /// The built `zkmips` executable next to the test bundle.
  public static var zkmipsExecutable: String {
    let bundleDir = Bundle.main.bundleURL
    for dir in [bundleDir, bundleDir.deletingLastPathComponent()] {
      let candidate = dir.appendingPathComponent("zkmips").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return repositoryRoot + "/.build/release/zkmips"
  }
}
