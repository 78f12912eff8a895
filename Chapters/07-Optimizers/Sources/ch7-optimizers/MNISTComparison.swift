import Foundation
import NablaData
import NablaTrain
import MLP
import Optimizers

/// (d) The optimizers on real data: the same 784-128-10 perceptron, same seed and batches, one
/// epoch (430 steps of 128 images) with each optimizer at a learning rate usual for it.
func compareOptimizersOnMNIST(dataDirectory: String?, seed: UInt64) throws {
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
    let splits = experiment.splits(of: try MNIST.load(dataDirectory: dataDirectory))
    let steps = (splits.training.count + experiment.training.batchSize - 1) / experiment.training.batchSize
    print("\n(d) The optimizers on MNIST: 784-128-10, one epoch = \(steps) steps of \(experiment.training.batchSize) images, seed \(seed)\n")
    print("    optimizer              lr      mean loss        train acc    test acc")
    for contender in contenders {
        experiment.training.optimizer = contender.optimizer
        experiment.training.learningRate = contender.lr
        experiment.training.momentum = contender.momentum
        experiment.training.weightDecay = contender.weightDecay
        let report = try experiment.run(on: splits, optimizer: try experiment.training.makeOptimizer(),
                                        threads: ProcessInfo.processInfo.activeProcessorCount, printLines: false)
        let epoch = report.epochs[0]
        print("    " + contender.name.padding(toLength: 20, withPad: " ", startingAt: 0)
              + String(format: "%7.3f    %9.4f    %12.2f%%    %7.2f%%", contender.lr, epoch.trainLoss,
                       100 * epoch.trainAccuracy, 100 * epoch.testAccuracy))
    }
    print("\n    mean loss and train accuracy are over the epoch's batches as they were trained; test after the epoch.")
}
