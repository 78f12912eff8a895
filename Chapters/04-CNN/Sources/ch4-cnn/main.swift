import Foundation
import NablaCore
import NablaData
import NablaTrain
import CNN

// ch4-cnn: a convolutional network on MNIST (LeNet-5 by default, or a wider model), with a model
// summary first, then loss and accuracy per epoch.

let spec = CommandSpec(
    name: "ch4-cnn",
    overview: "Train a convolutional network on MNIST and report its test accuracy.",
    options: [
        OptionSpec("model", .choice(CNNArchitecture.allCases.map(\.rawValue)), help: "Architecture.", default: "lenet"),
        OptionSpec("epochs", .int, help: "Passes over the training set (default: the model's, lenet 12, wide 8)."),
        OptionSpec("batch-size", .int, help: "Examples per step.", default: "128", valueName: "n"),
        OptionSpec("lr", .double, help: "Learning rate (the start of the schedule).", default: "0.05"),
        OptionSpec("optimizer", .choice(["sgd", "adam", "adamw", "rmsprop", "adagrad"]),
                   help: "Optimizer; sgd uses --momentum.", default: "sgd"),
        OptionSpec("momentum", .double, help: "Momentum of sgd.", default: "0.9"),
        OptionSpec("weight-decay", .double, help: "Weight decay (L2 for sgd and adam, decoupled for adamw).", default: "0.0005"),
        OptionSpec("schedule", .choice(["cosine", "none"]), help: "Learning-rate schedule over the epochs.", default: "cosine"),
        OptionSpec("validation", .int, help: "Training images held out for validation.", default: "5000", valueName: "n"),
        .seed(),
        OptionSpec("threads", .int, help: "Worker threads; the numbers are identical for any count.",
                   default: String(ProcessInfo.processInfo.activeProcessorCount)),
        OptionSpec("data-dir", .string, help: "Directory with the MNIST files (else $MNIST_DIR, else the user cache; downloaded if missing).",
                   valueName: "path"),
        OptionSpec("report", .string, help: "Write a JSON report of every epoch to this file.", valueName: "file"),
    ])

warnIfDebugBuild("ch4-cnn")
let arguments = spec.parseOrExit()
var experiment = CNNExperiment(architecture: CNNArchitecture(rawValue: arguments.string("model")!)!)
if let epochs = arguments.int("epochs") { experiment.training.epochs = epochs }
experiment.training.batchSize = arguments.int("batch-size")!
experiment.training.learningRate = arguments.double("lr")!
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
if !(0..<60_000).contains(experiment.training.validationCount) {
    spec.exitWithUsageError("--validation must be in 0..<60000, got \(experiment.training.validationCount).")
}
do {
    _ = try experiment.training.makeOptimizer()
} catch {
    spec.exitWithUsageError("\(error)")
}

do {
    let model = try experiment.makeModel()
    print("\(experiment.architecture.rawValue):")
    print(try modelSummary(model, layerNames: experiment.architecture.layerDescriptions.map(\.op), inputShape: [1, 28, 28]))
    print()
    let splits = experiment.splits(of: try MNIST.load(dataDirectory: arguments.string("data-dir")))
    let settings = experiment.training
    print("\(splits.training.count) training, \(splits.validation.count) validation, \(splits.test.count) test images; "
          + "\(settings.optimizer) lr \(settings.learningRate), batch \(settings.batchSize), \(settings.epochs) epochs, "
          + "\(settings.cosineSchedule ? "cosine" : "constant") learning rate, seed \(settings.seed), \(threads) threads")
    let report = try experiment.run(on: splits, threads: threads)
    print(String(format: "test accuracy %.2f%% after %d epochs in %.1f s", 100 * (report.testAccuracy ?? 0),
                 settings.epochs, report.secondsTotal))
    if let path = arguments.string("report") {
        try report.write(to: path)
        print("report written to \(path)")
    }
} catch {
    printError("Error: \(error)")
    exit(1)
}
