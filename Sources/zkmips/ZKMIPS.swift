import ArgumentParser
import Foundation
import ZKMIPSExecutor
import ZKMIPSSDK

@main
struct ZKMIPS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "zkmips",
    abstract: "A zero-knowledge virtual machine for MIPS32 programs.",
    discussion: """
      Runs statically linked MIPS32r2 little-endian ELF programs (like qemu-mipsel), proves runs and verifies the proofs, prints execution traces, builds C guests with the bundled guest SDK, and benchmarks the prover.
      """,
    subcommands: [
      Run.self, Prove.self, Verify.self, Inspect.self, Trace.self, Build.self, Bench.self,
    ]
  )
}

/// Prints `zkmips: error: message` and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
  FileHandle.standardError.write(Data("zkmips: error: \(message)\n".utf8))
  exit(code)
}

/// Runs `body`, turning a ``ZKMIPSError`` into one line on stderr and its exit code.
func reportingErrors<T>(_ body: () throws -> T) -> T {
  do { return try body() } catch let e as ZKMIPSError {
    fail(e.message, code: e.exitCode)
  } catch {
    fail("\(error)")
  }
}

/// Options shared by the commands that execute a guest.
struct GuestOptions: ParsableArguments {
  @Argument(help: "The MIPS32 little-endian static ELF program.")
  var program: String

  @Option(
    name: .long,
    help: "File whose bytes are the public input (the guest's fd 0). Default: this tool's stdin.")
  var input: String?

  @Option(
    name: .long, help: "File whose bytes are the private hints (the guest's fd 3). Default: empty.")
  var hints: String?

  @Option(
    name: .customLong("max-cycles"),
    help: "Stop after this many instructions (a guest that never exits is cut off).")
  var maxCycles: UInt64 = 1 << 32

  @Argument(parsing: .postTerminator, help: "Arguments passed to the guest after `--`.")
  var guestArguments: [String] = []

  func makeMachine() throws -> Machine {
    let program = try ProgramFile.loadProgram(self.program)
    let input =
      try self.input.map { InputStream(bytes: try ProgramFile.readBytes($0, what: "input file")) }
      ?? InputStream(hostDescriptor: 0)
    let hints =
      try self.hints.map { InputStream(bytes: try ProgramFile.readBytes($0, what: "hints file")) }
      ?? InputStream(bytes: [])
    let name = URL(fileURLWithPath: self.program).lastPathComponent
    return Machine(program: program, input: input, hints: hints, arguments: [name] + guestArguments)
  }
}

/// Writes all of `bytes` to the host descriptor `fd`.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
  bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
      if n <= 0 { if errno == EINTR { continue } else { return } }
      offset += n
    }
  }
}

/// Reports how a run ended on stderr (nothing for a normal exit) and returns the exit code.
func finish(_ status: ExitStatus, machine: Machine) -> Int32 {
  switch status {
  case .exited: break
  case .fault:
    FileHandle.standardError.write(Data("zkmips: \(status)\n".utf8))
  case .cycleLimit(let n):
    FileHandle.standardError.write(
      Data(
        "zkmips: error: cycle limit of \(n) reached at pc 0x\(String(machine.pc, radix: 16)) (raise it with --max-cycles)\n"
          .utf8))
  }
  return status.processExitCode
}
