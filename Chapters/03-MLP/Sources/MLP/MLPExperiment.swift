import NablaCore
import NablaData
import NablaTrain
import Backprop

/// Chapter 3's experiment: a perceptron's hidden widths and how it is trained, with the defaults
/// `ch3-mlp` runs. They reach about 98.5% test accuracy on MNIST in under 20 seconds on two cores.
public struct MLPExperiment: Sendable {
    public var hidden = [512, 256]
    public var training = TrainingSettings()

    public init() {}

    /// The training, validation and test splits, images flat.
    public func splits(of mnist: (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages> {
        training.splits(of: mnist)
    }

    /// A fresh perceptron 784 → hidden → 10, seeded from the settings.
    public func makeModel() -> Sequential<Float> {
        var generator = RandomGenerator(seed: training.seed)
        return multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator)
    }

    /// SGD with the settings' momentum and weight decay: the optimizer of the chapter's default run.
    public func makeSGD() -> SGD<Float> {
        SGD(learningRate: training.learningRate, momentum: training.momentum, weightDecay: training.weightDecay)
    }

    /// Trains a fresh perceptron on `splits` with softmax cross-entropy and `optimizer`, and returns
    /// the report of every epoch. Without an optimizer, the settings must name SGD (`makeSGD()`);
    /// chapter 7's `training.makeOptimizer()` builds the others.
    public func run(on splits: DataSplits<NormalizedImages>, optimizer: (any Optimizer<Float>)? = nil, threads: Int,
                    printLines: Bool = true) throws -> TrainingReport {
        require(optimizer != nil || training.optimizer == .sgd,
                "MLPExperiment.run: the settings name \(training.optimizer), so pass it as `optimizer:`")
        var config = training.config
        config["hidden"] = .array(hidden.map { .number(Double($0)) })
        return try training.train(makeModel(), loss: CrossEntropyLoss<Float>(), optimizer: optimizer ?? makeSGD(),
                                  schedule: training.learningRateSchedule, on: splits, threads: threads,
                                  report: TrainingReport(chapter: "03-MLP", config: config, threads: threads, seed: training.seed),
                                  printLines: printLines)
    }
}
