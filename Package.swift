// swift-tools-version: 6.0
// zkMIPS for Swift: a zero-knowledge virtual machine for MIPS32 programs.
//
// Module graph (dependencies point one way):
//   ZKMIPSExecutor (stands alone, no field)
//   ZKMIPSField → ZKMIPSPoly → ZKMIPSHash → ZKMIPSChallenger
//   ZKMIPSAIR → ZKMIPSProtocol → ZKMIPSProver, ZKMIPSVerifier (which never imports the prover)
//   ZKMIPSMachine (chips) → ZKMIPSSDK (tooling, prove/verify of whole runs) → zkmips (CLI);
//   ZKMIPSBench (benchmarks incl. end to end, used by `zkmips bench`)
import Foundation
import PackageDescription

// The fast path is the default: code built for the host CPU runs the SIMD kernels 2–8×
// faster (see shared/PERFORMANCE.md). `ZKMIPS_PORTABLE=1 swift build` builds for the
// baseline CPU instead, for binaries that must run on other machines.
let portable = ProcessInfo.processInfo.environment["ZKMIPS_PORTABLE"] != nil
let cpuFlags: [SwiftSetting] = portable ? [] : [.unsafeFlags(["-target-cpu", "native"])]
let settings: [SwiftSetting] = cpuFlags

let package = Package(
  name: "zkmips",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "zkmips", targets: ["zkmips"]),
    .library(name: "ZKMIPSExecutor", targets: ["ZKMIPSExecutor"]),
    .library(name: "ZKMIPSField", targets: ["ZKMIPSField"]),
    .library(name: "ZKMIPSPoly", targets: ["ZKMIPSPoly"]),
    .library(name: "ZKMIPSHash", targets: ["ZKMIPSHash"]),
    .library(name: "ZKMIPSChallenger", targets: ["ZKMIPSChallenger"]),
    .library(name: "ZKMIPSAIR", targets: ["ZKMIPSAIR"]),
    .library(name: "ZKMIPSProtocol", targets: ["ZKMIPSProtocol"]),
    .library(name: "ZKMIPSVerifier", targets: ["ZKMIPSVerifier"]),
    .library(name: "ZKMIPSProver", targets: ["ZKMIPSProver"]),
    .library(name: "ZKMIPSMachine", targets: ["ZKMIPSMachine"]),
    .library(name: "ZKMIPSSDK", targets: ["ZKMIPSSDK"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .target(name: "ZKMIPSExecutor", swiftSettings: settings),
    .target(name: "ZKMIPSField", swiftSettings: settings),
    .target(name: "ZKMIPSPoly", dependencies: ["ZKMIPSField"], swiftSettings: settings),
    .target(name: "ZKMIPSHash", dependencies: ["ZKMIPSField"], swiftSettings: settings),
    .target(name: "ZKMIPSAIR", dependencies: ["ZKMIPSField"], swiftSettings: settings),
    .target(
      name: "ZKMIPSProtocol",
      dependencies: ["ZKMIPSField", "ZKMIPSPoly", "ZKMIPSHash", "ZKMIPSChallenger", "ZKMIPSAIR"],
      swiftSettings: settings),
    .target(
      name: "ZKMIPSVerifier",
      dependencies: ["ZKMIPSProtocol", "ZKMIPSAIR", "ZKMIPSField", "ZKMIPSHash", "ZKMIPSChallenger"],
      swiftSettings: settings),
    .target(
      name: "ZKMIPSProver",
      dependencies: [
        "ZKMIPSProtocol", "ZKMIPSAIR", "ZKMIPSField", "ZKMIPSPoly", "ZKMIPSHash", "ZKMIPSChallenger",
      ],
      swiftSettings: settings),
    .target(
      name: "ZKMIPSMachine",
      dependencies: ["ZKMIPSExecutor", "ZKMIPSAIR", "ZKMIPSField", "ZKMIPSHash", "ZKMIPSProtocol"],
      swiftSettings: settings),
    .target(
      name: "ZKMIPSChallenger", dependencies: ["ZKMIPSField", "ZKMIPSHash"],
      swiftSettings: settings),
    .target(
      name: "ZKMIPSSDK",
      dependencies: [
        "ZKMIPSExecutor", "ZKMIPSField", "ZKMIPSHash", "ZKMIPSMachine", "ZKMIPSProtocol",
        "ZKMIPSProver", "ZKMIPSVerifier",
      ], swiftSettings: settings),
    .target(
      name: "ZKMIPSBench",
      dependencies: [
        "ZKMIPSField", "ZKMIPSPoly", "ZKMIPSHash", "ZKMIPSChallenger", "ZKMIPSAIR", "ZKMIPSProtocol",
        "ZKMIPSProver", "ZKMIPSVerifier", "ZKMIPSExecutor", "ZKMIPSSDK",
      ],
      swiftSettings: settings),
    .executableTarget(
      name: "zkmips",
      dependencies: [
        "ZKMIPSSDK", "ZKMIPSExecutor", "ZKMIPSBench",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: settings),
    .target(
      name: "ZKMIPSTestSupport", dependencies: ["ZKMIPSSDK", "ZKMIPSExecutor"],
      path: "Tests/ZKMIPSTestSupport", swiftSettings: settings),
    .testTarget(
      name: "ZKMIPSExecutorTests", dependencies: ["ZKMIPSExecutor", "ZKMIPSTestSupport", "ZKMIPSField"],
      swiftSettings: settings),
    .testTarget(name: "ZKMIPSFieldTests", dependencies: ["ZKMIPSField"], swiftSettings: settings),
    .testTarget(name: "ZKMIPSPolyTests", dependencies: ["ZKMIPSPoly", "ZKMIPSField"], swiftSettings: settings),
    .testTarget(name: "ZKMIPSHashTests", dependencies: ["ZKMIPSHash", "ZKMIPSField"], swiftSettings: settings),
    .testTarget(
      name: "ZKMIPSChallengerTests", dependencies: ["ZKMIPSChallenger", "ZKMIPSHash", "ZKMIPSField"],
      swiftSettings: settings),
    .testTarget(name: "ZKMIPSAIRTests", dependencies: ["ZKMIPSAIR", "ZKMIPSField"], swiftSettings: settings),
    .testTarget(
      name: "ZKMIPSStarkTests",
      dependencies: [
        "ZKMIPSProver", "ZKMIPSVerifier", "ZKMIPSProtocol", "ZKMIPSAIR", "ZKMIPSField", "ZKMIPSHash", "ZKMIPSBench",
      ],
      swiftSettings: settings),
    .testTarget(
      name: "ZKMIPSMachineTests",
      dependencies: [
        "ZKMIPSMachine", "ZKMIPSExecutor", "ZKMIPSAIR", "ZKMIPSField", "ZKMIPSProtocol", "ZKMIPSProver",
        "ZKMIPSVerifier", "ZKMIPSTestSupport",
      ],
      swiftSettings: settings),
    .testTarget(
      name: "ZKMIPSProtocolTests", dependencies: ["ZKMIPSProtocol"], swiftSettings: settings),
    .testTarget(
      name: "ZKMIPSSDKTests",
      dependencies: ["ZKMIPSSDK", "ZKMIPSExecutor", "ZKMIPSMachine", "ZKMIPSTestSupport", "zkmips"],
      swiftSettings: settings),
  ]
)
