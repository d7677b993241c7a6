import Foundation
import Testing
import ZKMIPSTestSupport

/// The `zkmips` tool as a user runs it: exit codes, one-line errors, passthrough.
@Suite("zkmips CLI")
struct CLITests {
  let zkmips = TestSupport.zkmipsExecutable

  func run(_ args: [String], stdin: [UInt8] = []) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let r = try TestSupport.execute(zkmips, args, stdin: stdin)
    return (
      r.status, String(decoding: r.stdout, as: UTF8.self), String(decoding: r.stderr, as: UTF8.self)
    )
  }

  /// An echo program: copies stdin to stdout, then exits with status 3.
  static let echo = TestSupport.program(
    """
    1:
    li $a0, 0
    move $a1, $s7
    li $a2, 4096
    li $v0, 4003
    syscall
    blez $v0, 2f
    nop
    move $a2, $v0
    li $a0, 1
    move $a1, $s7
    li $v0, 4004
    syscall
    b 1b
    nop
    2:
    li $a0, 3
    li $v0, 4001
    syscall
    """)

  @Test func runPassesStdinThroughAndExitsWithGuestStatus() throws {
    let elf = try TestSupport.assembleFile(Self.echo)
    let r = try run(["run", elf], stdin: Array("from stdin\n".utf8))
    #expect(r.status == 3)
    #expect(r.stdout == "from stdin\n")
    #expect(r.stderr.isEmpty)
  }

  @Test func runReadsInputFileAndReportsStats() throws {
    let dir = TestSupport.temporaryDirectory()
    let elf = try TestSupport.assembleFile(Self.echo, in: dir)
    try "file input".write(toFile: dir + "/in.txt", atomically: true, encoding: .utf8)
    let r = try run(["run", elf, "--input", dir + "/in.txt", "--stats"])
    #expect(r.status == 3)
    #expect(r.stdout == "file input")
    #expect(r.stderr.contains("cycles") && r.stderr.contains("instructions/s"))
  }

  @Test func infiniteLoopHitsTheCycleLimitWithOneLine() throws {
    let elf = try TestSupport.assembleFile(TestSupport.program("1: b 1b\n nop"))
    let r = try run(["run", elf, "--max-cycles", "100000"])
    #expect(r.status == 124)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains("cycle limit"))
  }

  @Test func jumpToUnmappedMemoryIsAOneLineFault() throws {
    let elf = try TestSupport.assembleFile(TestSupport.program("li $t0, 0x100\n jr $t0\n nop"))
    let r = try run(["run", elf])
    #expect(r.status == 139)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains("unmapped"))
  }

  @Test(
    arguments: [
      ("garbage", Array("not an elf at all".utf8)),
      ("empty", []),
      ("truncated", Array([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1])),
      ("64-bit", [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 60)),
    ] as [(String, [UInt8])])
  func malformedProgramIsAOneLineError(_ name: String, _ bytes: [UInt8]) throws {
    let path = TestSupport.temporaryDirectory() + "/bad.elf"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let r = try run(["run", path])
    #expect(r.status == 1, "\(name)")
    #expect(r.stderr.hasPrefix("zkmips: error:"), "\(name): \(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1, "\(name): \(r.stderr)")
  }

  @Test func missingFilesAreOneLineErrors() throws {
    let r = try run(["run", "/nonexistent/prog.elf"])
    #expect(r.status == 1 && r.stderr.contains("does not exist"))
    let elf = try TestSupport.assembleFile(Self.echo)
    let r2 = try run(["run", elf, "--input", "/nonexistent/input"])
    #expect(r2.status == 1 && r2.stderr.contains("does not exist"))
  }

  @Test func traceCSVHasOneRowPerStepAndOneColumnPerVariable() throws {
    let elf = try TestSupport.assembleFile(
      TestSupport.program("li $t0, 5\n addu $t1, $t0, $t0\n sw $t1, 0($s7)"))
    let r = try run(["trace", elf, "--rows", "5", "--format", "csv"])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 6)
    let header = lines[0].split(separator: ",")
    #expect(header.first == "step" && header.contains("pc") && header.contains("mem_addr"))
    #expect(lines.dropFirst().allSatisfy { csvFields(String($0)).count == header.count })
    #expect(lines[4].contains("addu $t1, $t0, $t0") && lines[4].contains("0x0000000a"))
    #expect(lines[5].contains("write"))
  }

  @Test func traceTableIsAligned() throws {
    let elf = try TestSupport.assembleFile(TestSupport.program("nop"))
    let r = try run(["trace", elf])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 1 + 6)  // header + 2 (la) + nop + 3 (exit)
    #expect(lines[0].hasPrefix("step"))
  }

  @Test func helpIsAvailableForEveryCommand() throws {
    for command in ["run", "prove", "verify", "inspect", "trace", "build", "bench"] {
      let r = try run([command, "--help"])
      #expect(r.status == 0, "\(command)")
      #expect(r.stdout.contains("USAGE"), "\(command)")
    }
  }

  @Test func buildRefusesToOverwriteItsSource() throws {
    let dir = TestSupport.temporaryDirectory()
    let src = dir + "/main.c"
    try "int main(void) { return 0; }\n".write(toFile: src, atomically: true, encoding: .utf8)
    let r = try run(["build", src, "-o", src])
    #expect(r.status != 0)
    #expect(try String(contentsOfFile: src, encoding: .utf8) == "int main(void) { return 0; }\n")
  }

  @Test func failedBuildKeepsThePreviousOutput() throws {
    let dir = TestSupport.temporaryDirectory()
    let src = dir + "/broken.c", out = dir + "/prog.elf"
    try "this is not C".write(toFile: src, atomically: true, encoding: .utf8)
    try "previous".write(toFile: out, atomically: true, encoding: .utf8)
    let r = try run(["build", src, "-o", out])
    #expect(r.status != 0)
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "previous")
  }
}

