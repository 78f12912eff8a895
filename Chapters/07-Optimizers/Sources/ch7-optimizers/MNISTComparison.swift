import Foundation
import NablaData
import NablaTrain
import MLP
import NablaPlot
import Optimizers

/// (d) The optimizers on real data: the same 784-128-10 perceptron, same seed and batches, one
/// epoch (430 steps of 128 images) with each optimizer at a learning rate usual for it. With a
/// `plotDirectory`, draws every optimizer's loss per step on one chart, and their test accuracies.
func compareOptimizersOnMNIST(dataDirectory: String?, dataset: IDXDataset = .mnist, seed: UInt64, plotDirectory: String?) throws {
    let contenders: [(name: String, optimizer: OptimizerChoice, lr: Double, momentum: Double, weightDecay: Double)] = [
        ("SGD", .sgd, 0.05, 0, 0),
        ("SGD + momentum 0.9", .sgd, 0.05, 0.9, 0),
        ("AdaGrad", .adagrad, 0.01, 0, 0),
        ("RMSProp", .rmsprop, 0.001, 0, 0),
        ("Adam", .adam, 0.001, 0, 0),
        ("AdamW, λ 0.01", .adamw, 0.001, 0, 0.01),
    ]
    var experiment = MLPExperiment()
    experiment.hidden = [128]
    experiment.training.epochs = 1
    experiment.training.cosineSchedule = false
    experiment.training.seed = seed
    experiment.training.dataset = dataset
    let splits = try experiment.loadSplits(dataDirectory: dataDirectory)
    let steps = (splits.training.count + experiment.training.batchSize - 1) / experiment.training.batchSize
    print("\n(d) The optimizers on \(dataset.title): 784-128-10, one epoch = \(steps) steps of \(experiment.training.batchSize) images, seed \(seed)\n")
    print(try modelSummary(experiment.makeModel(), inputShape: [784]).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n")
    print("    optimizer              lr      mean loss        train acc    test acc")
    var reports: [TrainingReport] = []
    for contender in contenders {
        experiment.training.optimizer = contender.optimizer
        experiment.training.learningRate = contender.lr
        experiment.training.momentum = contender.momentum
        experiment.training.weightDecay = contender.weightDecay
        let report = try experiment.run(on: splits, optimizer: try experiment.training.makeOptimizer(),
                                        threads: ProcessInfo.processInfo.activeProcessorCount, printLines: false)
        reports.append(report)
        let epoch = report.epochs[0]
        print("    " + contender.name.padding(toLength: 20, withPad: " ", startingAt: 0)
              + String(format: "%7.3f    %9.4f    %12.2f%%    %7.2f%%", contender.lr, epoch.trainLoss,
                       100 * epoch.trainAccuracy, 100 * epoch.testAccuracy))
    }
    print("\n    mean loss and train accuracy are over the epoch's batches as they were trained; test after the epoch.")
    if let plotDirectory {
        let names = contenders.map(\.name)
        let losses = LineChart(title: "Training loss per step, one epoch of \(dataset.title)", xLabel: "step", yLabel: "cross-entropy (nats)",
                               series: zip(names, reports).map { .init(name: $0, y: $1.history?.stepLosses ?? [], movingAverageWindow: 20) },
                               yScale: .logarithmic)
        let accuracies = BarChart(title: "Test accuracy after one epoch", labels: names,
                                  values: reports.map { 100 * ($0.testAccuracy ?? 0) }, yLabel: "test accuracy (%)")
        let page = HTMLReport(title: "ch7-optimizers: the optimizers on \(dataset.title)",
                              summary: "784-128-10 perceptron, one epoch of \(steps) steps of \(experiment.training.batchSize) images, "
                                  + "the same seed (\(seed)) and batches for every optimizer.",
                              results: zip(names, reports).map { (key: $0, value: String(format: "%.2f%%", 100 * ($1.testAccuracy ?? 0))) },
                              figures: [Figure(name: "loss", chart: losses,
                                               caption: "Each optimizer's loss on every batch, under its mean over 20 steps. "
                                               + "With seed 0, AdaGrad and RMSProp lead from step 25 to about 50, SGD with momentum "
                                               + "after that; plain SGD is highest throughout."),
                                        Figure(name: "test_accuracy", chart: accuracies, caption: "After the one epoch.")])
        let files = try PlotDirectory.write(page, to: plotDirectory)
        print("\n    plots written to \(plotDirectory) (\(files.count) files; open \(plotDirectory)/index.html)")
    }
}
