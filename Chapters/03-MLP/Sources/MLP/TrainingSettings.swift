import NablaCore
import NablaData
import NablaTrain
import Backprop
import Optimizers

/// How a classifier is trained on MNIST, whatever the model: optimizer, schedule, batches, epochs,
/// the validation split and the seed. Chapters 3 to 5 share it; their defaults differ.
public struct TrainingSettings: Sendable {
    public var epochs = 12
    public var batchSize = 128
    public var learningRate = 0.05
    /// An optimizer registered by name: sgd, adam, adamw, rmsprop, adagrad.
    public var optimizer = "sgd"
    public var momentum = 0.9
    public var weightDecay = 0.0
    /// Cosine annealing from `learningRate` to 0 over the epochs, or a constant rate.
    public var cosineSchedule = true
    public var validationCount = 5_000
    public var seed: UInt64 = 0

    public init() {}

    /// The settings as the report's `config` object.
    public var config: [String: JSON] {
        ["epochs": .number(Double(epochs)), "batch_size": .number(Double(batchSize)), "lr": .number(learningRate),
         "optimizer": .string(optimizer), "momentum": .number(momentum), "weight_decay": .number(weightDecay),
         "schedule": .string(cosineSchedule ? "cosine" : "none"), "validation": .number(Double(validationCount))]
    }

    /// The optimizer named by `optimizer`, configured from these settings.
    public func makeOptimizer() throws -> any Optimizer<Float> {
        var registry = Registry<Float>()
        registerBackpropOps(into: &registry)
        registerOptimizerOps(into: &registry)
        var config: [String: JSON] = ["lr": .number(learningRate), "weight_decay": .number(weightDecay)]
        if optimizer == "sgd" { config["momentum"] = .number(momentum) }
        return try registry.makeOptimizer(optimizer, config: config)
    }

    /// The training, validation and test splits of MNIST: the validation images are held out of
    /// the training set, and all three are normalised with the training split's statistics.
    /// `asPicture` gives each image as `[1, 28, 28]` (for convolutions) instead of `[784]`.
    public func splits(of mnist: (training: ImageDataset, test: ImageDataset), asPicture: Bool = false)
        -> DataSplits<NormalizedImages> {
        let (training, validation) = mnist.training.split(validationCount: validationCount, seed: seed)
        let normalization = Normalization(statisticsOf: training)
        return DataSplits(training: NormalizedImages(training, normalization: normalization, asPicture: asPicture),
                          validation: NormalizedImages(validation, normalization: normalization, asPicture: asPicture),
                          test: NormalizedImages(mnist.test, normalization: normalization, asPicture: asPicture))
    }

    /// Trains `model` on `splits` with softmax cross-entropy and returns the report of every epoch.
    public func train(_ model: Sequential<Float>, on splits: DataSplits<NormalizedImages>, threads: Int,
                      report: TrainingReport, printLines: Bool = true) throws -> TrainingReport {
        ComputeThreads.count = threads
        var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: try makeOptimizer(),
                                        batchSize: batchSize, seed: seed &+ 1)
        var report = report
        let schedule = CosineAnnealing(initial: learningRate, period: epochs)
        try trainEpochs(&trainer, on: splits, epochs: epochs,
                        schedule: cosineSchedule ? { schedule.learningRate(epoch: $0) } : nil,
                        report: &report, printLines: printLines)
        return report
    }
}
