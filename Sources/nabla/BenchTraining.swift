import CNN
import Deep
import Foundation
import MLP
import NablaCore
import NablaData
import NablaTrain
import NablaVerify

/// A training workload of `nabla bench`: a model and its batch, trained as the chapters train it.
struct TrainingWorkload {
    let name: String, label: String
    let batchSize: Int
    /// `Tools/bench/mlp_reference.py`'s arguments for the same workload, and the frameworks it times.
    let referenceArguments: [String], referenceFrameworks: [String]
    /// Whether the model takes each image as a picture [1, 28, 28] (convolutions) rather than 784 values.
    var picture = false
    let makeModel: (inout RandomGenerator) throws -> Sequential<Float>

    static var all: [TrainingWorkload] { [
        TrainingWorkload(name: "mlp-128", label: "MLP 784-128-10, batch 64", batchSize: 64,
                         referenceArguments: ["--hidden", "128", "--batch-size", "64"], referenceFrameworks: ["torch", "numpy"]) {
            multilayerPerceptron(inputs: 784, hidden: [128], classes: 10, generator: &$0)
        },
        TrainingWorkload(name: "mlp-512-256", label: "MLP 784-512-256-10, batch 128", batchSize: 128,
                         referenceArguments: ["--hidden", "512,256", "--batch-size", "128"], referenceFrameworks: ["torch", "numpy"]) {
            multilayerPerceptron(inputs: 784, hidden: [512, 256], classes: 10, generator: &$0)
        },
        TrainingWorkload(name: "lenet", label: "LeNet-5, batch 128", batchSize: 128,
                         referenceArguments: ["--model", "lenet", "--batch-size", "128"], referenceFrameworks: ["torch"], picture: true) {
            try leNet5(generator: &$0)
        },
        TrainingWorkload(name: "resnet", label: "ResNet 16-32-64, batch 128", batchSize: 128,
                         referenceArguments: ["--model", "resnet", "--batch-size", "128"], referenceFrameworks: ["torch"], picture: true) {
            try resNet(generator: &$0)
        },
    ] }

    /// The workloads a `nabla bench` argument names: `mlp` both perceptrons, `cnn` LeNet, `resnet`
    /// chapter 8's default ResNet, `all` every one.
    static func named(_ argument: String) -> [TrainingWorkload]? {
        switch argument {
        case "mlp": return all.filter { $0.name.hasPrefix("mlp") }
        case "cnn": return all.filter { $0.name == "lenet" }
        case "all": return all
        default: return all.first { $0.name == argument }.map { [$0] }
        }
    }
}

/// One timed run of a workload: the best epoch's training images per second, the arithmetic it
/// achieved, and the process's peak resident memory.
struct TrainingTiming {
    let workload: String, framework: String
    let threads: Int
    let imagesPerSecond: Double
    /// 2 × the multiply-adds of a training step per image × images/s, in GFLOP/s (nil for references).
    let gflops: Double?
    let peakMegabytes: Double?

    var json: JSON {
        var members: [String: JSON] = ["workload": .string(workload), "framework": .string(framework),
                                       "threads": .number(Double(threads)), "images_per_second": .number(imagesPerSecond)]
        if let gflops { members["gflops"] = .number(gflops) }
        if let peakMegabytes { members["peak_rss_mb"] = .number(peakMegabytes) }
        return .object(members)
    }

    init(workload: String, framework: String, threads: Int, imagesPerSecond: Double, gflops: Double?, peakMegabytes: Double?) {
        (self.workload, self.framework, self.threads) = (workload, framework, threads)
        (self.imagesPerSecond, self.gflops, self.peakMegabytes) = (imagesPerSecond, gflops, peakMegabytes)
    }

    init?(json: JSON) {
        guard case .string(let workload)? = json["workload"], case .string(let framework)? = json["framework"],
              case .number(let threads)? = json["threads"], case .number(let rate)? = json["images_per_second"] else { return nil }
        var gflops: Double?, peak: Double?
        if case .number(let value)? = json["gflops"] { gflops = value }
        if case .number(let value)? = json["peak_rss_mb"] { peak = value }
        self.init(workload: workload, framework: framework, threads: Int(threads), imagesPerSecond: rate, gflops: gflops, peakMegabytes: peak)
    }
}

/// Trains `workload` for `epochs` epochs of MNIST's 55,000 training images (random images of the
/// same shape when MNIST cannot be loaded) on `threads` threads, in this process, and keeps the best
/// epoch. The model, loss, optimizer and batches are chapter 3's and 4's defaults. The data set is
/// loaded here and only its splits are kept, as the chapters' executables do, so the peak memory
/// is theirs.
func timeTraining(_ workload: TrainingWorkload, threads: Int, epochs: Int) throws -> TrainingTiming {
    var settings = TrainingSettings()
    settings.batchSize = workload.batchSize
    settings.epochs = epochs
    ComputeThreads.count = threads
    var generator = RandomGenerator(seed: settings.seed)
    let model = try workload.makeModel(&generator)
    let exampleShape = workload.picture ? [1, 28, 28] : [784]
    // one forward product per layer, and two backward ones (dL/dW and dL/dx)
    let multiplyAddsPerImage = 3 * (try multiplyAddsPerExample(model, inputShape: exampleShape))
    let report = try settings.trainClassifier(model, on: settings.splits(of: benchImages(), asPicture: workload.picture), optimizer: nil,
                                              threads: threads, chapter: "bench", details: [:], printLines: false)
    let best = report.epochs.map(\.imagesPerSecond).max() ?? 0
    return TrainingTiming(workload: workload.name, framework: "nabla", threads: threads, imagesPerSecond: best,
                          gflops: best * Double(2 * multiplyAddsPerImage) / 1e9, peakMegabytes: peakResidentMegabytes())
}

