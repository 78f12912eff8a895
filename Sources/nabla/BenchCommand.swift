import Foundation
import NablaCore
import NablaData
import NablaTrain

let benchSpec = CommandSpec(
    name: "nabla bench",
    overview: "Time Nabla's kernels and training against numpy and PyTorch on this machine, in the same run.",
    arguments: [ArgumentSpec("what", help: "gemm, mlp (both perceptrons), cnn (LeNet-5), resnet (chapter 8's), all; or one workload: mlp-128, mlp-512-256, lenet.")],
    options: [
        OptionSpec("threads", .intList, help: "Thread counts to time, comma-separated.", default: "1,2", valueName: "counts"),
        .epochs(help: "Epochs of each training workload; the best one counts.", default: 2),
        .flag("no-reference", help: "Time Nabla only, not numpy and PyTorch."),
        OptionSpec("repeat", .int, help: "Timed repetitions of each product; the best one counts.", default: "5",
                   valueName: "n"),
        OptionSpec("batch", .int, help: "Batch size of the MLP's products.", default: "128"),
        OptionSpec("layers", .intList, help: "Layer sizes of the MLP, input first.", default: "784,512,256,10",
                   valueName: "sizes"),
        OptionSpec("json", .string, help: "Also write the results to this JSON file.", valueName: "file"),
        OptionSpec("cool-down", .int, help: "Seconds of idle before each timed training run (Nabla's and the references').",
                   default: "0", valueName: "seconds"),
    ],
    discussion: """
    'gemm' times C = op(A)·op(B) in float32 for 1024³ and, for each layer of the MLP, the three
    products of a training step: the forward X·Wᵀ, the weight gradient dYᵀ·X and the input gradient
    dY·W. numpy's times come from Tools/bench/gemm_numpy.py, run with OPENBLAS_NUM_THREADS set to
    the thread count (Python: as for 'mlp' below); without numpy only Nabla's column is printed.
    A repetition loops a product for at least 50 ms; repetitions alternate between numpy and Nabla so
    both meet the same load, and each keeps its best. GFLOP/s = 2·M·N·K / seconds per product.

    'mlp', 'cnn' and 'resnet' train chapter 3's perceptrons (784-128-10 with batch 64,
    784-512-256-10 with batch 128), chapter 4's LeNet-5 (batch 128) and chapter 8's default ResNet
    (16, 32, 64 channels, one basic block a stage, batch norm; batch 128) on MNIST's 55,000 training images (random images
    of that shape when MNIST is missing) with the chapters' SGD, and report the best epoch's
    training images per second, the GFLOP/s that makes (2 x 3 x forward multiply-adds per image),
    and the peak resident memory of the run (each run is a child process). PyTorch's and numpy's
    figures come from Tools/bench/mlp_reference.py on the same thread count, run with
    $NABLA_BENCH_PYTHON, else .venv-golden/bin/python, else python3 (torch 2.13 and numpy).
    Compare figures from one run on an idle machine: see BENCHMARKS.md. On a shared virtual
    machine a run that follows a busy one can be slowed by what the host did meanwhile;
    --cool-down 15 starts every timed training run, Nabla's and the references', after 15 s idle.
    """)

/// One product to time: op(A) is m × k, op(B) is k × n.
struct BenchProduct {
    let label: String
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool

    var variant: String { transposeA ? "tn" : transposeB ? "nt" : "nn" }
    var operation: String { transposeA ? "Aᵀ·B" : transposeB ? "A·Bᵀ" : "A·B" }
    var shape: String { "\(m)×\(n)×\(k)" }
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
}

/// 1024³, then for each layer in → out with weights W [out, in]: X·Wᵀ, dYᵀ·X, dY·W.
func benchProducts(batch: Int, layers: [Int]) -> [BenchProduct] {
    var products = [BenchProduct(label: "square", m: 1024, n: 1024, k: 1024, transposeA: false, transposeB: false)]
    for (input, output) in zip(layers, layers.dropFirst()) {
        let layer = "\(input)→\(output)"
        products.append(BenchProduct(label: "forward \(layer)", m: batch, n: output, k: input, transposeA: false, transposeB: true))
        products.append(BenchProduct(label: "dW \(layer)", m: output, n: input, k: batch, transposeA: true, transposeB: false))
        products.append(BenchProduct(label: "dX \(layer)", m: batch, n: input, k: output, transposeA: false, transposeB: false))
    }
    return products
}