/// Splits one CSV line into fields, honouring double quotes.
func csvFields(_ line: String) -> [String] {
  var fields: [String] = [], current = "", quoted = false
  for c in line {
    if c == "\"" {
      quoted.toggle()
    } else if c == "," && !quoted {
      fields.append(current)
      current = ""
    } else {
      current.append(c)
    }
  }
  return fields + [current]
}

@Suite("zkmips bench")
struct BenchCommandTests {
  /// The JSON report carries every key the issues and the README name, each a finite,
  /// positive measurement.
  @Test func quickJSONHasTheStableKeys() throws {
    let r = try TestSupport.execute(TestSupport.zkmipsExecutable, ["bench", "--quick", "--json"])
    #expect(r.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any]
    let results = try #require(json?["results"] as? [String: [String: Any]])
    let keys = [
      "field_mul_scalar_per_s", "field_mul_packed_per_s", "ntt_2^20_ms", "ntt_2^20_1thread_ms",
      "lde_2^18x32_blowup2_ms", "lde_2^18x32_blowup4_ms", "poseidon2_perm_scalar_per_s",
      "poseidon2_perm_packed_per_s_per_core", "merkle_commit_2^20x16_ms", "merkle_elements_per_s",
      "stark_prove_fib_2^20x32_s", "stark_verify_fib_2^20x32_ms",
      "stark_proof_size_fib_2^20x32_bytes",
      "stark_provable_bits", "stark_conjectured_bits", "machine_factors_cycles",
      "machine_factors_prove_s", "machine_factors_cycles_per_s", "machine_factors_proof_bytes",
      "machine_factors_verify_ms", "machine_factors_peak_rss_mb",
    ]
    for key in keys {
      let value = try #require(results[key]?["value"] as? Double, "missing \(key)")
      #expect(value.isFinite && value > 0, "\(key) = \(value)")
    }
  }
}

/// `zkmips prove` / `verify` / `inspect` as a user runs them.
@Suite("zkmips prove, verify, inspect")
struct ProveCommandTests {
  let zkmips = TestSupport.zkmipsExecutable

  func run(_ args: [String]) throws -> (status: Int32, stdout: [UInt8], stderr: String) {
    let r = try TestSupport.execute(zkmips, args)
    return (r.status, r.stdout, String(decoding: r.stderr, as: UTF8.self))
  }

