import NablaCore
import NablaData
import NablaTrain
import MLP

/// Chapter 4's experiment: an architecture and how it is trained, with the defaults `ch4-cnn` runs
/// for each architecture.
public struct CNNExperiment: ClassifierExperiment, Sendable {
    public static var chapter: String { "04-CNN" }

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
    public func splits(of mnist: consuming (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages> {
        training.splits(of: mnist, asPicture: true)
    }

    /// A fresh model, seeded from the settings.
    public func makeModel() throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: training.seed)
        return try architecture.makeModel(generator: &generator)
    }

    public var details: [String: JSON] { ["model": .string(architecture.rawValue)] }
}
