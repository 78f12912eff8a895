import Foundation
import NablaCore
import NablaData
import NablaTrain
import NablaPlot
import Initialization

// ch6-init: deep tanh and ReLU networks started from each initialisation scheme. One batch of
// MNIST is pushed forward and backward through each (activations and gradients per layer), then
// each network is trained briefly.

let defaults = InitializationExperiment()
let spec = CommandSpec(
    name: "ch6-init",
    overview: "Compare weight initialisation schemes on deep tanh and ReLU networks on MNIST.",
    options: [
        OptionSpec("depth", .int, help: "Hidden layers of each network.", default: String(defaults.depth), valueName: "n"),
        OptionSpec("width", .int, help: "Units per hidden layer.", default: String(defaults.width), valueName: "n"),
        OptionSpec("probe-images", .int, help: "Training images pushed through each network.",
                   default: String(defaults.probeImages), valueName: "n"),
        OptionSpec("steps", .int, help: "Training steps per scheme and network.", default: String(defaults.steps), valueName: "n"),
        .batchSize(default: defaults.training.batchSize),
        .learningRate(help: "Learning rate of SGD.", default: defaults.training.learningRate),
        OptionSpec("momentum", .double, help: "Momentum of SGD.", default: String(defaults.training.momentum)),
        .seed(),
        .threads(help: "Threads: for the probes' products, and networks trained at once; the numbers are identical for any count."),
        .plotDirectory(help: "Draw the tables as charts (SVG, CSV, index.html) into this folder."),
        .dataDirectory(),
        .dataset(),
        .quiet(),
    ])

prepareTool("ch6-init")
let arguments = spec.parseOrExit()
var experiment = InitializationExperiment()
experiment.depth = arguments.int("depth")!
experiment.width = arguments.int("width")!
experiment.probeImages = arguments.int("probe-images")!
experiment.steps = arguments.int("steps")!
experiment.training.batchSize = arguments.int("batch-size")!
experiment.training.learningRate = arguments.double("lr")!
experiment.training.momentum = arguments.double("momentum")!
experiment.training.seed = arguments.uint64("seed")!
let threads = spec.threadCount(arguments)
let plotDirectory = spec.plotDirectory(arguments)
let trainingCount = 60_000
for (name, value) in [("depth", experiment.depth), ("width", experiment.width), ("steps", experiment.steps),
                      ("batch-size", experiment.training.batchSize)] where value < 1 {
    spec.exitWithUsageError("--\(name) must be at least 1, got \(value).")
}
spec.checkLayerWidths([experiment.width], inputs: 784, outputs: experiment.width, option: "width")
// All hidden layers' weights together are bounded like one tensor's.
if let problem = TensorSize.problem(with: [experiment.depth, experiment.width, experiment.width]) {
    spec.exitWithUsageError("--depth \(experiment.depth) × --width \(experiment.width): the hidden weights are too many: \(problem).")
}
if !(1...trainingCount).contains(experiment.probeImages) {
    spec.exitWithUsageError("--probe-images must be in 1...\(trainingCount), got \(experiment.probeImages).")
}
if experiment.steps > trainingCount / experiment.training.batchSize {
    spec.exitWithUsageError("--steps × --batch-size must be at most the \(trainingCount) training images (each is seen once), "
                            + "got \(experiment.steps) × \(experiment.training.batchSize).")
}
if experiment.training.learningRate <= 0 { spec.exitWithUsageError("--lr must be positive, got \(experiment.training.learningRate).") }
ComputeThreads.count = threads

let start = Date()
let splits: DataSplits<NormalizedImages>
do {
    splits = experiment.training.splits(of: try MNIST.load(dataDirectory: arguments.string("data-dir"), dataset: arguments.dataset))
} catch {
    printError("Error: \(error)")
    exit(1)
}
let layers = 1...experiment.depth
let architecture = "784 → \(experiment.depth) × [\(experiment.width)] → 10"
print("ch6-init: networks \(architecture), seed \(experiment.training.seed), \(threads) thread\(threads == 1 ? "" : "s")")