/// A product timed on some threads, by Nabla and (when available) by numpy: seconds per product.
struct BenchResult {
    let product: BenchProduct
    let threads: Int
    let nablaSeconds: Double
    let numpySeconds: Double?

    var nablaGFLOPs: Double { product.flops / nablaSeconds / 1e9 }
    var numpyGFLOPs: Double? { numpySeconds.map { product.flops / $0 / 1e9 } }
    var ratio: Double? { numpyGFLOPs.map { nablaGFLOPs / $0 } }
    var path: GEMMPath { gemmPath(m: product.m, n: product.n, k: product.k) }

    var json: JSON {
        var members: [String: JSON] = [
            "label": .string(product.label), "m": .number(Double(product.m)), "n": .number(Double(product.n)),
            "k": .number(Double(product.k)), "variant": .string(product.variant), "path": .string(path.rawValue),
            "threads": .number(Double(threads)), "nabla_gflops": .number(nablaGFLOPs),
        ]
        if let numpyGFLOPs, let ratio { (members["numpy_gflops"], members["ratio"]) = (.number(numpyGFLOPs), .number(ratio)) }
        return .object(members)
    }
}

func runBench(_ arguments: [String]) -> Int32 {
    let parsed = benchSpec.parseOrExit(arguments)
    let what = parsed.positionals.first ?? ""
    let workloads = TrainingWorkload.named(what)
    guard what == "gemm" || workloads != nil else {
        benchSpec.exitWithUsageError("Unknown benchmark '\(what)'; choose gemm, mlp, cnn, resnet, all, mlp-128, mlp-512-256 or lenet.")
    }
    let requestedThreads = parsed.intList("threads")!, repetitions = parsed.int("repeat")!
    let batch = parsed.int("batch")!, layers = parsed.intList("layers")!, epochs = parsed.int("epochs")!
    if requestedThreads.isEmpty || requestedThreads.contains(where: { $0 < 1 }) {
        benchSpec.exitWithUsageError("--threads needs positive counts, e.g. 1,2.")
    }
    if epochs < 1 || epochs > 100 { benchSpec.exitWithUsageError("--epochs must be from 1 to 100, got \(epochs).") }
    let coolDown = parsed.int("cool-down")!
    if coolDown < 0 || coolDown > 600 { benchSpec.exitWithUsageError("--cool-down must be from 0 to 600 seconds, got \(coolDown).") }
    func coolDownIfAsked() { if coolDown > 0 { Thread.sleep(forTimeInterval: Double(coolDown)) } }
    // Timing more threads than processors measures only the waiting: each count is capped, once.
    var threadCounts: [Int] = []
    for count in requestedThreads.map({ cappedThreadCount($0) }) where !threadCounts.contains(count) { threadCounts.append(count) }
    let jsonPath = benchSpec.outputFile(parsed, option: "json")
    var report: [String: JSON] = ["cpus": .number(Double(ProcessInfo.processInfo.activeProcessorCount))]
    if what == "gemm" || what == "all" {
        guard let gemmReport = benchGEMM(parsed, threadCounts: threadCounts, repetitions: repetitions, batch: batch, layers: layers,
                                         reference: !parsed.flag("no-reference")) else { return 1 }
        report["gemm"] = gemmReport
    }
    if let workloads {
        var timings: [TrainingTiming] = []
        let inProcess = workloads.count == 1 && threadCounts.count == 1
        for workload in workloads {
            for threads in threadCounts {
                printError("training \(workload.label) on \(threads) thread\(threads == 1 ? "" : "s")…")
                coolDownIfAsked()
                do {
                    timings.append(inProcess ? try timeTraining(workload, threads: threads, epochs: epochs)
                                             : try timeTrainingInChild(workload, threads: threads, epochs: epochs))
                } catch {
                    printError("Error: \(error)")
                    return 1
                }
                if parsed.flag("no-reference") { continue }
                switch referenceTimings(workload, threads: threads, epochs: epochs, beforeEach: coolDownIfAsked) {
                case .success(let references): timings += references
                case .failure(let reason): printError("references not timed: \(reason.message)")
                }
            }
        }
        print("training, float32, best of \(epochs) epoch\(epochs == 1 ? "" : "s") of 55,000 images; \(ProcessInfo.processInfo.activeProcessorCount) CPUs; "
              + "×TORCH and ×NUMPY = Nabla's images/s over theirs")
        printTrainingTable(timings)
        report["training"] = .array(timings.map(\.json))
        report["epochs"] = .number(Double(epochs))
    }
    if let file = jsonPath {
        do {
            try OutputFile.write(Array((JSON.object(report).serialized() + "\n").utf8), to: file, hint: "choose another --json file")
        } catch {
            printError("Error: \(error)")
            return 1
        }
    }
    return 0
}

