import Foundation
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSHash
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// What a proof claims: the program (by digest), given the public input, read
/// `consumedInput` bytes of it, wrote `output` on fd 1 and exited with `exitCode` — or, when
/// `fault` is set, ended in that fault (a trap that fired, BREAK, a reserved word, an
/// integer overflow, a misaligned load or store, a load or store on an unmapped page, or a
/// fetch at a misaligned or unmapped pc).
public struct Statement: Equatable, Sendable {
  public var programDigest: Digest
  public var input: [UInt8]
  public var consumedInput: Int
  public var output: [UInt8]
  public var exitCode: UInt8
  public var fault: MachineFault?

  public init(
    programDigest: Digest, input: [UInt8], consumedInput: Int, output: [UInt8], exitCode: UInt8,
    fault: MachineFault? = nil
  ) {
    self.programDigest = programDigest
    self.input = input
    self.consumedInput = consumedInput
    self.output = output
    self.exitCode = exitCode
    self.fault = fault
  }

  /// The status a shell sees for the run (as `zkmips run` exits): the exit code, or
  /// 128 + the signal of the fault.
  public var processExitCode: Int32 { fault?.processExitCode ?? Int32(exitCode) }

  /// "exit code N" or "fault: KIND at PC (status S)".
  public var ending: String {
    fault.map { "fault: \($0) (status \($0.processExitCode))" } ?? "exit code \(exitCode)"
  }
}

/// A proof file: the statement and the STARK proof of it.
public struct MachineProof: Equatable, Sendable {
  public var statement: Statement
  public var stark: StarkProof

  public init(statement: Statement, stark: StarkProof) {
    self.statement = statement
    self.stark = stark
  }

  /// File magic and format version.
  public static let magic: [UInt8] = Array("ZKMIPS-PROOF".utf8)
  public static let version: UInt32 = 1
  /// Largest input or output a proof file may carry (the executor caps a read at 2^24).
  public static let maximumStreamBytes = 1 << 28

  /// The canonical encoding: magic, version, digest, exit code, fault kind (0: none) and pc,
  /// input, consumed, output (lengths as u32 little-endian), then the STARK proof's own
  /// encoding.
  public func encode() -> [UInt8] {
    var out = Self.magic
    func u32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8((v >> (8 * UInt32(k))) & 0xff)) } }
    u32(Self.version)
    for k in 0..<Digest.count { u32(statement.programDigest[k].value) }
    out.append(statement.exitCode)
    out.append(UInt8(statement.fault?.kind.rawValue ?? 0))
    u32(statement.fault?.pc ?? 0)
    u32(UInt32(statement.input.count))
    out += statement.input
    u32(UInt32(statement.consumedInput))
    u32(UInt32(statement.output.count))
    out += statement.output
    out += ProofCodec.encode(stark)
    return out
  }

  /// Decodes a proof file; any malformed, truncated or oversized content is a one-line
  /// error.
  public static func decode(_ bytes: [UInt8]) throws -> MachineProof {
    var offset = 0
    func take(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
      guard n >= 0, n <= bytes.count - offset else {
        throw ZKMIPSError("truncated proof file (inside \(what))")
      }
      defer { offset += n }
      return bytes[offset..<(offset + n)]
    }
    func u32(_ what: String) throws -> UInt32 {
      try take(4, what).enumerated().reduce(0) {
        $0 | UInt32($1.element) << (8 * UInt32($1.offset))
      }
    }
    guard try take(magic.count, "magic").elementsEqual(magic) else {
      throw ZKMIPSError("not a zkMIPS proof file (bad magic)")
    }
    let v = try u32("version")
    guard v == version else { throw ZKMIPSError("unsupported proof file version \(v)") }
    var digest: [KoalaBear] = []
    for _ in 0..<Digest.count {
      let x = try u32("program digest")
      guard x < KoalaBear.modulus else { throw ZKMIPSError("invalid program digest in proof file") }
      digest.append(KoalaBear(x))
    }
    let exitCode = try take(1, "exit code").first!
    let faultKind = try take(1, "fault kind").first!
    let faultPC = try u32("fault pc")
    var fault: MachineFault? = nil
    if faultKind != 0 {
      guard let kind = MachineFault.Kind(rawValue: UInt32(faultKind)), exitCode == 0 else {
        throw ZKMIPSError("invalid fault in proof file")
      }
      fault = MachineFault(kind: kind, pc: faultPC)
    } else if faultPC != 0 {
      throw ZKMIPSError("invalid fault in proof file")
    }
    func stream(_ what: String) throws -> [UInt8] {
      let n = Int(try u32(what + " length"))
      guard n <= maximumStreamBytes else { throw ZKMIPSError("\(what) in proof file too large") }
      return Array(try take(n, what))
    }
    let input = try stream("input")
    let consumed = Int(try u32("consumed input"))
    guard consumed <= input.count else {
      throw ZKMIPSError("proof file claims more input read than it holds")
    }
    let output = try stream("output")
    let stark: StarkProof
    do { stark = try ProofCodec.decode(Array(bytes[offset...])) } catch {
      throw ZKMIPSError(error.description)
    }
    return MachineProof(
      statement: Statement(
        programDigest: Digest(digest), input: input, consumedInput: consumed, output: output,
        exitCode: exitCode, fault: fault),
      stark: stark)
  }
}

