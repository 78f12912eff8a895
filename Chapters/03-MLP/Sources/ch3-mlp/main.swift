import Foundation
import NablaCore
import NablaData
import NablaTrain
import Backprop
import NablaOps
import Optimizers
import MLP

// ch3-mlp: a multilayer perceptron on MNIST, trained with minibatch SGD (or another optimizer),
// reporting loss and accuracy per epoch.

let spec = CommandSpec(
    name: "ch3-mlp",
    overview: "Train a multilayer perceptron on MNIST and report its test accuracy.",
    options: [
        OptionSpec("epochs", .int, help: "Passes over the training set.", default: "12"),
        OptionSpec("batch-size", .int, help: "Examples per step.", default: "128", valueName: "n"),
        OptionSpec("lr", .double, help: "Learning rate.", default: "0.05"),
        OptionSpec("hidden", .intList, help: "Hidden layer widths, comma-separated.", default: "512,256", valueName: "sizes"),
        OptionSpec("optimizer", .choice(["sgd", "adam", "adamw", "rmsprop", "adagrad"]),
                   help: "Optimizer; sgd uses --momentum.", default: "sgd"),
        OptionSpec("momentum", .double, help: "Momentum of sgd.", default: "0.9"),
        OptionSpec("weight-decay", .double, help: "Weight decay (L2 for sgd and adam, decoupled for adamw).", default: "0"),
        OptionSpec("schedule", .choice(["cosine", "none"]), help: "Learning-rate schedule over the epochs.", default: "cosine"),
        OptionSpec("validation", .int, help: "Training images held out for validation.", default: "5000", valueName: "n"),
        .seed(),
        OptionSpec("threads", .int, help: "Worker threads; the numbers are identical for any count.",
                   default: String(ProcessInfo.processInfo.activeProcessorCount)),
        OptionSpec("data-dir", .string, help: "Directory with the MNIST files (else $MNIST_DIR, else the user cache; downloaded if missing).",
                   valueName: "path"),
        OptionSpec("report", .string, help: "Write a JSON report of every epoch to this file.", valueName: "file"),
    ])

warnIfDebugBuild("ch3-mlp")
let arguments = spec.parseOrExit()
let epochs = arguments.int("epochs")!, batchSize = arguments.int("batch-size")!
let hidden = arguments.intList("hidden")!, threads = arguments.int("threads")!
let validationCount = arguments.int("validation")!, seed = arguments.uint64("seed")!
if epochs < 1 { spec.exitWithUsageError("--epochs must be at least 1, got \(epochs).") }
if batchSize < 1 { spec.exitWithUsageError("--batch-size must be at least 1, got \(batchSize).") }
if threads < 1 { spec.exitWithUsageError("--threads must be at least 1, got \(threads).") }
if hidden.contains(where: { $0 < 1 }) { spec.exitWithUsageError("--hidden widths must be positive, got \(hidden).") }
if validationCount < 0 || validationCount >= 60_000 { spec.exitWithUsageError("--validation must be in 0..<60000, got \(validationCount).") }

let mnist: (training: ImageDataset, test: ImageDataset)
do {
    mnist = try MNIST.load(dataDirectory: arguments.string("data-dir"))
} catch {
    printError("Error: \(error)")
    exit(1)
}
let (trainingImages, validationImages) = mnist.training.split(validationCount: validationCount, seed: seed)
// Statistics of the training split only, applied identically to validation and test images.
let normalization = Normalization(statisticsOf: trainingImages)
let training = NormalizedImages(trainingImages, normalization: normalization)
let validation = NormalizedImages(validationImages, normalization: normalization)
let test = NormalizedImages(mnist.test, normalization: normalization)

var generator = RandomGenerator(seed: seed)
let model: Sequential<Float> = multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator)
let baseRate = arguments.double("lr")!
let optimizerName = arguments.string("optimizer")!
var optimizerConfig: [String: JSON] = ["lr": .number(baseRate), "weight_decay": .number(arguments.double("weight-decay")!)]
if optimizerName == "sgd" { optimizerConfig["momentum"] = .number(arguments.double("momentum")!) }
let optimizer: any Optimizer<Float>
do {
    optimizer = try standardRegistry(Float.self).makeOptimizer(optimizerName, config: optimizerConfig)
} catch {
    spec.exitWithUsageError("\(error)")
}
ComputeThreads.count = threads
var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer,
                                batchSize: batchSize, seed: seed &+ 1)

let widths = describeWidths(inputs: 784, hidden: hidden, classes: 10)
print("MLP \(widths), \(model.parameters.scalarCount) parameters; \(training.count) training, \(validation.count) validation, \(test.count) test images")
print("\(arguments.string("optimizer")!) lr \(baseRate), batch \(batchSize), \(epochs) epochs, \(arguments.string("schedule")!) schedule, seed \(seed), \(threads) threads")

var report = TrainingReport(chapter: "03-MLP", config: [
    "epochs": .number(Double(epochs)), "batch_size": .number(Double(batchSize)), "lr": .number(baseRate),
    "hidden": .array(hidden.map { .number(Double($0)) }), "optimizer": .string(arguments.string("optimizer")!),
    "momentum": .number(arguments.double("momentum")!), "weight_decay": .number(arguments.double("weight-decay")!),
    "schedule": .string(arguments.string("schedule")!), "validation": .number(Double(validationCount)),
], threads: threads, seed: seed)
let schedule = CosineAnnealing(initial: baseRate, period: epochs)
let runStart = Date()
do {
    for epoch in 1...epochs {
        if arguments.string("schedule") == "cosine" {
            trainer.optimizer.learningRate = schedule.learningRate(epoch: epoch - 1)
        }
        let start = Date()
        var progress = ProgressDisplay(total: training.count, label: "epoch \(epoch)")
        let (loss, accuracy) = try trainer.trainEpoch(on: training, progress: &progress)
        let seconds = Date().timeIntervalSince(start)
        let record = EpochRecord(epoch: epoch, trainLoss: loss, trainAccuracy: accuracy,
                                 validationAccuracy: validation.count > 0 ? try trainer.accuracy(on: validation) : nil,
                                 testAccuracy: try trainer.accuracy(on: test), seconds: seconds,
                                 imagesPerSecond: Double(training.count) / seconds)
        report.epochs.append(record)
        print(record.line)
    }
} catch {
    printError("Error: \(error)")
    exit(1)
}
report.secondsTotal = Date().timeIntervalSince(runStart)
print(String(format: "test accuracy %.2f%% after %d epochs in %.1f s", 100 * (report.testAccuracy ?? 0), epochs, report.secondsTotal))
if let path = arguments.string("report") {
    do { try report.write(to: path) } catch {
        printError("Error: \(error)")
        exit(1)
    }
    print("report written to \(path)")
}
