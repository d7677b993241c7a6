import ArgumentParser
import Foundation
import ZKMIPSExecutor
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSSDK

struct Prove: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a MIPS program and prove the run.",
    discussion: """
      The proof states: this program (by digest), given the public input, wrote this output on fd 1 and exited with this code (or ended in a trap that fired, BREAK, a reserved instruction, an integer overflow, a misaligned load or store or one on an unmapped page, or a jump to a misaligned or unmapped pc, at this pc). The hints stay private. The guest runs with argv = ["program"] and no environment. Other faults, the cycle limit or something not provable yet are one line on stderr and exit status 1. Progress is shown on a terminal; the summary goes to stdout.
      """)

  @Argument(help: "The MIPS32 little-endian static ELF program.")
  var program: String

  @Option(help: "File whose bytes are the public input (the guest's fd 0). Default: empty.")
  var input: String?

  @Option(help: "File whose bytes are the private hints (the guest's fd 3). Default: empty.")
  var hints: String?

  @Option(name: .shortAndLong, help: "Where to write the proof.")
  var output: String

  @Option(
    name: .customLong("max-cycles"),
    help: "Refuse runs longer than this many instructions (default: the most one proof holds).")
  var maxCycles: Int?

  func validate() throws {
    let given = [program, input, hints].compactMap { $0 }.map {
      URL(fileURLWithPath: $0).standardized.path
    }
    guard !given.contains(URL(fileURLWithPath: output).standardized.path) else {
      throw ValidationError("-o would overwrite one of the inputs")
    }
    if let maxCycles, maxCycles < 1 { throw ValidationError("--max-cycles must be positive") }
  }

  func run() throws {
    let progress = Progress()
    let (proof, report) = reportingErrors {
      let elf = try ProgramFile.loadProgram(program)
      let inputBytes = try input.map { try ProgramFile.readBytes($0, what: "input file") } ?? []
      let hintBytes = try hints.map { try ProgramFile.readBytes($0, what: "hints file") } ?? []
      return try ZKVM.prove(
        program: elf, input: inputBytes, hints: hintBytes, maxCycles: maxCycles,
        progress: progress.phase)
    }
    progress.done()
    let bytes = proof.encode()
    reportingErrors { try writeFileAtomically(bytes, to: output) }
    let s = proof.statement
    print(
      String(
        format:
          "proved %d cycles in %.2f s (%.0f cycles/s); %@; output %d bytes; proof %d bytes -> %@",
        report.cycles, report.seconds, Double(report.cycles) / max(report.seconds, 1e-9),
        s.ending, s.output.count, bytes.count, output))
  }
}

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Verify a proof and print the output it proves.",
    discussion: """
      Checks the proof against PROGRAM (its digest and verifying key are recomputed from the file) and the public input, then writes the proven output to stdout and a status line (exit code, sizes) to stderr. Exits 0 only for a valid proof of that statement (and, with --expect-output, that output); otherwise prints one line naming the reason and exits 1.
      """)

  @Argument(help: "The proof file.")
  var proof: String

  @Option(help: "The program the proof must be about.")
  var program: String

  @Option(help: "File with the public input the proof must be about. Default: empty.")
  var input: String?

  @Option(
    name: .customLong("expect-output"),
    help: "File with the output the proof must prove; anything else is rejected.")
  var expectOutput: String?

  func run() throws {
    let statement = reportingErrors {
      let elf = try ProgramFile.loadProgram(program)
      let inputBytes = try input.map { try ProgramFile.readBytes($0, what: "input file") } ?? []
      let file = try MachineProof.decode(try ProgramFile.readBytes(proof, what: "proof file"))
      let s = try ZKVM.verify(file, program: elf, input: inputBytes)
      if let expectOutput {
        let expected = try ProgramFile.readBytes(expectOutput, what: "expected output file")
        guard expected == s.output else {
          throw ZKMIPSError("the proof is valid but proves a different output than --expect-output")
        }
      }
      return s
    }
    writeAll(1, statement.output)
    FileHandle.standardError.write(
      Data(
        "zkmips: verified: \(statement.ending), input \(statement.consumedInput) of \(statement.input.count) bytes read, output \(statement.output.count) bytes\n"
          .utf8))
  }
}

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Describe a proof file: statement, parameters, security and sizes.",
    discussion: "Does not verify the proof (use `zkmips verify`).")

  @Argument(help: "The proof file.")
  var proof: String

  func run() throws {
    let (file, size) = reportingErrors {
      let bytes = try ProgramFile.readBytes(proof, what: "proof file")
      return (try MachineProof.decode(bytes), bytes.count)
    }
    let s = file.statement
    let p = StarkParameters.standard
    let digest = (0..<8).map { String(format: "%08x", s.programDigest[$0].value) }.joined()
    func preview(_ b: [UInt8]) -> String {
      let text = String(decoding: b.prefix(64), as: UTF8.self).replacingOccurrences(
        of: "\n", with: "\\n")
      return b.count > 64 ? text + "…" : text
    }
    var lines = [
      "statement:",
      "  program digest   \(digest)",
      "  input            \(s.input.count) bytes (\(s.consumedInput) read): \"\(preview(s.input))\"",
      "  output           \(s.output.count) bytes: \"\(preview(s.output))\"",
      "  ended with       \(s.ending)",
      "parameters:",
      "  blowup           \(1 << p.fri.logBlowup) (log \(p.fri.logBlowup))",
      "  queries          \(p.fri.queries), grinding \(p.fri.queryGrindingBits) bits",
      "  final polynomial \(1 << p.fri.logFinalPolynomialLength) coefficients",
      "  challenges       grinding \(p.fri.challengeGrindingBits) bits before each algebraic one",
    ]
    let names = MachineKey.Table.allCases.map { "\($0)" }
    if file.stark.logHeights.count == names.count {
      let shape = MachineKey.shapeKey.shape(logHeights: file.stark.logHeights)
      let r = SoundnessCalculator.report(parameters: p.fri, shape: shape)
      lines += [
        "security:",
        String(
          format: "  provable         %.1f bits (floor %.0f)", r.provableBits, p.minimumProvableBits
        ),
        String(format: "  conjectured      %.1f bits", r.conjecturedBits),
        "tables (rows):",
      ]
      for (n, h) in zip(names, file.stark.logHeights) {
        lines.append("  \(n.padding(toLength: 16, withPad: " ", startingAt: 0)) 2^\(h)")
      }
    }
    lines.append("size: \(size) bytes")
    print(lines.joined(separator: "\n"))
  }
}

/// Phases of a long job on stderr, with elapsed times, only when stderr is a terminal.
final class Progress {
  let enabled = isatty(2) != 0
  let start = DispatchTime.now().uptimeNanoseconds
  var current: String?

  var elapsed: String {
    String(format: "%.1f s", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }

  func phase(_ name: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1b}[K[\(elapsed)] \(name)…".utf8))
    current = name
  }

  func done() {
    guard enabled, current != nil else { return }
    FileHandle.standardError.write(Data("\r\u{1b}[K".utf8))
  }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so a failed
/// write never leaves a half-written file.
func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
  do {
    try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    throw ZKMIPSError("cannot write \(path): \(error.localizedDescription)")
  }
}