/// `nabla bench gemm`: every product on every thread count, Nabla and numpy alternating; the table,
/// and the JSON of the results (nil when the sizes are refused).
func benchGEMM(_ parsed: ParsedArguments, threadCounts: [Int], repetitions: Int, batch: Int, layers: [Int], reference: Bool) -> JSON? {
    if repetitions < 1 || batch < 1 || layers.count < 2 || layers.contains(where: { $0 < 1 }) {
        benchSpec.exitWithUsageError("--repeat and --batch must be positive, --layers at least two positive sizes.")
    }
    // Every product's operands are allocated: the batch by each width, and each weight matrix.
    benchSpec.checkLayerWidths(Array(layers.dropFirst().dropLast()), inputs: layers[0], outputs: layers.last!, option: "layers")
    if let width = layers.max(), let problem = TensorSize.problem(with: [batch, width]) {
        benchSpec.exitWithUsageError("--batch \(batch) is too large for layers of \(width): \(problem).")
    }
    let products = benchProducts(batch: batch, layers: layers)
    var numpy = NumpyReference()
    if !reference { numpy.missing = "--no-reference" }
    var results: [BenchResult] = []
    for threads in threadCounts {
        printError("timing with \(threads) thread\(threads == 1 ? "" : "s")…")
        results += timeProducts(products, threads: threads, repetitions: repetitions, numpy: &numpy)
    }
    print("gemm, float32, best of \(repetitions); \(ProcessInfo.processInfo.activeProcessorCount) CPUs; "
          + "ratio = Nabla / numpy")
    printBenchTable(results, products: products)
    print(numpy.missing.map { "numpy not available: \($0)" } ?? "numpy: \(numpy.library ?? "?")")
    return .object(["repeat": .number(Double(repetitions)), "numpy": numpy.library.map(JSON.string) ?? .null,
                    "results": .array(results.map(\.json))])
}

/// Times every product on `threads` threads. The repetitions alternate between numpy and Nabla, so
/// that both meet the same load on the machine, and each product keeps its best time.
func timeProducts(_ products: [BenchProduct], threads: Int, repetitions: Int, numpy: inout NumpyReference) -> [BenchResult] {
    var nablaBest = [Double](repeating: .infinity, count: products.count)
    var numpyBest: [Double]? = numpy.missing == nil ? nablaBest : nil
    for _ in 0..<repetitions {
        if let best = numpyBest {
            numpyBest = numpy.seconds(products, threads: threads).map { zip(best, $0).map { min($0, $1) } }
        }
        for (index, product) in products.enumerated() {
            nablaBest[index] = min(nablaBest[index], nablaSeconds(product, threads: threads))
        }
    }
    return products.indices.map {
        BenchResult(product: products[$0], threads: threads, nablaSeconds: nablaBest[$0], numpySeconds: numpyBest?[$0])
    }
}

/// Prints one line per product and thread count, in the order of `products`.
func printBenchTable(_ results: [BenchResult], products: [BenchProduct]) {
    print(pad("PRODUCT", 18) + pad("M×N×K", 16) + pad("OP", 6) + pad("PATH", 8) + pad("THREADS", 9)
          + pad("NABLA GFLOP/S", 15) + pad("NUMPY GFLOP/S", 15) + "RATIO")
    func format(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "-" }
    for product in products {
        for result in results where result.product.label == product.label {
            print(pad(product.label, 18) + pad(product.shape, 16) + pad(product.operation, 6) + pad(result.path.rawValue, 8)
                  + pad(String(result.threads), 9) + pad(format(result.nablaGFLOPs, 1), 15)
                  + pad(format(result.numpyGFLOPs, 1), 15) + format(result.ratio, 2))
        }
    }
}

