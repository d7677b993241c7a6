/// Why a proof was rejected. Each case occurs when the named check fails; none is ever a
/// crash, and the verifier's work before a rejection is bounded by its own constants.
public enum VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The proof's shape (counts, widths, lengths) differs from what the key dictates.
  case malformedProof(String)
  /// A table height is outside the accepted range.
  case heightOutOfRange(table: Int, logHeight: Int)
  /// The parameters give fewer provable bits than the floor for this proof's shape.
  case insufficientSecurity(provableBits: Double, required: Double)
  /// The out-of-domain point fell on a trace domain (negligible; rejected to be safe).
  case degenerateChallenge
  /// The constraints and the quotient disagree at ζ for this table.
  case constraintsNotSatisfied(table: String)
  /// The tables' heights allow p or more bus messages, so multiplicity sums could wrap.
  case busOverflow(messages: Int)
  /// The LogUp sums of all tables (plus public messages) do not add up to zero.
  case busImbalance
  /// A Merkle opening failed.
  case invalidOpening(query: Int, what: String)
  /// A FRI folding step is inconsistent.
  case friFoldMismatch(query: Int, layer: Int)
  /// The last folded value differs from the final polynomial's evaluation.
  case finalPolynomialMismatch(query: Int)
  /// The proof-of-work witness is wrong.
  case invalidProofOfWork

  public var description: String {
    switch self {
    case .malformedProof(let why): "malformed proof: \(why)"
    case .heightOutOfRange(let t, let h): "table \(t) has an unsupported height 2^\(h)"
    case .insufficientSecurity(let bits, let required):
      "proof shape gives only \(String(format: "%.1f", bits)) provable bits (need \(Int(required)))"
    case .degenerateChallenge: "degenerate out-of-domain point"
    case .constraintsNotSatisfied(let t): "constraints of table '\(t)' are not satisfied"
    case .busOverflow(let m): "\(m) bus messages could overflow the field's multiplicity sums"
    case .busImbalance: "the bus sums do not balance"
    case .invalidOpening(let q, let what): "query \(q): invalid Merkle opening of \(what)"
    case .friFoldMismatch(let q, let l): "query \(q): FRI fold mismatch at layer \(l)"
    case .finalPolynomialMismatch(let q): "query \(q): final polynomial mismatch"
    case .invalidProofOfWork: "invalid proof-of-work witness"
    }
  }
}
