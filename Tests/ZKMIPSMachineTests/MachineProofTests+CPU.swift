import Testing
import ZKMIPSAIR
import ZKMIPSExecutor
import ZKMIPSField
import ZKMIPSMachine
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSTestSupport
import ZKMIPSVerifier

/// A whole-machine witness for an assembled program body (see `TestSupport.program`).
struct MachineCase {
  let elf: ELFProgram
  let tables: MachineKey
  var witness: MachineWitness

  init(_ body: String, input: [UInt8] = []) throws {
    elf = try TestSupport.loadELF(try TestSupport.assembleFile(TestSupport.program(body)))
    tables = MachineKey(program: elf)
    witness = try MachineWitness(tables: tables, program: elf, input: input, hints: [])
  }

  var publicValues: [[KoalaBear]] { tables.publicValues(exitCode: witness.exitCode) }

  /// Constraint violations and bus imbalances of the witness, as strings.
  var problems: [String] {
    var out: [String] = []
    for (t, air) in tables.key.airs.enumerated() {
      out += ConstraintChecker.violations(
        of: air, trace: witness.traces[t], publicValues: publicValues[t]
      ).map(\.description)
    }
    out += ConstraintChecker.busImbalances(
      tables.key.airs.indices.map { (tables.key.airs[$0], witness.traces[$0]) })
    return out
  }

  /// Proves the witness with `publicValues` and verifies it with `verifierValues`.
  func proveAndVerify(
    publicValues proverValues: [[KoalaBear]]? = nil, verifierValues: [[KoalaBear]]? = nil
  ) throws -> VerificationError? {
    var proof = try StarkProver.prove(
      key: tables.key, traces: witness.traces, publicValues: proverValues ?? publicValues)
    if let v = verifierValues { proof.publicValues = v }
    do {
      try StarkVerifier.verify(proof, key: tables.key)
      return nil
    } catch { return error }
  }
}

/// Straight-line ALU work, HI/LO moves, a call and a return: no branch, load or store.
let straightLineBody = """
  li    $t0, 0x12345678
  li    $t1, -7
  addu  $t2, $t0, $t1
  subu  $t3, $t1, $t0
  addu  $t4, $t4, $t4
  xor   $t5, $t0, $t1
  sll   $t6, $t0, 5
  srav  $t7, $t1, $t0
  sltu  $s0, $t0, $t1
  clz   $s1, $t0
  mult  $t0, $t1
  mfhi  $s2
  mflo  $s3
  madd  $t0, $t0
  mthi  $t2
  mtlo  $t3
  divu  $zero, $t0, $t2
  mflo  $s4
  mul   $s5, $t0, $t1
  addu  $zero, $t0, $t1
  jal   1f
  nop
  addiu $s6, $s6, 1
  j     2f
  nop
  1:
  addiu $s6, $zero, 41
  jr    $ra
  addiu $s6, $s6, 1
  2:
  li    $a0, 3
  li    $v0, 4001
  syscall
  """

@Suite("Machine: CPU, memory argument and exit")
struct CPUMachineTests {
  @Test("a straight-line run with calls satisfies every table and proves")
  func honest() throws {
    let c = try MachineCase(straightLineBody)
    #expect(c.witness.exitCode == 3)
    #expect(c.problems == [])
    #expect(try c.proveAndVerify() == nil)
  }

  @Test("a different exit code is rejected")
  func wrongExitCode() throws {
    let c = try MachineCase(straightLineBody)
    var values = c.publicValues
    values[MachineKey.Table.syscall.rawValue] = [KoalaBear(4)]
    #expect(try c.proveAndVerify(verifierValues: values) != nil)
    #expect(try c.proveAndVerify(publicValues: values) != nil)
  }
}
