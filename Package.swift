// swift-tools-version: 6.0
//
// Nabla: a deep-learning framework written from scratch in Swift, one lesson per chapter.
// No package dependencies: only the standard library, Foundation, Dispatch, Synchronization, XCTest.

import PackageDescription
import Foundation

// Release builds of the numeric code use two flags (see README, "Speed and portability"):
//   -Ounchecked          drops overflow and bounds checks in the hot loops. Checks that guard what a
//                        user can get wrong (shapes, files, flags) are explicit and stay on.
//   -target-cpu native   lets LLVM use this CPU's vector instructions (AVX-512 on the reference
//                        machine). Without a target CPU, SIMD `addProduct` becomes one `fmaf` library
//                        call per lane, about 140x slower.
// For a binary that runs on other machines, set NABLA_TARGET_CPU to an older CPU name
// (e.g. NABLA_TARGET_CPU=x86-64-v3 or haswell), or to "none" to leave the choice to the compiler.
let targetCPU = ProcessInfo.processInfo.environment["NABLA_TARGET_CPU"] ?? "native"
let releaseFlags = ["-Ounchecked"] + (targetCPU == "none" ? [] : ["-target-cpu", targetCPU])
// The GEMM kernels hold 24 16-float accumulators, which needs AVX-512's 32 vector registers. For any
// other named target, NABLA_NARROW_VECTORS selects 8-float vectors and smaller tiles (measured on a
// haswell build: 78-90 GFLOP/s instead of 55). arm64 selects them by itself.
let narrowVectors = !["native", "x86-64-v4"].contains(targetCPU)
let numericSettings: [SwiftSetting] = [.unsafeFlags(releaseFlags, .when(configuration: .release))]
    + (narrowVectors ? [.define("NABLA_NARROW_VECTORS")] : [])

/// A chapter: a library holding the lesson's math and an executable that runs its experiment.
/// The executable also gets NablaTrain (flags, training loop) and any `executableExtras`.
func chapter(_ folder: String, library: String, executable: String,
             dependencies: [String], executableExtras: [String] = []) -> [Target] {
    let executableDependencies = [library] + dependencies + ["NablaTrain"] + executableExtras
    return [
        .target(name: library, dependencies: dependencies.map { .target(name: $0) },
                path: "Chapters/\(folder)/Sources/\(library)", swiftSettings: numericSettings),
        .executableTarget(name: executable,
                          dependencies: executableDependencies.enumerated()
                              .filter { !executableDependencies[..<$0.offset].contains($0.element) }
                              .map { .target(name: $0.element) },
                          path: "Chapters/\(folder)/Sources/\(executable)", swiftSettings: numericSettings),
    ]
}

let package = Package(
    name: "Nabla",
    // The Synchronization module (Mutex, Atomic) needs macOS 15 on Apple platforms.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "NablaCore", targets: ["NablaCore"]),
        .library(name: "NablaVerify", targets: ["NablaVerify"]),
        .library(name: "NablaTrain", targets: ["NablaTrain"]),
        .library(name: "NablaOps", targets: ["NablaOps"]),
        .library(name: "LinearClassifiers", targets: ["LinearClassifiers"]),
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "MLP", targets: ["MLP"]),
        .library(name: "CNN", targets: ["CNN"]),
        .library(name: "Optimizers", targets: ["Optimizers"]),
        .library(name: "Regularization", targets: ["Regularization"]),
        .library(name: "Initialization", targets: ["Initialization"]),
        .library(name: "NablaData", targets: ["NablaData"]),
        .executable(name: "nabla", targets: ["nabla"]),
        .executable(name: "ch1-linear", targets: ["ch1-linear"]),
        .executable(name: "ch2-backprop", targets: ["ch2-backprop"]),
        .executable(name: "ch3-mlp", targets: ["ch3-mlp"]),
        .executable(name: "ch4-cnn", targets: ["ch4-cnn"]),
        .executable(name: "ch5-regularization", targets: ["ch5-regularization"]),
        .executable(name: "ch6-init", targets: ["ch6-init"]),
        .executable(name: "ch7-optimizers", targets: ["ch7-optimizers"]),
    ],
    targets: [
        .target(name: "NablaCore", swiftSettings: numericSettings),
        .target(name: "NablaVerify", dependencies: ["NablaCore"], swiftSettings: numericSettings),
        .target(name: "NablaTrain", dependencies: ["NablaCore", "NablaData"], swiftSettings: numericSettings),
        .target(name: "NablaData", dependencies: ["NablaCore"], swiftSettings: numericSettings),
        // Every registered op in one place: the chapters' ops, for the verifier and the CLI.
        .target(name: "NablaOps", dependencies: ["NablaCore", "Backprop", "CNN", "Regularization", "Optimizers"],
                swiftSettings: numericSettings),
        .executableTarget(name: "nabla",
                          dependencies: ["NablaCore", "NablaVerify", "NablaTrain", "NablaOps", "NablaData"],
                          swiftSettings: numericSettings),
    ]
    + chapter("01-LinearClassifiers", library: "LinearClassifiers", executable: "ch1-linear",
              dependencies: ["NablaCore"], executableExtras: ["NablaData"])
    + chapter("02-Backprop", library: "Backprop", executable: "ch2-backprop",
              dependencies: ["NablaCore"])
    + chapter("03-MLP", library: "MLP", executable: "ch3-mlp",
              dependencies: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "Optimizers"])
    + chapter("04-CNN", library: "CNN", executable: "ch4-cnn",
              dependencies: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "Optimizers", "MLP"])
    + chapter("05-Regularization", library: "Regularization", executable: "ch5-regularization",
              dependencies: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "Optimizers", "MLP"])
    + chapter("06-Initialization", library: "Initialization", executable: "ch6-init",
              dependencies: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "Optimizers", "MLP", "CNN"])
    + chapter("07-Optimizers", library: "Optimizers", executable: "ch7-optimizers",
              dependencies: ["NablaCore", "Backprop"], executableExtras: ["MLP", "NablaData"])
    + [
        .testTarget(name: "NablaCoreTests", dependencies: ["NablaCore"]),
        .testTarget(name: "NablaVerifyTests", dependencies: ["NablaVerify", "NablaOps", "Backprop"]),
        .testTarget(name: "NablaTrainTests", dependencies: ["NablaTrain", "NablaData", "Backprop", "NablaVerify"]),
        .testTarget(name: "LinearClassifiersTests", dependencies: ["LinearClassifiers"]),
        .testTarget(name: "BackpropTests", dependencies: ["Backprop", "NablaVerify"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "NablaVerify", "NablaOps"]),
        .testTarget(name: "NablaDataTests", dependencies: ["NablaData", "NablaVerify"]),
        .testTarget(name: "CNNTests", dependencies: ["CNN", "NablaVerify", "NablaOps", "NablaTrain", "NablaData"]),
        .testTarget(name: "MLPTests", dependencies: ["MLP", "NablaTrain", "NablaData", "Optimizers"]),
        .testTarget(name: "RegularizationTests",
                    dependencies: ["Regularization", "NablaVerify", "NablaOps", "NablaTrain", "NablaData", "MLP", "Optimizers", "Backprop"]),
        .testTarget(name: "InitializationTests",
                    dependencies: ["Initialization", "NablaVerify", "Backprop", "CNN", "MLP", "NablaTrain", "NablaData"]),
    ],
    swiftLanguageModes: [.v6]
)