/// What proving did.
public struct ProvingReport: Sendable {
  public var cycles: Int
  public var seconds: Double
  public var proofBytes: Int
  /// Rows of each table, by name.
  public var tableHeights: [(name: String, height: Int)]
}

/// Proving and verifying whole runs of a program.
public enum ZKVM {
  /// Bytes of memory a proof needs per row of its CPU table, measured on the bundled
  /// examples (peak resident 6.6 GB for `sha256`'s 2^19 rows, 13.2 GB for `keccak`'s 2^20:
  /// about 12 600 bytes a row) with a little margin: the traces, their extensions and the
  /// Merkle trees of every table grow with it.
  public static let bytesPerCPURow: UInt64 = 12_800

  /// Throws (one line) when a proof whose CPU table has `cpuRows` rows needs more than
  /// `physicalMemory` bytes by ``bytesPerCPURow``.
  public static func checkMemory(cycles: Int, cpuRows: Int, physicalMemory: UInt64) throws {
    let needed = UInt64(cpuRows) * bytesPerCPURow
    guard needed <= physicalMemory else {
      throw ZKMIPSError(
        String(
          format:
            "cannot prove: a single proof of %d cycles needs about %.1f GB of memory and this machine has %.1f GB (lower --max-cycles; longer runs need sharding)",
          cycles, Double(needed) / 1e9, Double(physicalMemory) / 1e9))
    }
  }

  /// The digest that identifies `program` in a statement.
  public static func programDigest(_ program: ELFProgram) -> Digest {
    ProgramDigest.compute(program)
  }

  /// Runs `program` on `input` and `hints` and proves the run.
  ///
  /// - Parameter progress: told each phase as it starts.
  /// - Throws: ``ZKMIPSError`` with one line: the run cannot be proven (it faulted, is too
  ///   long, uses something not provable yet) or proving failed.
  public static func prove(
    program: ELFProgram, input: [UInt8], hints: [UInt8], maxCycles: Int? = nil,
    progress: ((String) -> Void)? = nil
  ) throws -> (proof: MachineProof, report: ProvingReport) {
    let start = DispatchTime.now().uptimeNanoseconds
    progress?("building the verifying key")
    let key = MachineKey(program: program)
    progress?("executing and generating traces")
    let witness: MachineWitness
    do {
      witness = try MachineWitness(
        tables: key, program: program, input: input, hints: hints, maxCycles: maxCycles)
    } catch { throw ZKMIPSError("cannot prove: \(error.description)") }
    // Refuse before the expensive part a run whose proof the verifier would refuse.
    let logHeights = witness.traces.map { $0.height.trailingZeroBitCount }
    let bits = SoundnessCalculator.report(
      parameters: key.key.parameters.fri, shape: key.key.shape(logHeights: logHeights)
    ).provableBits
    guard bits >= key.key.parameters.minimumProvableBits else {
      throw ZKMIPSError(
        String(
          format:
            "cannot prove: a single proof of %d cycles would have %.1f provable bits, below the %.0f-bit floor (longer runs need sharding)",
          witness.cycles, bits, key.key.parameters.minimumProvableBits))
    }
    // And one that would not fit in this machine's memory, rather than be killed mid-way.
    try checkMemory(
      cycles: witness.cycles, cpuRows: witness.traces[MachineKey.Table.cpu.rawValue].height,
      physicalMemory: ProcessInfo.processInfo.physicalMemory)
    let stark: StarkProof
    do {
      stark = try StarkProver.prove(
        key: key.key, traces: witness.traces, publicValues: witness.publicValues(key),
        publicMessages: witness.publicMessages, progress: progress)
    } catch { throw ZKMIPSError("proving failed: \(error)") }
    let proof = MachineProof(
      statement: Statement(
        programDigest: ProgramDigest.compute(program), input: input,
        consumedInput: witness.consumed, output: witness.output, exitCode: witness.exitCode,
        fault: witness.fault),
      stark: stark)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let heights = zip(key.key.airs, witness.traces).map { ($0.name, $1.height) }
    return (
      proof,
      ProvingReport(
        cycles: witness.cycles, seconds: seconds, proofBytes: proof.encode().count,
        tableHeights: heights)
    )
  }

  /// Verifies `proof` for `program` on public input `input`; returns the proven statement.
  ///
  /// - Throws: ``ZKMIPSError`` with a one-line reason: a different program or input, a
  ///   statement the proof does not prove, or a proof that fails verification.
  @discardableResult
  public static func verify(_ proof: MachineProof, program: ELFProgram, input: [UInt8]) throws
    -> Statement
  {
    let s = proof.statement
    guard ProgramDigest.compute(program) == s.programDigest else {
      throw ZKMIPSError("the proof is about a different program")
    }
    guard s.input == input else { throw ZKMIPSError("the proof is about a different input") }
    let key = MachineKey(program: program)
    let expected = key.publicValues(
      exitCode: s.exitCode, fault: s.fault, consumed: s.consumedInput,
      outputLength: s.output.count,
      inputLength: input.count)
    guard proof.stark.publicValues == expected else {
      throw ZKMIPSError("the proof's public values do not match its statement")
    }
    let messages = MachineKey.publicMessages(
      consumedInput: input[..<s.consumedInput], output: s.output)
    do {
      try StarkVerifier.verify(proof.stark, key: key.key, publicMessages: messages)
    } catch { throw ZKMIPSError("invalid proof: \(error)") }
    return s
  }
}
