import Foundation

/// Builds guest programs from C (and assembly) with the guest SDK, using the clang and
/// ld.lld that ship with the Swift toolchain (they include the mipsel target).
public struct GuestToolchain: Sendable {
  /// The C compiler driver used.
  public var clang: String
  /// The guest SDK folder (holds `include/`, `src/` and `link.ld`).
  public var sdkDirectory: String

  /// Target and code-generation flags every guest is built with (all found necessary: no
  /// libc, static, no PIC or abicalls, no small-data section).
  public static let targetFlags = [
    "--target=mipsel-unknown-linux-gnu", "-march=mips32r2", "-ffreestanding", "-nostdlib",
    "-static", "-fno-pic", "-mno-abicalls", "-G0",
  ]

  /// Flags the SDK adds (guest/README.md says why each is needed): soft float (the machine
  /// has no FPU), no host headers, no stack protector or unwind tables, and per-function
  /// sections so unused libc code is dropped.
  public static let sdkFlags = [
    "-msoft-float", "-nostdlibinc", "-fno-stack-protector", "-fno-unwind-tables",
    "-fno-asynchronous-unwind-tables", "-ffunction-sections", "-fdata-sections",
  ]

  /// Linker flags after the linker script.
  public static let linkFlags = [
    "-fuse-ld=lld", "-Wl,--gc-sections", "-Wl,--build-id=none", "-Wl,-z,max-page-size=4096",
  ]

  public init(clang: String, sdkDirectory: String) {
    self.clang = clang
    self.sdkDirectory = sdkDirectory
  }

  /// Finds clang (beside the `swift` driver, in the toolchain, or on PATH) and the guest
  /// SDK (`$ZKMIPS_GUEST_SDK`, or the `guest/` folder of this source tree or of a folder
  /// above the `zkmips` executable).
  public static func locate() throws -> GuestToolchain {
    guard let clang = findClang() else {
      throw ZKMIPSError(
        "cannot find clang: install the Swift toolchain (its clang has the mipsel target) or put clang on PATH"
      )
    }
    guard let sdk = findSDK() else {
      throw ZKMIPSError(
        "cannot find the guest SDK (guest/include/zkmips.h); set ZKMIPS_GUEST_SDK to the guest/ folder"
      )
    }
    return GuestToolchain(clang: clang, sdkDirectory: sdk)
  }

  /// The clang that builds guests, or nil if none is found.
  public static func findClang() -> String? {
    let env = ProcessInfo.processInfo.environment
    if let c = env["ZKMIPS_CLANG"], FileManager.default.isExecutableFile(atPath: c) { return c }
    let pathDirs = (env["PATH"] ?? "").split(separator: ":").map(String.init)
    // Prefer the clang that sits next to `swift`: it is known to carry the mipsel backend.
    for dir in pathDirs where FileManager.default.isExecutableFile(atPath: dir + "/swift") {
      let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/swift"))
        .map {
          URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: dir))
            .deletingLastPathComponent().path
        }
      for d in [resolved, dir].compactMap({ $0 })
      where FileManager.default.isExecutableFile(atPath: d + "/clang") {
        return d + "/clang"
      }
    }
    for c in ["/opt/swift/usr/bin/clang", "/usr/bin/clang"]
    where FileManager.default.isExecutableFile(atPath: c) {
      return c
    }
    for dir in pathDirs where FileManager.default.isExecutableFile(atPath: dir + "/clang") {
      return dir + "/clang"
    }
    return nil
  }

  static func findSDK() -> String? {
    let fm = FileManager.default
    func isSDK(_ d: String) -> Bool { fm.fileExists(atPath: d + "/include/zkmips.h") }
    if let d = ProcessInfo.processInfo.environment["ZKMIPS_GUEST_SDK"] {
      return isSDK(d) ? d : nil
    }
    // This file is Sources/ZKMIPSSDK/GuestToolchain.swift in the source tree.
    let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("guest").path
    if isSDK(sourceRoot) { return sourceRoot }
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent("guest").path
      if isSDK(candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }

  /// The SDK's own sources (every `.c` and `.S` in `src/`), sorted for a stable build.
  public func sdkSources() throws -> [String] {
    let src = sdkDirectory + "/src"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: src)) ?? []
    // Byte-order sort, as the recipe (LC_ALL=C) says.
    return names.filter { $0.hasSuffix(".c") || $0.hasSuffix(".S") }
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { src + "/" + $0 }
  }

  /// The full clang command line that builds `sources` into `output`.
  public func commandLine(
    sources: [String], output: String, optimization: String = "-O2", extraFlags: [String] = []
  )
    throws -> [String]
  {
    GuestToolchain.targetFlags + GuestToolchain.sdkFlags + [
      optimization, "-I", sdkDirectory + "/include",
    ]
      + extraFlags + (try sdkSources()) + sources
      + ["-Wl,-T," + sdkDirectory + "/link.ld"] + GuestToolchain.linkFlags + ["-o", output]
  }

  /// Compiles and links `sources` with the SDK into the static ELF `output`.
  ///
  /// The output is written to a temporary file and moved into place only on success, so a
  /// failed build never leaves a half-written program (or clobbers a good one).
  public func build(
    sources: [String], output: String, optimization: String = "-O2", extraFlags: [String] = []
  ) throws {
    for s in sources where !FileManager.default.fileExists(atPath: s) {
      throw ZKMIPSError("source file '\(s)' does not exist")
    }
    let temporary = output + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    let args = try commandLine(
      sources: sources, output: temporary, optimization: optimization, extraFlags: extraFlags)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: clang)
    process.arguments = args
    let errors = Pipe()
    process.standardError = errors
    do { try process.run() } catch {
      throw ZKMIPSError("cannot run \(clang): \(error.localizedDescription)")
    }
    let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      FileHandle.standardError.write(diagnostics)
      throw ZKMIPSError(
        "compilation failed (clang exited with status \(process.terminationStatus))")
    }
    if !diagnostics.isEmpty { FileHandle.standardError.write(diagnostics) }
    _ = try? FileManager.default.removeItem(atPath: output)
    do { try FileManager.default.moveItem(atPath: temporary, toPath: output) } catch {
      throw ZKMIPSError("cannot write '\(output)': \(error.localizedDescription)")
    }
  }
}
