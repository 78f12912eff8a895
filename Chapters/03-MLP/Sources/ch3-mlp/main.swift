import Foundation
import NablaCore
import NablaData
import NablaTrain
import MLP
import Optimizers  // chapter 7: every --optimizer choice

// ch3-mlp: a multilayer perceptron on MNIST, trained with minibatch SGD (or another optimizer),
// reporting loss and accuracy per epoch.

let defaults = MLPExperiment()
let spec = CommandSpec(
    name: "ch3-mlp",
    overview: "Train a multilayer perceptron on MNIST (or Fashion-MNIST) and report its test accuracy.",
    options: defaults.training.options() + [
        OptionSpec("hidden", .intList, help: "Hidden layer widths, comma-separated.",
                   default: defaults.hidden.map(String.init).joined(separator: ","), valueName: "sizes"),
        .threads(), .dataDirectory(), .dataset(), .report(),
    ] + RunOutputs.options())

prepareTool("ch3-mlp", interruptible: true)
let arguments = spec.parseOrExit()
var experiment = MLPExperiment()
experiment.training.read(arguments, spec: spec)
experiment.hidden = arguments.intList("hidden")!
let threads = spec.threadCount(arguments)
let reportPath = spec.outputFile(arguments, option: "report")
let outputs = RunOutputs(arguments, spec: spec)
spec.checkLayerWidths(experiment.hidden, inputs: 784, outputs: 10, option: "hidden")
let optimizer: any Optimizer<Float>
do { optimizer = try experiment.training.makeOptimizer() } catch { spec.exitWithUsageError(TrainingSettings.flagMessage(for: error)) }

do {
    let splits = try experiment.loadSplits(dataDirectory: arguments.string("data-dir"))
    let widths = describeWidths(inputs: 784, hidden: experiment.hidden, classes: 10)
    print("MLP \(widths):")
    print(try modelSummary(experiment.makeModel(), inputShape: [784]))
    print()
    print(experiment.training.describeSizes(splits))
    print("\(experiment.training.summary), \(threads) threads")
    if try !experiment.runOrDiagnose(on: splits, optimizer: optimizer, threads: threads, outputs: outputs, reportPath: reportPath) {
        exit(1)
    }
} catch {
    exitAfterError(error, reportPath: reportPath)
}
