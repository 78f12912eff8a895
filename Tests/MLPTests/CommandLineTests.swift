import Foundation
import XCTest
import NablaCore
import NablaData

/// Issue 10 end to end: the built executables, run as a user runs them, with their exit status,
/// standard output (a pipe, as in a log) and standard error.
final class CommandLineTests: XCTestCase {
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// The directory holding the built executables: the one holding this test bundle.
    var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// Runs the executable `tool` with `arguments`. With `interruptWhen`, sends SIGINT once the
    /// standard output holds that text (which also proves the line arrived before exit).
    func run(_ tool: String, _ arguments: [String], interruptWhen marker: String? = nil) throws -> Run {
        let path = productsDirectory.appendingPathComponent(tool).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("\(path) is not built: run swift build -c release first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let collected = Collected()
        output.fileHandleForReading.readabilityHandler = { handle in
            let text = collected.add(handle.availableData)
            if let marker, text.contains(marker), collected.markInterrupted() { kill(process.processIdentifier, SIGINT) }
        }
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        _ = collected.add(output.fileHandleForReading.readDataToEndOfFile())
        return Run(status: process.terminationStatus, output: collected.text, errors: String(decoding: errorData, as: UTF8.self))
    }

    /// `MNIST_DIR`, or a skip: these runs train on real MNIST.
    func requireMNIST() throws {
        guard let directory = ProcessInfo.processInfo.environment["MNIST_DIR"], !directory.isEmpty else {
            throw XCTSkip("MNIST_DIR not set: point it at the MNIST files to run the executables end to end")
        }
        #if DEBUG
        throw XCTSkip("trains on real MNIST: run in a release build")
        #endif
    }

    // Item 1

    func testBadReportDestinationsAreRefusedBeforeTraining() throws {
        let directory = NSTemporaryDirectory()
        for (arguments, fragment) in [(["--report", directory], "is a directory"),
                                      (["--report", "/nonexistent-nabla/x.json"], "does not exist"),
                                      (["--report", "--seed", "3"], "'--seed' is an option, not a value")] {
            let result = try run("ch3-mlp", arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertTrue(result.errors.contains(fragment), result.errors)
            XCTAssertFalse(result.output.contains("epoch"), "trained before refusing: \(result.output)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "--seed"))
    }

    func testAReportToDevNullLeavesItADevice() throws {
        try requireMNIST()
        let result = try run("ch3-mlp", ["--epochs", "1", "--hidden", "8", "--report", "/dev/null"])
        XCTAssertEqual(result.status, 0, result.errors)
        var info = stat()
        XCTAssertEqual(stat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & mode_t(S_IFMT), mode_t(S_IFCHR), "/dev/null is no longer a device")
    }

    // Item 8

    func testHugeOrNegativeSizesFromFlagsAreClearErrors() throws {
        let cases: [(String, [String], Int32, String)] = [
            ("ch3-mlp", ["--hidden", "1000000000"], 64, "the weights of the layer 784 → 1000000000 are too many"),
            ("ch5-regularization", ["--hidden", "512,1000000"], 64, "the weights of the layer 512 → 1000000 are too many"),
            ("ch6-init", ["--width", "100000"], 64, "--width 100000"),
            ("nabla", ["gradcheck", "relu", "--shape", "-1"], 64, "--shape needs sizes of at least 1"),
            ("nabla", ["gradcheck", "relu", "--shape", "4611686018427387904,2,5,6"], 1, "multiply to more than 2^63"),
            ("nabla", ["gradcheck", "batch_norm1d", "--config", #"{"num_features": 1e12}"#], 1, "'num_features' is 1000000000000.0"),
            ("nabla", ["gradcheck", "linear", "--config", String(repeating: "[", count: 30_000)], 64, "nested more than 100 deep"),
            ("nabla", ["bench", "gemm", "--batch", "1000000000"], 64, "--batch 1000000000 is too large"),
            ("nabla", ["bench", "cnn", "--cool-down", "-5"], 64, "--cool-down must be from 0 to 600 seconds, got -5"),
            ("nabla", ["bench", "cnn", "--cool-down", "601"], 64, "--cool-down must be from 0 to 600 seconds, got 601"),
        ]
        for (tool, arguments, status, fragment) in cases {
            let result = try run(tool, arguments)
            XCTAssertEqual(result.status, status, "\(tool) \(arguments.prefix(4)): \(result.errors)")
            XCTAssertTrue((result.errors + result.output).contains(fragment), "\(tool) \(arguments.prefix(4)): \(result.errors) \(result.output)")
            XCTAssertFalse((result.errors + result.output).contains("-9223372036854775808"))
        }
    }

    // Item 11

    func testADivergingRunStopsNamingEpochStepLayerAndAHint() throws {
        try requireMNIST()
        let result = try run("ch3-mlp", ["--lr", "1e6", "--epochs", "2", "--hidden", "16"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.contains("training diverged at epoch 1, step "), result.errors)
        XCTAssertTrue(result.errors.contains("the first non-finite values are the output of layer"), result.errors)
        XCTAssertTrue(result.errors.contains("Hint: the learning rate 1000000 is probably too large"), result.errors)
        XCTAssertFalse(result.output.lowercased().contains("nan"), result.output)
    }

    func testOptimizerSettingsOutOfRangeNameTheFlag() throws {
        for (arguments, message) in [(["--lr", "-1"], "--lr must be ≥ 0, got -1.0"),
                                     (["--momentum", "1.5"], "--momentum must be in [0, 1), got 1.5"),
                                     (["--weight-decay", "-1"], "--weight-decay must be ≥ 0, got -1.0")] {
            let result = try run("ch3-mlp", arguments)
            XCTAssertEqual(result.status, 64)
            XCTAssertTrue(result.errors.contains(message), result.errors)
        }
    }

    // Item 12

    func testTheAblationTableSurvivesALastBatchOfOne() throws {
        try requireMNIST()
        let result = try run("ch5-regularization", ["--train", "129", "--validation", "100", "--batch-size", "64",
                                                    "--epochs", "1", "--full-epochs", "0"])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("nothing (chapter 3's MLP)"), result.output)
        let note = "note: 129 training examples in batches of 64 leave a last batch of 1"
        XCTAssertEqual(result.errors.components(separatedBy: note).count - 1, 1, "said once:\n\(result.errors)")
    }

    // Item 13

    func testCtrlCFinishesTheStepWritesTheReportAndExits130() throws {
        try requireMNIST()
        let report = NSTemporaryDirectory() + "nabla-interrupted-\(UUID().uuidString).json"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: report) }
        let result = try run("ch3-mlp", ["--epochs", "30", "--hidden", "32", "--report", report], interruptWhen: "epoch   1 ")
        XCTAssertEqual(result.status, 130, result.errors)
        XCTAssertTrue(result.errors.contains("interrupted: finishing the current step"), result.errors)
        XCTAssertTrue(result.errors.contains("report of the finished epochs written to \(report)"), result.errors)
        let json = try JSON.parse(Array(try Data(contentsOf: URL(fileURLWithPath: report))), file: report)
        guard case .array(let epochs)? = json["epochs"] else { return XCTFail("no epochs in \(json)") }
        XCTAssertGreaterThanOrEqual(epochs.count, 1)
        XCTAssertLessThan(epochs.count, 30)
        guard case .string(let stopped)? = json["stopped"] else { return XCTFail("no reason in \(json)") }
        XCTAssertTrue(stopped.hasPrefix("interrupted (Ctrl-C) in epoch"), stopped)
    }

    // Item 14

    func testTooManyThreadsAreCappedWithAWarning() throws {
        try requireMNIST()
        let result = try run("ch3-mlp", ["--threads", "1000", "--epochs", "1", "--hidden", "8"])
        XCTAssertEqual(result.status, 0, result.errors)
        let processors = ProcessInfo.processInfo.activeProcessorCount
        XCTAssertTrue(result.errors.contains("warning: --threads 1000 is more than the \(processors) processors"), result.errors)
        XCTAssertTrue(result.output.contains(", \(processors) threads"), result.output)
    }

    // Issue 12: a saved model outside its training run

    func testShowThenPredictReadsTheDigitBackAndSummaryMatchesTheRun() throws {
        try requireMNIST()
        let directory = NSTemporaryDirectory() + "nabla-predict-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let checkpoint = directory + "/mlp.safetensors", image = directory + "/digit.png"

        let training = try run("ch3-mlp", ["--epochs", "1", "--hidden", "64", "--save", checkpoint])
        XCTAssertEqual(training.status, 0, training.errors)
        let summary = try run("nabla", ["summary", "--checkpoint", checkpoint])
        XCTAssertEqual(summary.status, 0, summary.errors)
        XCTAssertTrue(summary.output.contains("03-MLP, 1 epochs trained"), summary.output)
        let table = summary.output.split(separator: "\n").dropFirst().joined(separator: "\n")
        XCTAssertTrue(training.output.contains(table), "the checkpoint's summary is not the one the run printed:\n\(table)")

        // Test image 0 is a plain 7; one epoch of a 64-unit perceptron reads it.
        let show = try run("nabla", ["show", "--index", "0", "--output", image])
        XCTAssertEqual(show.status, 0, show.errors)
        XCTAssertTrue(show.output.contains("test image 0, label 7"), show.output)
        let png = try GrayImage.loading(path: image)
        XCTAssertEqual([png.width, png.height], [28, 28])
        let predict = try run("nabla", ["predict", "--checkpoint", checkpoint, image])
        XCTAssertEqual(predict.status, 0, predict.errors)
        XCTAssertTrue(predict.output.hasPrefix("\(image): 7 ("), predict.output)

        // An inverted copy (ink on paper) is inverted back by --invert auto, and read the same.
        try png.inverted().writePNG(to: directory + "/paper.png")
        let paper = try run("nabla", ["predict", "--checkpoint", checkpoint, directory + "/paper.png"])
        XCTAssertTrue(paper.output.contains("paper.png: 7 ("), paper.output)
        XCTAssertTrue(paper.output.contains("[inverted]"), paper.output)
        let unread = try run("nabla", ["predict", "--checkpoint", checkpoint, "--invert", "no", directory + "/paper.png"])
        XCTAssertFalse(unread.output.contains("[inverted]"), unread.output)

        // Files that are not what they should be are clear errors, and the other images still run.
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: directory + "/bad.png"))
        let mixed = try run("nabla", ["predict", "--checkpoint", checkpoint, directory + "/bad.png", image])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertTrue(mixed.errors.contains("bad.png"), mixed.errors)
        XCTAssertTrue(mixed.output.contains("\(image): 7 ("), mixed.output)
        let notACheckpoint = try run("nabla", ["predict", "--checkpoint", image, image])
        XCTAssertEqual(notACheckpoint.status, 1)
        XCTAssertTrue(notACheckpoint.errors.contains(image), notACheckpoint.errors)
    }


    /// A fresh folder under the temporary directory, removed when the test ends.
    func scratchFolder() throws -> String {
        let directory = NSTemporaryDirectory() + "nabla-plots-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        return directory
    }

    /// The page links every chart's SVG and CSV, and each SVG is a titled SVG document.
    func checkPlotFolder(_ directory: String, charts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let page = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        for chart in charts {
            let svg = try String(contentsOfFile: "\(directory)/\(chart).svg", encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), "\(chart).svg", file: file, line: line)
            XCTAssertTrue(svg.contains("<title") || svg.contains("<text"), "\(chart).svg has no text", file: file, line: line)
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/\(chart).csv"), "\(chart).csv", file: file, line: line)
            XCTAssertTrue(page.contains("\(chart).svg"), "index.html does not show \(chart)", file: file, line: line)
        }
    }

    func testPlotDirDrawsEveryChartOfARun() throws {
        try requireMNIST()
        let directory = try scratchFolder() + "/new-folder"
        let result = try run("ch3-mlp", ["--epochs", "1", "--hidden", "32", "--plot-dir", directory])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("plots written to \(directory)"), result.output)
        try checkPlotFolder(directory, charts: ["loss", "accuracy", "learning_rate", "update_ratio", "confusion", "first_layer",
                                               "misclassified", "activations", "gradients"])
        // The confusion matrix counts every test image once.
        let rows = try String(contentsOfFile: directory + "/confusion.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let total = rows.flatMap { $0.split(separator: ",").dropFirst().compactMap { Int($0) } }.reduce(0, +)
        XCTAssertEqual(total, 10_000)
    }

    func testFindLRAndSanityRunInsteadOfTraining() throws {
        try requireMNIST()
        let directory = try scratchFolder()
        let finder = try run("ch3-mlp", ["--hidden", "32", "--find-lr", "--plot-dir", directory])
        XCTAssertEqual(finder.status, 0, finder.errors)
        XCTAssertTrue(finder.output.contains("suggested learning rate"), finder.output)
        XCTAssertFalse(finder.output.contains("test accuracy"), "trained: \(finder.output)")
        try checkPlotFolder(directory, charts: ["lr_find"])
        let sanity = try run("ch4-cnn", ["--sanity"])
        XCTAssertEqual(sanity.status, 0, sanity.errors + sanity.output)
        XCTAssertTrue(sanity.output.contains("PASS  initial loss"), sanity.output)
        XCTAssertTrue(sanity.output.contains("PASS  overfit 5 batches: 100.00%"), sanity.output)
        // A rate of 0 cannot memorise anything: the check fails, and says so in the exit status.
        let stuck = try run("ch3-mlp", ["--hidden", "32", "--sanity", "--lr", "0"])
        XCTAssertEqual(stuck.status, 1, stuck.output)
        XCTAssertTrue(stuck.output.contains("FAIL  overfit"), stuck.output)
    }

    func testEveryTrainingExecutableDrawsItsRun() throws {
        try requireMNIST()
        let folder = try scratchFolder()
        for (tool, arguments, charts) in [
            ("ch1-linear", ["--mnist", "--epochs", "1"], ["templates", "loss", "confusion"]),
            ("ch2-backprop", [], ["training", "regions"]),
            ("ch5-regularization", ["--train", "300", "--validation", "100", "--epochs", "1", "--kfold", "0", "--full-epochs", "1"],
             ["loss", "accuracy", "confusion", "first_layer"]),
            ("ch6-init", ["--depth", "3", "--width", "32", "--probe-images", "100", "--steps", "10"],
             ["tanh_activation_std", "relu_gradient_norm", "relu_test_accuracy"]),
            ("ch7-optimizers", ["--mnist", "--steps", "10"], ["loss", "test_accuracy"]),
        ] {
            let directory = "\(folder)/\(tool)"
            let result = try run(tool, arguments + ["--plot-dir", directory])
            XCTAssertEqual(result.status, 0, "\(tool): \(result.errors)")
            try checkPlotFolder(directory, charts: charts)
        }
    }

    /// A fresh clone's exercises: every one listed, none started; one checked in detail says where
    /// to read; a misspelled name or chapter is a usage error with a suggestion.
    func testExercisesListAndCheckOnAFreshClone() throws {
        let list = try run("nabla", ["exercises"])
        XCTAssertEqual(list.status, 0, list.errors)
        let rows = list.output.split(separator: "\n").filter { $0.hasSuffix("not started") }
        XCTAssertGreaterThanOrEqual(rows.count, 25, list.output)
        XCTAssertTrue(list.output.contains("0 passing, 0 failing, \(rows.count) not started"), list.output)
        for chapter in 1...7 { XCTAssertTrue(rows.contains { $0.hasPrefix("\(chapter).") }, "chapter \(chapter) has no exercise") }

        let chapter = try run("nabla", ["exercises", "4"])
        XCTAssertEqual(chapter.output.split(separator: "\n").filter { $0.hasSuffix("not started") }.count, 3, chapter.output)

        let check = try run("nabla", ["exercises", "check", "silu"])
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.output.contains("TODO  PyTorch fixtures: not implemented yet: see Chapters/02-Backprop/EXERCISES.md #1"), check.output)
        XCTAssertTrue(check.output.contains("your file: Chapters/02-Backprop/Sources/Backprop/Exercises/SiLU.swift"), check.output)
        XCTAssertTrue(check.output.hasSuffix("status: not started\n"), check.output)

        let gradcheck = try run("nabla", ["gradcheck", "huber_loss"])
        XCTAssertEqual(gradcheck.status, 1)
        XCTAssertTrue(gradcheck.output.contains("'huber_loss' is exercise 3.1 (Chapters/03-MLP/EXERCISES.md #1): `nabla exercises check huber-loss`"),
                      gradcheck.output)

        let typo = try run("nabla", ["exercises", "check", "silux"])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.errors.contains("No exercise named 'silux'. Did you mean 'silu'?"), typo.errors)
        let badFolder = try run("nabla", ["exercises", "--golden-data", "/nonexistent-fixtures", "check", "silu"])
        XCTAssertEqual(badFolder.status, 64)
        XCTAssertTrue(badFolder.errors.contains("--golden-data /nonexistent-fixtures is not a directory"), badFolder.errors)
        let badChapter = try run("nabla", ["exercises", "9"])
        XCTAssertEqual(badChapter.status, 64)
        XCTAssertTrue(badChapter.errors.contains("Expected a chapter number 1-8 or 'check NAME', got '9'."), badChapter.errors)
    }

    /// `nabla bench` trains a workload for real and reports images/s, GFLOP/s and peak memory; with
    /// two thread counts each run is its own child process; a bad workload is a usage error.
    func testBenchTrainsAWorkloadAndReportsItsFigures() throws {
        try requireMNIST()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bench.json").path
        let bench = try run("nabla", ["bench", "mlp-128", "--threads", "1,2", "--epochs", "1", "--no-reference", "--json", file])
        XCTAssertEqual(bench.status, 0, bench.errors)
        let rows = bench.output.split(separator: "\n").filter { $0.hasPrefix("MLP 784-128-10, batch 64") }
        XCTAssertEqual(rows.count, 2, bench.output)
        let report = try JSON.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))), file: file)
        guard case .array(let runs)? = report["training"] else { return XCTFail("no training runs in \(file)") }
        XCTAssertEqual(runs.count, 2)
        for run in runs {
            guard case .number(let rate)? = run["images_per_second"], case .number(let gflops)? = run["gflops"],
                  case .number(let megabytes)? = run["peak_rss_mb"] else { return XCTFail("incomplete run: \(run)") }
            XCTAssertGreaterThan(rate, 1_000)
            // 2 × 3 × (784·128 + 128·10) flop per image
            XCTAssertEqual(gflops, rate * 609_792 / 1e9, accuracy: 1e-6 * gflops)
            XCTAssertGreaterThan(megabytes, 10)
        }
        let bad = try run("nabla", ["bench", "vgg"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.errors.contains("Unknown benchmark 'vgg'"), bad.errors)
    }

    func testPlotDirMistakesAreUsageErrors() throws {
        let file = try scratchFolder() + "/a-file"
        try Data().write(to: URL(fileURLWithPath: file))
        for (tool, arguments, fragment) in [("ch3-mlp", ["--plot-dir", file], "is a file, not a folder"),
                                            ("ch1-linear", ["--plot-dir", "out"], "add --mnist"),
                                            ("ch7-optimizers", ["--plot-dir", "out"], "add --mnist"),
                                            ("ch5-regularization", ["--plot-dir", "out", "--full-epochs", "0"], "--full-epochs 1 or more"),
                                            ("ch3-mlp", ["--find-lr", "--sanity"], "give one of them")] {
            let result = try run(tool, arguments)
            XCTAssertEqual(result.status, 64, "\(tool) \(arguments)")
            XCTAssertTrue(result.errors.contains(fragment), "\(tool): \(result.errors)")
        }
    }

}

/// Standard output as it arrives, and whether the interrupt was sent.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var interrupted = false

    /// Appends `chunk`; returns everything so far as text.
    func add(_ chunk: Data) -> String {
        lock.withLock {
            data.append(chunk)
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// True the first time only.
    func markInterrupted() -> Bool {
        lock.withLock {
            defer { interrupted = true }
            return !interrupted
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
