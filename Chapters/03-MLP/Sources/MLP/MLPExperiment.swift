import NablaCore
import NablaData
import NablaTrain
import Backprop

/// Chapter 3's experiment: a perceptron's hidden widths and how it is trained, with the defaults
/// `ch3-mlp` runs. They reach about 98.5% test accuracy on MNIST in under 20 seconds on two cores.
public struct MLPExperiment: ClassifierExperiment, Sendable {
    public static var chapter: String { "03-MLP" }

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

    public var details: [String: JSON] { ["hidden": .array(hidden.map { .number(Double($0)) })] }
}

/// What the experiments of chapters 3, 4 and 8 share: settings, a fresh model, and what a report
/// records about it; `run` trains the model with the settings.
public protocol ClassifierExperiment {
    /// The chapter's folder, as reports name it ("03-MLP").
    static var chapter: String { get }
    var training: TrainingSettings { get }
    /// What a report records besides the settings (the model's sizes).
    var details: [String: JSON] { get }
    /// A fresh model, seeded from the settings.
    func makeModel() throws -> Sequential<Float>
    /// The training, validation and test splits of a data set, each image shaped as the model takes it.
    func splits(of data: consuming (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages>
    /// What changes each training batch (shifted or flipped images); nil (the default) for nothing.
    func augmentation(for splits: DataSplits<NormalizedImages>) -> (any BatchAugmentation)?
}

extension ClassifierExperiment {
    public func augmentation(for splits: DataSplits<NormalizedImages>) -> (any BatchAugmentation)? { nil }

    /// The settings' data set from `dataDirectory` (or where `MNIST.load` looks), split by `splits(of:)`.
    /// Throws `MNISTUnavailable` or a file's error when it cannot be read.
    public func loadSplits(dataDirectory: String?) throws -> DataSplits<NormalizedImages> {
        splits(of: try MNIST.load(dataDirectory: dataDirectory, dataset: training.dataset))
    }

    /// Trains a fresh model on `splits` (see `TrainingSettings.trainClassifier`) and returns the
    /// report of every epoch.
    public func run(on splits: DataSplits<NormalizedImages>, optimizer: (any Optimizer<Float>)? = nil, threads: Int,
                    printLines: Bool = true, outputs: RunOutputs = RunOutputs()) throws -> TrainingReport {
        try training.trainClassifier(makeModel(), on: splits, optimizer: optimizer, threads: threads, chapter: Self.chapter,
                                     details: details, augmentation: augmentation(for: splits), printLines: printLines,
                                     outputs: outputs)
    }

    /// What a chapter's executable does with its flags: `--find-lr` or `--sanity` instead of
    /// training when asked (returns whether the checks passed), else a training run whose report is
    /// written to `reportPath` (returns true).
    public func runOrDiagnose(on splits: DataSplits<NormalizedImages>, optimizer: any Optimizer<Float>, threads: Int,
                              outputs: RunOutputs, reportPath: String?) throws -> Bool {
        if outputs.runsDiagnostic {
            return try training.diagnoseClassifier(makeModel(), on: splits, optimizer: optimizer, threads: threads, outputs: outputs)
        }
        try run(on: splits, optimizer: optimizer, threads: threads, outputs: outputs).finish(writingTo: reportPath)
        return true
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
                                details: [String: JSON], augmentation: (any BatchAugmentation)? = nil, printLines: Bool,
                                outputs: RunOutputs = RunOutputs()) throws -> TrainingReport {
        require(optimizer != nil || self.optimizer == .sgd,
                "trainClassifier: the settings name \(self.optimizer), so pass it as `optimizer:`")
        let report = TrainingReport(chapter: chapter, config: config.merging(details) { $1 }, threads: threads, seed: seed)
        return try train(model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer ?? makeSGD(), schedule: learningRateSchedule,
                         on: splits, threads: threads, report: report, augmentation: augmentation, printLines: printLines,
                         outputs: outputs)
    }

    /// `--find-lr` or `--sanity` instead of training (`runDiagnostic`), with the loss and optimizer
    /// `trainClassifier` would use. Returns false when a sanity check failed.
    public func diagnoseClassifier(_ model: Sequential<Float>, on splits: DataSplits<NormalizedImages>,
                                   optimizer: (any Optimizer<Float>)?, threads: Int, outputs: RunOutputs) throws -> Bool {
        try runDiagnostic(model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer ?? makeSGD(), on: splits, threads: threads,
                          outputs: outputs)
    }
}
