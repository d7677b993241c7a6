import ZKMIPSExecutor

/// Formats recorded steps as the execution trace: one row per step, one column per
/// machine variable.
public enum TraceTable {
  /// The columns, in order.
  public static let columns = [
    "step", "pc", "next_pc", "instruction", "word", "rs", "rs_value", "rt", "rt_value", "rd",
    "rd_value", "hi", "lo", "mem_op", "mem_addr", "mem_before", "mem_after",
  ]

  /// The cells of one row (hex for words, register names for indices).
  public static func cells(_ s: StepRecord, step: Int) -> [String] {
    let mem: [String] =
      s.memoryAccess == .none
      ? ["-", "-", "-", "-"]
      : [
        s.memoryAccess == .read ? "read" : "write", hex(s.memoryAddress), hex(s.memoryBefore),
        hex(s.memoryAfter),
      ]
    return [
      String(step), hex(s.pc), hex(s.nextPC), Disassembler.text(s.instruction, pc: s.pc),
      hex(s.instruction), Disassembler.register(s.rs), hex(s.rsValue), Disassembler.register(s.rt),
      hex(s.rtValue), s.destination == 0 ? "-" : Disassembler.register(Int(s.destination)),
      s.destination == 0 ? "-" : hex(s.destinationValue), hex(s.hi), hex(s.lo),
    ] + mem
  }

  /// CSV text (header line plus one line per step).
  public static func csv(_ steps: [StepRecord]) -> String {
    var out = columns.joined(separator: ",") + "\n"
    for (i, s) in steps.enumerated() {
      out +=
        cells(s, step: i).map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
    }
    return out
  }

  /// An aligned text table.
  public static func table(_ steps: [StepRecord]) -> String {
    let rows = [columns] + steps.enumerated().map { cells($1, step: $0) }
    var widths = [Int](repeating: 0, count: columns.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    var out = ""
    for r in rows {
      let line = r.enumerated().map { i, c in
        i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
      }.joined(separator: "  ")
      out += line + "\n"
    }
    return out
  }

  static func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - s.count) + s
  }
}
