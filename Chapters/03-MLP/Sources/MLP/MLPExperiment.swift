import NablaCore
import NablaData
import NablaTrain
import Backprop
import Optimizers

/// Chapter 3's experiment: its settings, with the defaults `ch3-mlp` runs, and the run itself.
/// The defaults reach about 98.5% test accuracy on MNIST in under 20 seconds on two cores.
public struct MLPExperiment: Sendable {
    public var hidden = [512, 256]
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
        ["hidden": .array(hidden.map { .number(Double($0)) }), "epochs": .number(Double(epochs)),
         "batch_size": .number(Double(batchSize)), "lr": .number(learningRate), "optimizer": .string(optimizer),
         "momentum": .number(momentum), "weight_decay": .number(weightDecay),
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
    public func splits(of mnist: (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages> {
        let (training, validation) = mnist.training.split(validationCount: validationCount, seed: seed)
        let normalization = Normalization(statisticsOf: training)
        return DataSplits(training: NormalizedImages(training, normalization: normalization),
                          validation: NormalizedImages(validation, normalization: normalization),
                          test: NormalizedImages(mnist.test, normalization: normalization))
    }

    /// Trains a fresh perceptron on `splits` and returns the report of every epoch.
    public func run(on splits: DataSplits<NormalizedImages>, threads: Int, printLines: Bool = true) throws -> TrainingReport {
        ComputeThreads.count = threads
        var generator = RandomGenerator(seed: seed)
        let model: Sequential<Float> = multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator)
        var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: try makeOptimizer(),
                                        batchSize: batchSize, seed: seed &+ 1)
        var report = TrainingReport(chapter: "03-MLP", config: config, threads: threads, seed: seed)
        let schedule = CosineAnnealing(initial: learningRate, period: epochs)
        try trainEpochs(&trainer, on: splits, epochs: epochs,
                        schedule: cosineSchedule ? { schedule.learningRate(epoch: $0) } : nil,
                        report: &report, printLines: printLines)
        return report
    }
}
