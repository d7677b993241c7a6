import ArgumentParser
import Foundation
import ZKMIPSExecutor
import ZKMIPSSDK

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a MIPS program, passing its stdout/stderr through.",
    discussion: """
      The tool exits with the guest's exit status. A guest fault prints one line naming it and exits with 128 + the signal Linux would raise (overflow 136, trap/break 133, reserved instruction 132, unaligned access 135, unmapped memory 139); reaching the cycle limit exits with 124.
      """)

  @OptionGroup var options: GuestOptions

  @Flag(help: "Print cycles, time and instructions per second to stderr.")
  var stats = false

  func run() throws {
    let machine = reportingErrors { try options.makeMachine() }
    machine.kernel.keepsOutput = false
    machine.kernel.standardOutputSink = { writeAll(1, $0) }
    machine.kernel.standardErrorSink = { writeAll(2, $0) }
    let start = DispatchTime.now().uptimeNanoseconds
    let status = machine.run(maxCycles: options.maxCycles)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if stats {
      let ips = seconds > 0 ? Double(machine.cycles) / seconds : 0
      let line = String(
        format: "zkmips: %llu cycles in %.3f s (%.1f M instructions/s); %@\n", machine.cycles,
        seconds,
        ips / 1e6, status.description)
      FileHandle.standardError.write(Data(line.utf8))
    }
    throw ExitCode(finish(status, machine: machine))
  }
}

struct Trace: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the execution trace: one row per step, one column per machine variable.",
    discussion: "Columns: " + TraceTable.columns.joined(separator: ", ")
      + ". Guest stdout/stderr are not shown; the run stops after --rows steps.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv }

  @OptionGroup var options: GuestOptions

  @Option(help: "Number of steps (rows) to print.")
  var rows: Int = 100

  @Option(help: "Output format: table or csv.")
  var format: Format = .table

  func validate() throws {
    guard rows > 0 else { throw ValidationError("--rows must be positive") }
  }

  func run() throws {
    let machine = reportingErrors { try options.makeMachine() }
    var recorder = TraceRecorder(keepsSteps: true, stepLimit: rows)
    let status = machine.run(maxCycles: min(options.maxCycles, UInt64(rows)), recorder: &recorder)
    let text = format == .csv ? TraceTable.csv(recorder.steps) : TraceTable.table(recorder.steps)
    writeAll(1, Array(text.utf8))
    if case .cycleLimit = status { return }  // the requested number of rows was printed
    let code = finish(status, machine: machine)
    if code != 0 { throw ExitCode(code) }
  }
}

struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compile C/assembly guest sources with the guest SDK into a MIPS program.",
    discussion: """
      Uses the clang and ld.lld of the Swift toolchain (they carry the mipsel target) with: \(GuestToolchain.targetFlags.joined(separator: " ")), the SDK's start-up code, libc and linker script.
      """)

  @Argument(help: "C (.c) or assembly (.S) source files.")
  var sources: [String]

  @Option(name: .shortAndLong, help: "The program (ELF) to write.")
  var output: String

  @Option(name: .customShort("O"), help: "Optimisation level passed to clang (0, 1, 2, 3, s, z).")
  var optimization: String = "2"

  @Option(name: .customLong("cflag"), help: "Extra flag for clang (repeatable).")
  var cflags: [String] = []

  func validate() throws {
    guard !sources.isEmpty else { throw ValidationError("give at least one source file") }
    guard ["0", "1", "2", "3", "s", "z"].contains(optimization) else {
      throw ValidationError("-O must be one of 0, 1, 2, 3, s, z")
    }
    let out = URL(fileURLWithPath: output).standardizedFileURL.path
    if sources.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == out }) {
      throw ValidationError(
        "the output '\(output)' is one of the sources; refusing to overwrite it")
    }
  }

  func run() throws {
    reportingErrors {
      let toolchain = try GuestToolchain.locate()
      try toolchain.build(
        sources: sources, output: output, optimization: "-O" + optimization, extraFlags: cflags)
    }
  }
}
