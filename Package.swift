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

/// A chapter: a library holding the lesson's math, an executable that runs its experiment, and its
/// tests, in `Chapters/<folder>/Sources/<library>`, `Chapters/<folder>/Sources/<executable>` and
/// `Tests/<library>Tests`.
struct Chapter {
    let folder: String, library: String, executable: String
    /// What the library imports: core modules and earlier chapters only (the book's order).
    let uses: [String]
    /// What the executable imports besides its library; it alone may reach a later chapter.
    var executableUses: [String] = []
    /// What the tests import besides the library.
    var testUses: [String] = ["NablaCore", "NablaTestSupport"]
    /// Whether the library has layers, losses or optimizers to register in NablaOps.
    var registersOps = false

    /// `Tests/<library>Tests`: the library and what `testUses` adds.
    var testTarget: Target {
        .testTarget(name: library + "Tests", dependencies: ([library] + testUses).map { .target(name: $0) })
    }

    var targets: [Target] {
        [
            .target(name: library, dependencies: uses.map { .target(name: $0) },
                    path: "Chapters/\(folder)/Sources/\(library)", swiftSettings: numericSettings),
            .executableTarget(name: executable, dependencies: ([library] + executableUses).map { .target(name: $0) },
                              path: "Chapters/\(folder)/Sources/\(executable)", swiftSettings: numericSettings),
        ]
    }
}

/// The book. Adding a chapter: its folder, one entry here, and (if it has ops) one registration
/// call in Sources/NablaOps/StandardRegistry.swift.
let chapters = [
    Chapter(folder: "01-LinearClassifiers", library: "LinearClassifiers", executable: "ch1-linear",
            uses: ["NablaCore"], executableUses: ["NablaCore", "NablaData", "NablaTrain", "NablaPlot"]),
    Chapter(folder: "02-Backprop", library: "Backprop", executable: "ch2-backprop",
            uses: ["NablaCore"], executableUses: ["NablaCore", "NablaTrain", "NablaPlot"], registersOps: true),
    Chapter(folder: "03-MLP", library: "MLP", executable: "ch3-mlp",
            uses: ["NablaCore", "NablaData", "NablaTrain", "Backprop"],
            executableUses: ["NablaCore", "NablaData", "NablaTrain", "Optimizers"],
            testUses: ["NablaCore", "Backprop", "NablaData", "NablaTrain", "NablaTestSupport"]),
    Chapter(folder: "04-CNN", library: "CNN", executable: "ch4-cnn",
            uses: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "MLP"],
            executableUses: ["NablaCore", "NablaData", "NablaTrain", "Optimizers"],
            testUses: ["NablaCore", "Backprop", "NablaData", "NablaTrain", "NablaVerify", "Optimizers", "NablaTestSupport"], registersOps: true),
    Chapter(folder: "05-Regularization", library: "Regularization", executable: "ch5-regularization",
            uses: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "MLP"],
            executableUses: ["NablaCore", "NablaData", "NablaTrain", "Optimizers"],
            testUses: ["NablaCore", "Backprop", "NablaData", "NablaOps", "NablaTrain", "NablaVerify", "Optimizers", "NablaTestSupport"], registersOps: true),
    Chapter(folder: "06-Initialization", library: "Initialization", executable: "ch6-init",
            uses: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "MLP"],
            executableUses: ["NablaCore", "NablaData", "NablaTrain", "NablaPlot"],
            testUses: ["NablaCore", "Backprop", "CNN", "NablaData", "NablaTrain"]),
    Chapter(folder: "07-Optimizers", library: "Optimizers", executable: "ch7-optimizers",
            uses: ["NablaCore", "NablaTrain", "Backprop"],
            executableUses: ["NablaCore", "NablaData", "NablaTrain", "NablaPlot", "Backprop", "MLP"],
            testUses: ["NablaCore", "Backprop", "MLP", "NablaOps", "NablaTrain", "NablaVerify", "NablaTestSupport"], registersOps: true),
    Chapter(folder: "08-Deep", library: "Deep", executable: "ch8-deep",
            uses: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "MLP", "CNN", "Regularization"],
            executableUses: ["NablaCore", "NablaData", "NablaTrain", "Optimizers"],
            testUses: ["NablaCore", "NablaData", "NablaTrain", "Backprop", "MLP", "CNN", "Regularization", "NablaTestSupport"], registersOps: true),
]

