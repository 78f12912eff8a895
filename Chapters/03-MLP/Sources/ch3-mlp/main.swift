import Foundation
import NablaCore
import NablaData
import NablaTrain
import MLP

// ch3-mlp: a multilayer perceptron on MNIST, trained with minibatch SGD (or another optimizer),
// reporting loss and accuracy per epoch.

let defaults = MLPExperiment()
let spec = CommandSpec(
    name: "ch3-mlp",
    overview: "Train a multilayer perceptron on MNIST and report its test accuracy.",
    options: [
        OptionSpec("epochs", .int, help: "Passes over the training set.", default: String(defaults.training.epochs)),
        OptionSpec("batch-size", .int, help: "Examples per step.", default: String(defaults.training.batchSize), valueName: "n"),
        OptionSpec("lr", .double, help: "Learning rate (the start of the schedule).", default: String(defaults.training.learningRate)),
        OptionSpec("hidden", .intList, help: "Hidden layer widths, comma-separated.",
                   default: defaults.hidden.map(String.init).joined(separator: ","), valueName: "sizes"),
        OptionSpec("optimizer", .choice(["sgd", "adam", "adamw", "rmsprop", "adagrad"]),
                   help: "Optimizer; sgd uses --momentum.", default: defaults.training.optimizer),
        OptionSpec("momentum", .double, help: "Momentum of sgd.", default: String(defaults.training.momentum)),
        OptionSpec("weight-decay", .double, help: "Weight decay (L2 for sgd and adam, decoupled for adamw).",
                   default: String(defaults.training.weightDecay)),
        OptionSpec("schedule", .choice(["cosine", "none"]), help: "Learning-rate schedule over the epochs.", default: "cosine"),
        OptionSpec("validation", .int, help: "Training images held out for validation.",
                   default: String(defaults.training.validationCount), valueName: "n"),
        .seed(),
        OptionSpec("threads", .int, help: "Worker threads; the numbers are identical for any count.",
                   default: String(ProcessInfo.processInfo.activeProcessorCount)),
        OptionSpec("data-dir", .string, help: "Directory with the MNIST files (else $MNIST_DIR, else the user cache; downloaded if missing).",
                   valueName: "path"),
        OptionSpec("report", .string, help: "Write a JSON report of every epoch to this file.", valueName: "file"),
    ])

warnIfDebugBuild("ch3-mlp")
let arguments = spec.parseOrExit()
var experiment = MLPExperiment()
experiment.training.epochs = arguments.int("epochs")!
experiment.training.batchSize = arguments.int("batch-size")!
experiment.training.learningRate = arguments.double("lr")!
experiment.hidden = arguments.intList("hidden")!
experiment.training.optimizer = arguments.string("optimizer")!
experiment.training.momentum = arguments.double("momentum")!
experiment.training.weightDecay = arguments.double("weight-decay")!
experiment.training.cosineSchedule = arguments.string("schedule") == "cosine"
experiment.training.validationCount = arguments.int("validation")!
experiment.training.seed = arguments.uint64("seed")!
let threads = arguments.int("threads")!
if experiment.training.epochs < 1 { spec.exitWithUsageError("--epochs must be at least 1, got \(experiment.training.epochs).") }
if experiment.training.batchSize < 1 { spec.exitWithUsageError("--batch-size must be at least 1, got \(experiment.training.batchSize).") }
if threads < 1 { spec.exitWithUsageError("--threads must be at least 1, got \(threads).") }
if experiment.hidden.contains(where: { $0 < 1 }) { spec.exitWithUsageError("--hidden widths must be positive, got \(experiment.hidden).") }
if !(0..<60_000).contains(experiment.training.validationCount) {
    spec.exitWithUsageError("--validation must be in 0..<60000, got \(experiment.training.validationCount).")
}
do {
    _ = try experiment.training.makeOptimizer()
} catch {
    spec.exitWithUsageError("\(error)")
}

do {
    let splits = experiment.splits(of: try MNIST.load(dataDirectory: arguments.string("data-dir")))
    let widths = describeWidths(inputs: 784, hidden: experiment.hidden, classes: 10)
    print("MLP \(widths); \(splits.training.count) training, \(splits.validation.count) validation, \(splits.test.count) test images")
    print("\(experiment.training.optimizer) lr \(experiment.training.learningRate), batch \(experiment.training.batchSize), \(experiment.training.epochs) epochs, "
          + "\(experiment.training.cosineSchedule ? "cosine" : "constant") learning rate, seed \(experiment.training.seed), \(threads) threads")
    let report = try experiment.run(on: splits, threads: threads)
    print(String(format: "test accuracy %.2f%% after %d epochs in %.1f s", 100 * (report.testAccuracy ?? 0),
                 experiment.training.epochs, report.secondsTotal))
    if let path = arguments.string("report") {
        try report.write(to: path)
        print("report written to \(path)")
    }
} catch {
    printError("Error: \(error)")
    exit(1)
}