/// MNIST, or random images and labels of its shape when it cannot be loaded (the timings do not
/// depend on the pixels).
func benchImages() -> (training: ImageDataset, test: ImageDataset) {
    if let mnist = try? MNIST.load() { return mnist }
    printError("MNIST is not available: timing random images of the same shape")
    var generator = RandomGenerator(seed: 0)
    func random(_ count: Int) -> ImageDataset {
        ImageDataset(images: (0..<count * 784).map { _ in UInt8(generator.int(below: 256)) },
                     labels: (0..<count).map { _ in UInt8(generator.int(below: 10)) }, rows: 28, columns: 28)
    }
    return (random(60_000), random(10_000))
}

/// The process's peak resident memory so far, in MB (NablaVerify's `peakMemoryBytes`: on Linux
/// this program's own high-water mark, however it was started).
func peakResidentMegabytes() -> Double { Double(peakMemoryBytes()) / 1_048_576 }

/// Times one workload on one thread count in a child process of this executable, so that each
/// run's peak memory is its own: `nabla bench NAME --threads T --epochs E --json FILE`.
func timeTrainingInChild(_ workload: TrainingWorkload, threads: Int, epochs: Int) throws -> TrainingTiming {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-bench-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
        process.executableURL = Bundle.main.executableURL
    }
    process.arguments = ["bench", workload.name, "--threads", String(threads), "--epochs", String(epochs), "--no-reference", "--json", file]
    process.standardOutput = FileHandle.nullDevice
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: file),
          let report = try? JSON.parse(Array(data), file: file), case .array(let runs)? = report["training"],
          let run = runs.first.flatMap(TrainingTiming.init(json:)) else {
        let reason = message.split(separator: "\n").last.map { ": \($0)" } ?? ""
        throw NablaError.io(file: "nabla bench \(workload.name)", message: "the timing run failed (exit status \(process.terminationStatus))\(reason)")
    }
    return run
}

/// PyTorch's and numpy's timings of `workload` from Tools/bench/mlp_reference.py, one process per
/// framework (each with its own peak memory, `beforeEach` called before each); nil with the reason
/// when the script cannot run.
func referenceTimings(_ workload: TrainingWorkload, threads: Int, epochs: Int,
                      beforeEach: () -> Void = {}) -> Result<[TrainingTiming], NumpyUnavailable> {
    var timings: [TrainingTiming] = []
    for framework in workload.referenceFrameworks {
        beforeEach()
        let arguments = ["--framework", framework, "--threads", String(threads), "--epochs", String(epochs), "--json"] + workload.referenceArguments
        let epochs: [JSON]
        switch runReferenceScript("mlp_reference.py", arguments, threads: threads) {
        case .success(.array(let records)): epochs = records
        case .success: return .failure(NumpyUnavailable(message: "unreadable output from mlp_reference.py"))
        case .failure(let reason): return .failure(reason)
        }
        let rates = epochs.compactMap { record -> Double? in if case .number(let rate)? = record["images_per_second"] { return rate } else { return nil } }
        let peaks = epochs.compactMap { record -> Double? in if case .number(let peak)? = record["peak_rss_mb"] { return peak } else { return nil } }
        timings.append(TrainingTiming(workload: workload.name, framework: framework, threads: threads, imagesPerSecond: rates.max() ?? 0,
                                      gflops: nil, peakMegabytes: peaks.max()))
    }
    return .success(timings)
}

/// The Python that has torch: `$NABLA_BENCH_PYTHON`, else the repository's `.venv-golden`, else python3.
func referencePython() -> String {
    if let chosen = ProcessInfo.processInfo.environment["NABLA_BENCH_PYTHON"], !chosen.isEmpty { return chosen }
    for root in [".", repositoryRoot().path] {
        let venv = root + "/.venv-golden/bin/python"
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
    }
    return "python3"
}

/// Prints the training table: Nabla's runs with the references beside them, and their ratios.
func printTrainingTable(_ timings: [TrainingTiming]) {
    print(pad("WORKLOAD", 33) + pad("THREADS", 9) + pad("NABLA IMG/S", 13) + pad("GFLOP/S", 9) + pad("PEAK MB", 9)
          + pad("TORCH IMG/S", 13) + pad("PEAK MB", 9) + pad("×TORCH", 8) + pad("NUMPY IMG/S", 13) + "×NUMPY")
    func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "-" }
    for workload in TrainingWorkload.all {
        for nabla in timings where nabla.workload == workload.name && nabla.framework == "nabla" {
            let torch = timings.first { $0.workload == workload.name && $0.framework == "torch" && $0.threads == nabla.threads }
            let numpy = timings.first { $0.workload == workload.name && $0.framework == "numpy" && $0.threads == nabla.threads }
            print(pad(workload.label, 33) + pad(String(nabla.threads), 9) + pad(number(nabla.imagesPerSecond, "%.0f"), 13)
                  + pad(number(nabla.gflops, "%.1f"), 9) + pad(number(nabla.peakMegabytes, "%.0f"), 9)
                  + pad(number(torch?.imagesPerSecond, "%.0f"), 13) + pad(number(torch?.peakMegabytes, "%.0f"), 9)
                  + pad(number(torch.map { nabla.imagesPerSecond / $0.imagesPerSecond }, "%.2f"), 8)
                  + pad(number(numpy?.imagesPerSecond, "%.0f"), 13) + number(numpy.map { nabla.imagesPerSecond / $0.imagesPerSecond }, "%.2f"))
        }
    }
}
