import Testing
import ZKMIPSAIR
import ZKMIPSField
import ZKMIPSProtocol
import ZKMIPSProver
import ZKMIPSVerifier

/// A table that publishes bytes (index, byte) on a bus, as the machine's syscall chip will
/// publish public output; the verifier, who knows the bytes, receives them itself.
struct PublishedBytesAIR: AIR {
  static let bus = 7
  var name: String { "published" }
  var width: Int { 3 }  // index, byte, is_real
  var interactions: [Interaction] {
    [
      Interaction(
        bus: Self.bus, direction: .send, values: [.main(0), .main(1)], multiplicity: .main(2))
    ]
  }
  func evaluate<B: ConstraintBuilder>(_ b: inout B) {
    b.assertBoolean(b.main(2), "is_real is boolean")
  }

  static func trace(_ bytes: [UInt8], height: Int) -> RowMajorMatrix {
    var m = RowMajorMatrix(zerosHeight: height, width: 3)
    for (i, x) in bytes.enumerated() {
      m[i, 0] = KoalaBear(UInt32(i))
      m[i, 1] = KoalaBear(UInt32(x))
      m[i, 2] = .one
    }
    return m
  }

  /// The verifier's side: one receive per byte it was told.
  static func messages(_ bytes: [UInt8]) -> [BusMessage] {
    bytes.enumerated().map {
      BusMessage(
        bus: bus, values: [KoalaBear(UInt32($0.offset)), KoalaBear(UInt32($0.element))],
        multiplicity: -.one)
    }
  }
}

@Suite("STARK engine: messages supplied by the statement")
struct PublicMessagesTests {
  static let output = Array("hello, verifier".utf8)

  static func proof(_ claimed: [UInt8] = output) throws -> (StarkProof, VerifyingKey) {
    let key = VerifyingKey(airs: [PublishedBytesAIR()], parameters: testParameters)
    let trace = PublishedBytesAIR.trace(Self.output, height: 16)
    let proof = try StarkProver.prove(
      key: key, traces: [trace], publicValues: [[]],
      publicMessages: PublishedBytesAIR.messages(claimed))
    return (proof, key)
  }

  @Test func theVerifierReceivingTheTrueBytesAccepts() throws {
    let (proof, key) = try Self.proof()
    try StarkVerifier.verify(
      proof, key: key, publicMessages: PublishedBytesAIR.messages(Self.output))
  }

  @Test func anyOtherClaimedOutputIsRejected() throws {
    let (proof, key) = try Self.proof()
    var changed = Self.output
    changed[3] ^= 1
    for claim in [changed, Array(Self.output.dropLast()), Self.output + [0], []] {
      #expect(throws: VerificationError.self) {
        try StarkVerifier.verify(proof, key: key, publicMessages: PublishedBytesAIR.messages(claim))
      }
    }
  }

  @Test func aProverThatPublishedOtherBytesCannotMatchAnyTranscript() throws {
    // The prover's table publishes `output` but its transcript claims `changed`: the
    // verifier with either claim rejects.
    var changed = Self.output
    changed[0] = UInt8(ascii: "j")
    let (proof, key) = try Self.proof(changed)
    for claim in [changed, Self.output] {
      #expect(throws: VerificationError.self) {
        try StarkVerifier.verify(proof, key: key, publicMessages: PublishedBytesAIR.messages(claim))
      }
    }
  }
}
