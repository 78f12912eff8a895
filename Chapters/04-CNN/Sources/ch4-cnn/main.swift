import Foundation
import NablaCore
import NablaData
import NablaTrain
import CNN
import Optimizers  // chapter 7: every --optimizer choice

// ch4-cnn: a convolutional network on MNIST (LeNet-5 by default, or a wider model), with a model
// summary first, then loss and accuracy per epoch.

let spec = CommandSpec(
    name: "ch4-cnn",
    overview: "Train a convolutional network on MNIST (or Fashion-MNIST) and report its test accuracy.",
    options: [OptionSpec("model", .choice(CNNArchitecture.allCases.map(\.rawValue)), help: "Architecture.", default: "lenet")]
        + CNNExperiment(architecture: .lenet).training.options(
            epochsHelp: "Passes over the training set (default: the model's, lenet 12, wide 8).")
        + [.threads(), .dataDirectory(), .dataset(), .report()] + RunOutputs.options())

prepareTool("ch4-cnn", interruptible: true)
let arguments = spec.parseOrExit()
var experiment = CNNExperiment(architecture: CNNArchitecture(rawValue: arguments.string("model")!)!)
experiment.training.read(arguments, spec: spec)
let threads = spec.threadCount(arguments)
let reportPath = spec.outputFile(arguments, option: "report")
let outputs = RunOutputs(arguments, spec: spec)
let optimizer: any Optimizer<Float>
do { optimizer = try experiment.training.makeOptimizer() } catch { spec.exitWithUsageError(TrainingSettings.flagMessage(for: error)) }

do {
    let model = try experiment.makeModel()
    print("\(experiment.architecture.rawValue):")
    print(try modelSummary(model, inputShape: [1, 28, 28]))
    print()
    let splits = try experiment.loadSplits(dataDirectory: arguments.string("data-dir"))
    let settings = experiment.training
    print("\(settings.describeSizes(splits)); \(settings.summary), \(threads) threads")
    if try !experiment.runOrDiagnose(on: splits, optimizer: optimizer, threads: threads, outputs: outputs, reportPath: reportPath) {
        exit(1)
    }
} catch {
    exitAfterError(error, reportPath: reportPath)
}