/// Nabla's time for one `product` on `threads` threads: the mean over a loop of at least 50 ms.
func nablaSeconds(_ product: BenchProduct, threads: Int) -> Double {
    var generator = RandomGenerator(seed: 0)
    let a = Tensor<Float>.normal(shape: [product.m * product.k], generator: &generator).scalars
    let b = Tensor<Float>.normal(shape: [product.k * product.n], generator: &generator).scalars
    var c = [Float](repeating: 0, count: product.m * product.n)
    return a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                loopSeconds {
                    gemm(a.baseAddress!, b.baseAddress!, c.baseAddress!, m: product.m, n: product.n, k: product.k,
                         transposeA: product.transposeA, transposeB: product.transposeB, threads: threads)
                }
            }
        }
    }
}

/// The time per call of `body`, over a loop of calls that lasts at least 50 ms, after a warm-up call.
func loopSeconds(_ body: () -> Void) -> Double {
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    body()
    var start = now()
    body()
    let calls = max(1, Int(0.05 / max(now() - start, 1e-7)))
    start = now()
    for _ in 0..<calls { body() }
    return (now() - start) / Double(calls)
}

/// numpy's side of the benchmark: Tools/bench/gemm_numpy.py, run by python3 for each repetition.
struct NumpyReference {
    /// numpy's version and BLAS library, once it has run.
    var library: String?
    /// Why numpy could not be timed, once it failed; it is not tried again.
    var missing: String?

    /// numpy's time for each product on `threads` threads, or nil when it cannot run.
    mutating func seconds(_ products: [BenchProduct], threads: Int) -> [Double]? {
        guard missing == nil else { return nil }
        switch run(products, threads: threads) {
        case .success(let report):
            guard case .array(let results)? = report["results"], results.count == products.count else {
                missing = "unreadable output from gemm_numpy.py"
                return nil
            }
            library = "numpy \(stringValue(report["numpy"])), \(stringValue(report["blas"]))"
            return results.map { if case .number(let value)? = $0["seconds"] { return value } else { return .nan } }
        case .failure(let reason):
            missing = reason.message
            return nil
        }
    }

    private func run(_ products: [BenchProduct], threads: Int) -> Result<JSON, NumpyUnavailable> {
        let shapes = products.map { "\($0.m)x\($0.n)x\($0.k):\($0.variant)" }.joined(separator: ",")
        return runReferenceScript("gemm_numpy.py", ["--shapes", shapes, "--repeat", "1"], threads: threads)
    }
}

/// Runs `Tools/bench/NAME` with `referencePython()` on `threads` threads and reads the JSON it
/// prints; the reason when it cannot run.
func runReferenceScript(_ name: String, _ arguments: [String], threads: Int) -> Result<JSON, NumpyUnavailable> {
    guard let script = benchScript(named: name) else { return .failure(NumpyUnavailable(message: "Tools/bench/\(name) not found")) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [referencePython(), script] + arguments
    var environment = ProcessInfo.processInfo.environment
    // OpenBLAS reads these when numpy is imported, so they are set before the process starts.
    for variable in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[variable] = String(threads) }
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch { return .failure(NumpyUnavailable(message: "cannot run \(referencePython()): \(error.localizedDescription)")) }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        return .failure(NumpyUnavailable(message: message.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"))
    }
    guard let report = try? JSON.parse(Array(data), file: "\(name) output") else {
        return .failure(NumpyUnavailable(message: "unreadable output from \(name)"))
    }
    return .success(report)
}

struct NumpyUnavailable: Error { let message: String }

func stringValue(_ value: JSON?) -> String {
    if case .string(let text)? = value { return text }
    return "?"
}

/// `Tools/bench/NAME` under the current directory, or else beside this package's sources.
func benchScript(named name: String) -> String? {
    let relative = "Tools/bench/" + name
    if FileManager.default.fileExists(atPath: relative) { return relative }
    let path = repositoryRoot().appendingPathComponent(relative).path
    return FileManager.default.fileExists(atPath: path) ? path : nil
}

/// The repository this executable was built from (its sources' root).
func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