// (a) The schemes.
let firstFans = Fans(weightShape: [experiment.width, 784]), hiddenFans = Fans(weightShape: [experiment.width, experiment.width])
let schemeWidths = [-16, -28, 14, 14]
print("\n(a) The schemes, and the σ of the weights they give the first layer (784 → \(experiment.width)) and a hidden one (\(experiment.width) → \(experiment.width)).")
print("    Biases start at 0, except under PyTorch's default, which draws them like the weights.\n")
print("    " + row(["scheme", "weights", "σ 784 → \(experiment.width)", "σ \(experiment.width) → \(experiment.width)"], schemeWidths))
for scheme in experiment.schemes {
    print("    " + row([scheme.description, scheme.formula, compact(scheme.standardDeviation(for: firstFans)),
                      compact(scheme.standardDeviation(for: hiddenFans))], schemeWidths))
}

var plots = InitializationPlots()
do {
    // (b), (c) One batch through each fresh network.
    let batch = experiment.probeBatch(from: splits.training)
    let layerWidths = [-16] + layers.map { _ in 8 }
    for (section, activation) in zip(["b", "c"], HiddenActivation.allCases) {
        let readings = try experiment.schemes.map { try experiment.probe(activation, scheme: $0, batch: batch) }
        plots.addProbe(activation, schemes: experiment.schemes, readings: readings)
        func table(_ title: String, _ cell: (LayerReading) -> String) {
            print("\n    " + row([title] + layers.map { "\($0)" }, layerWidths))
            for (scheme, reading) in zip(experiment.schemes, readings) {
                print("    " + row([scheme.description] + reading.map(cell), layerWidths))
            }
        }
        print("\n(\(section)) \(activation.name) network \(architecture), freshly initialised: \(experiment.probeImages) training images")
        print("    forward, the gradient of their mean cross-entropy backward. Columns: hidden layer l.")
        table("mean of a_l") { compact($0.activations.mean) }
        table("std of a_l") { compact($0.activations.standardDeviation) }
        switch activation {
        case .tanh: table("|a_l| > 0.99") { percent($0.activations.saturatedFraction) }
        case .relu: table("dead units") { percent($0.activations.deadUnitFraction) }
        }
        table("‖∂L/∂W_l‖") { compact($0.weightGradientNorm) }
    }

    // (d) Brief training.
    let trainedImages = experiment.steps * experiment.training.batchSize
    print("\n(d) Each network trained for \(experiment.steps) steps of \(experiment.training.batchSize) images "
          + "(\(trainedImages) training images, each seen once),")
    print("    SGD lr \(experiment.training.learningRate), momentum \(experiment.training.momentum). Then: loss and accuracy on the "
          + "\(splits.test.count) test images, distinct units,")
    print("    and the probe batch again.")
    // From here on Ctrl-C finishes the training step under way, then stops (exit 130).
    Interruption.install()
    let outcomeWidths = [-16, 10, 9, 8, 14, 16]
    for (activation, outcomes) in try experiment.trainAll(on: splits, threads: threads) {
        plots.addOutcomes(activation, schemes: experiment.schemes, outcomes: outcomes)
        let after = activation == .tanh ? "|a| > 0.99 after" : "dead units after"
        print("\n    " + row(["\(activation.name) network", "train loss", "test loss", "test acc", "distinct units", after], outcomeWidths))
        for (scheme, outcome) in zip(experiment.schemes, outcomes) {
            let fraction = activation == .tanh ? outcome.saturatedFractionAfter : outcome.deadUnitFractionAfter
            print("    " + row([scheme.description, compact(outcome.meanTrainingLoss), compact(outcome.testLoss),
                              String(format: "%.2f%%", 100 * outcome.testAccuracy),
                              outcome.diverged ? "—" : "\(outcome.fewestDistinctUnits) / \(experiment.width)",
                              outcome.diverged ? "—" : percent(fraction)], outcomeWidths))
        }
    }
    if let plotDirectory {
        let page = HTMLReport(title: "ch6-init: initialisation schemes on deep networks",
                              summary: "Networks \(architecture) on \(arguments.dataset.title), seed \(experiment.training.seed); \(experiment.probeImages) probe "
                                  + "images, then \(experiment.steps) steps of \(experiment.training.batchSize).",
                              figures: plots.figures)
        let files = try PlotDirectory.write(page, to: plotDirectory)
        print("\nplots written to \(plotDirectory) (\(files.count) files; open \(plotDirectory)/index.html)")
    }
} catch {
    exitAfterError(error)
}
print(String(format: "\nTotal %.1f s.", Date().timeIntervalSince(start)))
