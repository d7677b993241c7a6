import Foundation
import Testing
import ZKMIPSExecutor
import ZKMIPSTestSupport

@Suite("Documentation matches the code")
struct DocumentationTests {
  @Test func instructionSetTableListsExactlyTheDecodedMnemonics() throws {
    let path =
      TestSupport.repositoryRoot + "/Sources/ZKMIPSExecutor/ZKMIPSExecutor.docc/InstructionSet.md"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var documented = Set<String>()
    for line in text.split(separator: "\n") where line.hasPrefix("| ") {
      let cells = line.split(separator: "|")
      guard cells.count >= 2 else { continue }
      for m in cells[1].split(separator: ",") {
        let t = m.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("`") {
          documented.insert(t.trimmingCharacters(in: CharacterSet(charactersIn: "`")).lowercased())
        }
      }
    }
    let decoded = Set(Opcode.allCases.filter { $0 != .invalid }.map(\.mnemonic))
    #expect(
      documented == decoded,
      "missing: \(decoded.subtracting(documented)), extra: \(documented.subtracting(decoded))")
  }
}