  /// Echoes its input once and exits 7 (branch-free, see ProvingTests).
  static func program(in dir: String) throws -> String {
    try TestSupport.assembleFile(TestSupport.program(echoOnceBody), in: dir)
  }

  @Test func proveVerifyInspectRoundTrip() throws {
    let dir = TestSupport.temporaryDirectory()
    let elf = try Self.program(in: dir)
    let input = dir + "/in.txt", proof = dir + "/p.proof", expected = dir + "/want.txt"
    try "zk proof".write(toFile: input, atomically: true, encoding: .utf8)
    try "zk proof".write(toFile: expected, atomically: true, encoding: .utf8)
    let p = try run(["prove", elf, "--input", input, "-o", proof])
    #expect(p.status == 0, "\(p.stderr)")
    #expect(String(decoding: p.stdout, as: UTF8.self).contains("exit code 7"))
    #expect(p.stderr.isEmpty, "no progress when stderr is not a terminal")
    let v = try run([
      "verify", proof, "--program", elf, "--input", input, "--expect-output", expected,
    ])
    #expect(v.status == 0, "\(v.stderr)")
    #expect(v.stdout == Array("zk proof".utf8))
    #expect(v.stderr.contains("exit code 7"))
    let i = try run(["inspect", proof])
    #expect(i.status == 0)
    let text = String(decoding: i.stdout, as: UTF8.self)
    #expect(text.contains("ended with       exit code 7") && text.contains("provable"))
  }

  @Test func wrongStatementsAreOneLineFailures() throws {
    let dir = TestSupport.temporaryDirectory()
    let elf = try Self.program(in: dir)
    let input = dir + "/in.txt", other = dir + "/other.txt", proof = dir + "/p.proof"
    try "abc".write(toFile: input, atomically: true, encoding: .utf8)
    try "abd".write(toFile: other, atomically: true, encoding: .utf8)
    #expect(try run(["prove", elf, "--input", input, "-o", proof]).status == 0)
    for args in [
      ["--input", other],  // a different input
      [],  // no input at all
      ["--input", input, "--expect-output", other],  // a different output
    ] {
      let v = try run(["verify", proof, "--program", elf] + args)
      #expect(v.status == 1, "\(args)")
      #expect(v.stdout.isEmpty, "\(args)")
      #expect(v.stderr.hasPrefix("zkmips: error: ") && v.stderr.split(separator: "\n").count == 1)
    }
    // A truncated proof file, and one with a flipped byte.
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: proof)))
    let truncated = dir + "/t.proof"
    try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
    bytes[bytes.count - 100] ^= 1
    let flipped = dir + "/f.proof"
    try Data(bytes).write(to: URL(fileURLWithPath: flipped))
    for file in [truncated, flipped] {
      let v = try run(["verify", file, "--program", elf, "--input", input])
      #expect(v.status == 1)
      #expect(v.stderr.hasPrefix("zkmips: error: ") && v.stderr.split(separator: "\n").count == 1)
    }
  }

  @Test func proveRefusesToOverwriteItsInputsAndUnprovableRuns() throws {
    let dir = TestSupport.temporaryDirectory()
    let elf = try Self.program(in: dir)
    let before = try Data(contentsOf: URL(fileURLWithPath: elf))
    let r = try run(["prove", elf, "-o", elf])
    #expect(r.status != 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: elf)) == before)
    // A guest using a syscall not provable yet (mmap of a file: no MAP_ANONYMOUS): one line,
    // non-zero, no proof written.
    let faulting = try TestSupport.assembleFile(
      TestSupport.program("  li $a0, 0\n  li $v0, 4090\n  syscall\n  nop\n"))
    let proof = dir + "/never.proof"
    let f = try run(["prove", faulting, "-o", proof])
    #expect(f.status == 1)
    #expect(f.stderr.contains("cannot prove") && f.stderr.split(separator: "\n").count == 1)
    #expect(!FileManager.default.fileExists(atPath: proof))
  }
}
