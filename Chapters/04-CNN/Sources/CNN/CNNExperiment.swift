import NablaCore
import NablaData
import NablaTrain
import Backprop
import MLP

/// Chapter 4's experiment: an architecture and how it is trained, with the defaults `ch4-cnn` runs
/// for each architecture.
public struct CNNExperiment: Sendable {
    public var architecture: CNNArchitecture
    public var training = TrainingSettings()

    /// The defaults for `architecture`.
    public init(architecture: CNNArchitecture = .lenet) {
        self.architecture = architecture
        switch architecture {
        case .lenet:
            training.epochs = 12
            training.learningRate = 0.05
            training.weightDecay = 5e-4
        case .wide:
            training.epochs = 8
            training.learningRate = 0.05
            training.weightDecay = 5e-4
        }
    }

    /// The splits with each image as a `[1, 28, 28]` picture.
    public func splits(of mnist: (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages> {
        training.splits(of: mnist, asPicture: true)
    }

    /// A fresh model, seeded from the settings.
    public func makeModel() throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: training.seed)
        return try architecture.makeModel(generator: &generator)
    }

    /// SGD with the settings' momentum and weight decay: the optimizer of the chapter's default runs.
    public func makeSGD() -> SGD<Float> {
        SGD(learningRate: training.learningRate, momentum: training.momentum, weightDecay: training.weightDecay)
    }

    /// Trains a fresh model on `splits` with softmax cross-entropy and `optimizer`, and returns the
    /// report of every epoch. Without an optimizer, the settings must name SGD (`makeSGD()`);
    /// chapter 7's `training.makeOptimizer()` builds the others.
    public func run(on splits: DataSplits<NormalizedImages>, optimizer: (any Optimizer<Float>)? = nil, threads: Int,
                    printLines: Bool = true) throws -> TrainingReport {
        require(optimizer != nil || training.optimizer == .sgd,
                "CNNExperiment.run: the settings name \(training.optimizer), so pass it as `optimizer:`")
        var config = training.config
        config["model"] = .string(architecture.rawValue)
        return try training.train(try makeModel(), loss: CrossEntropyLoss<Float>(), optimizer: optimizer ?? makeSGD(),
                                  schedule: training.learningRateSchedule, on: splits, threads: threads,
                                  report: TrainingReport(chapter: "04-CNN", config: config, threads: threads, seed: training.seed),
                                  printLines: printLines)
    }
}
