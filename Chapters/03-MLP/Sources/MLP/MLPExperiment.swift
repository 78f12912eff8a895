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
    public func splits(of mnist: consuming (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages> {
        training.splits(of: mnist)
    }

    /// A fresh perceptron 784 → hidden → 10, seeded from the settings.
    public func makeModel() -> Sequential<Float> {
        var generator = RandomGenerator(seed: training.seed)
        return multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator)
    }

    /// Trains a fresh perceptron on `splits` (see `TrainingSettings.trainClassifier`) and returns the
    /// report of every epoch.
    public func run(on splits: DataSplits<NormalizedImages>, optimizer: (any Optimizer<Float>)? = nil, threads: Int,
                    printLines: Bool = true, outputs: RunOutputs = RunOutputs()) throws -> TrainingReport {
        try training.trainClassifier(makeModel(), on: splits, optimizer: optimizer, threads: threads, chapter: "03-MLP",
                                     details: ["hidden": .array(hidden.map { .number(Double($0)) })], printLines: printLines,
                                     outputs: outputs)
    }
}

extension TrainingSettings {
    /// SGD with these settings' learning rate, momentum and weight decay: the default runs' optimizer.
    public func makeSGD() -> SGD<Float> {
        SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
    }

    /// Trains `model` on `splits` with softmax cross-entropy, `optimizer` and the settings' schedule,
    /// and returns the report of every epoch, its config the settings plus `details`. Without an
    /// optimizer the settings must name SGD (`makeSGD()`); chapter 7's `makeOptimizer()` builds the others.
    public func trainClassifier(_ model: Sequential<Float>, on splits: DataSplits<NormalizedImages>,
                                optimizer: (any Optimizer<Float>)?, threads: Int, chapter: String,
                                details: [String: JSON], printLines: Bool, outputs: RunOutputs = RunOutputs()) throws -> TrainingReport {
        require(optimizer != nil || self.optimizer == .sgd,
                "trainClassifier: the settings name \(self.optimizer), so pass it as `optimizer:`")
        let report = TrainingReport(chapter: chapter, config: config.merging(details) { $1 }, threads: threads, seed: seed)
        return try train(model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer ?? makeSGD(), schedule: learningRateSchedule,
                         on: splits, threads: threads, report: report, printLines: printLines, outputs: outputs)
    }

    /// `--find-lr` or `--sanity` instead of training (`runDiagnostic`), with the loss and optimizer
    /// `trainClassifier` would use. Returns false when a sanity check failed.
    public func diagnoseClassifier(_ model: Sequential<Float>, on splits: DataSplits<NormalizedImages>,
                                   optimizer: (any Optimizer<Float>)?, threads: Int, outputs: RunOutputs) throws -> Bool {
        try runDiagnostic(model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer ?? makeSGD(), on: splits, threads: threads,
                          outputs: outputs)
    }
}