/// The chapters whose exercises NablaExercises checks.
let exerciseChapters = ["LinearClassifiers", "Backprop", "MLP", "CNN", "Regularization", "Initialization", "Optimizers", "Deep"]
let exercisesDependencies: [Target.Dependency] = (["NablaCore", "NablaData", "NablaTrain", "NablaVerify"] + exerciseChapters).map { .target(name: $0) }
let exercisesTestDependencies: [Target.Dependency] = (["NablaCore", "NablaExercises", "NablaTestSupport", "NablaTrain", "NablaVerify"] + exerciseChapters).map { .target(name: $0) }
let libraries: [String] = ["NablaCore", "NablaData", "NablaTrain", "NablaVerify", "NablaPlot", "NablaOps", "NablaExercises"] + chapters.map(\.library)
let executables: [String] = ["nabla"] + chapters.map(\.executable)

let package = Package(
    name: "Nabla",
    // The Synchronization module (Mutex, Atomic) needs macOS 15 on Apple platforms.
    platforms: [.macOS(.v15)],
    products: libraries.map { .library(name: $0, targets: [$0]) } + executables.map { .executable(name: $0, targets: [$0]) },
    targets: [
        .target(name: "NablaCore", swiftSettings: numericSettings),
        .target(name: "NablaData", dependencies: ["NablaCore"], swiftSettings: numericSettings),
        .target(name: "NablaTrain", dependencies: ["NablaCore", "NablaData", "NablaPlot"], swiftSettings: numericSettings),
        .target(name: "NablaVerify", dependencies: ["NablaCore"], swiftSettings: numericSettings),
        // Charts (SVG), their data (CSV) and a report page (HTML), from plain arrays: Foundation only.
        .target(name: "NablaPlot"),
        // Every registered op in one place: the chapters' ops, for the verifier and the CLI.
        .target(name: "NablaOps",
                dependencies: (["NablaCore"] + chapters.filter(\.registersOps).map(\.library)).map { .target(name: $0) },
                swiftSettings: numericSettings),
        // The chapters' exercises and their checkers (the stubs live in the chapters).
        .target(name: "NablaExercises", dependencies: exercisesDependencies, swiftSettings: numericSettings),
        .executableTarget(name: "nabla",
                          dependencies: ["NablaCore", "NablaVerify", "NablaTrain", "NablaOps", "NablaData", "NablaExercises", "MLP", "CNN", "Deep"],
                          swiftSettings: numericSettings),
    ]
    + chapters.flatMap(\.targets)
    + [
        // Helpers every test target shares (fixture paths, tolerant comparisons, temporary directories).
        .target(name: "NablaTestSupport", dependencies: ["NablaCore"], path: "Tests/NablaTestSupport"),
        .testTarget(name: "NablaCoreTests", dependencies: ["NablaCore"]),
        .testTarget(name: "NablaDataTests", dependencies: ["NablaCore", "NablaData", "NablaVerify", "NablaTestSupport"]),
        .testTarget(name: "NablaTrainTests", dependencies: ["NablaCore", "NablaTrain", "Backprop", "NablaVerify"]),
        .testTarget(name: "NablaVerifyTests", dependencies: ["NablaCore", "NablaVerify", "NablaOps", "Backprop", "NablaTestSupport"]),
        .testTarget(name: "NablaPlotTests", dependencies: ["NablaPlot"]),
        // Reference solutions of the exercises, and typical wrong versions, live only here.
        .testTarget(name: "ExercisesTests", dependencies: exercisesTestDependencies),
    ]
    + chapters.map(\.testTarget),
    swiftLanguageModes: [.v6]
)
