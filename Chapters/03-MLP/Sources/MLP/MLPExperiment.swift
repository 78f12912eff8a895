import NablaCore
import NablaData
import NablaTrain

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

    /// Trains a fresh perceptron on `splits` and returns the report of every epoch.
    public func run(on splits: DataSplits<NormalizedImages>, threads: Int, printLines: Bool = true) throws -> TrainingReport {
        var generator = RandomGenerator(seed: training.seed)
        let model: Sequential<Float> = multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator)
        var config = training.config
        config["hidden"] = .array(hidden.map { .number(Double($0)) })
        return try training.train(model, on: splits, threads: threads,
                                  report: TrainingReport(chapter: "03-MLP", config: config, threads: threads, seed: training.seed),
                                  printLines: printLines)
    }
}
