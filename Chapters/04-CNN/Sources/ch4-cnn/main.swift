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
    options: [OptionSpec("model", .choice(CNNArchitecture.allCases.map(\.rawValue)), help: "Architecture.", default: "lenet")]
        + CNNExperiment(architecture: .lenet).training.options(
            epochsHelp: "Passes over the training set (default: the model's, lenet 12, wide 8).")
        + [.threads(), .dataDirectory(), .report()])

prepareTool("ch4-cnn", interruptible: true)
let arguments = spec.parseOrExit()
var experiment = CNNExperiment(architecture: CNNArchitecture(rawValue: arguments.string("model")!)!)
experiment.training.read(arguments, spec: spec)
let threads = spec.threadCount(arguments)
let reportPath = spec.outputFile(arguments, option: "report")

do {
    let model = try experiment.makeModel()
    print("\(experiment.architecture.rawValue):")
    print(try modelSummary(model, layerNames: experiment.architecture.layerDescriptions.map(\.op), inputShape: [1, 28, 28]))
    print()
    let splits = experiment.splits(of: try MNIST.load(dataDirectory: arguments.string("data-dir")))
    let settings = experiment.training
    print("\(splits.training.count) training, \(splits.validation.count) validation, \(splits.test.count) test images; "
          + "\(settings.summary), \(threads) threads")
    let report = try experiment.run(on: splits, threads: threads)
    print(String(format: "test accuracy %.2f%% after %d epochs in %.1f s", 100 * (report.testAccuracy ?? 0),
                 settings.epochs, report.secondsTotal))
    if let path = reportPath {
        try report.write(to: path)
        print("report written to \(path)")
    }
} catch {
    exitAfterError(error, reportPath: reportPath)
}
