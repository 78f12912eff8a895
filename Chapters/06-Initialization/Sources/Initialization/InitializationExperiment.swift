import Synchronization
import NablaCore
import NablaData
import NablaTrain
import Backprop
import MLP

/// Chapter 6's experiment: deep tanh and ReLU networks started from each scheme, first looked at
/// on one batch (`probe`), then trained briefly (`train`). The defaults are what `ch6-init` runs.
public struct InitializationExperiment: Sendable {
    public var schemes = Initializer.chapterSchemes
    /// Hidden layers, each `width` units wide, between the 784 pixels and the 10 scores.
    public var depth = 10
    public var width = 256
    /// Training images in the batch the probe pushes through each network.
    public var probeImages = 1000
    /// Minibatch steps each network is trained for.
    public var steps = 300
    /// Batch size, learning rate, momentum and seed (the MNIST chapters' settings; SGD, no schedule).
    /// Nothing is tuned here, so no validation images are held out.
    public var training = TrainingSettings()

    public init() {
        training.learningRate = 0.01
        training.momentum = 0.9
        training.validationCount = 0
    }

    /// A network started from `scheme`; every network of a run is drawn from the same seed.
    public func network(_ activation: HiddenActivation, scheme: Initializer) -> DeepNetwork {
        var generator = RandomGenerator(seed: training.seed)
        return DeepNetwork(activation: activation, inputs: 784, width: width, depth: depth, classes: 10,
                           scheme: scheme, generator: &generator)
    }

    /// `probeImages` training images from a seeded shuffle, and their labels.
    public func probeBatch(from images: NormalizedImages) -> (features: Tensor<Float>, labels: Tensor<Float>) {
        var generator = RandomGenerator(seed: training.seed &+ 3)
        return images.batch(generator.permutation(images.count).prefix(probeImages))
    }

    /// Per hidden layer, the activations and weight gradients of a fresh network on `batch`.
    public func probe(_ activation: HiddenActivation, scheme: Initializer,
                      batch: (features: Tensor<Float>, labels: Tensor<Float>)) throws -> [LayerReading] {
        var deep = network(activation, scheme: scheme)
        return try deep.probe(images: batch.features, labels: batch.labels)
    }

    /// The training images the `steps` steps see, once each: the first `steps` · batch size of a
    /// seeded shuffle of the training split.
    public func trainingSubset(of images: NormalizedImages) -> NormalizedImages {
        var generator = RandomGenerator(seed: training.seed &+ 2)
        let indices = Array(generator.permutation(images.count).prefix(steps * training.batchSize))
        return NormalizedImages(images.images.subset(indices), normalization: images.normalization)
    }

    /// Trains a fresh network for `steps` steps of SGD with cross-entropy, then measures it, and
    /// probes it again with the probe batch.
    public func train(_ activation: HiddenActivation, scheme: Initializer,
                      on splits: DataSplits<NormalizedImages>) throws -> TrainingOutcome {
        var deep = network(activation, scheme: scheme)
        var trainer = ClassifierTrainer(model: deep.model, loss: CrossEntropyLoss<Float>(),
                                        optimizer: training.makeSGD(), batchSize: training.batchSize,
                                        seed: training.seed &+ 1)
        // A diverging network is part of the lesson: its row shows "—" instead of stopping the run.
        trainer.stopsOnNonFiniteValues = false
        var progress = ProgressDisplay(total: 0, label: "", enabled: false)
        let (meanLoss, _) = try trainer.trainEpoch(on: trainingSubset(of: splits.training), progress: &progress)
        deep.model = trainer.model
        let test = try lossAndAccuracy(of: &deep.model, on: splits.test)
        let distinct = (0..<depth).map { distinctUnitCount(weight: deep.weight(ofHiddenLayer: $0), bias: deep.bias(ofHiddenLayer: $0)) }
        let batch = probeBatch(from: splits.training)
        let after = try deep.probe(images: batch.features, labels: batch.labels)
        return TrainingOutcome(meanTrainingLoss: meanLoss, testLoss: test.loss, testAccuracy: test.accuracy,
                               fewestDistinctUnits: distinct.min()!, activationsAfter: after.map(\.activations))
    }

    /// `train` for every activation and scheme, in the order of `HiddenActivation.allCases` and
    /// `schemes`. The runs are independent, so they are the tasks of one parallel region on
    /// `threads` threads. A single network's products (128 × 256 by 256 × 256) are too small to
    /// split well over threads; inside a task they run on its own thread, and give the same bits.
    public func trainAll(on splits: DataSplits<NormalizedImages>, threads: Int) throws
        -> [(activation: HiddenActivation, outcomes: [TrainingOutcome])] {
        let runs = HiddenActivation.allCases.flatMap { activation in schemes.map { (activation, $0) } }
        let training = splits.training, validation = splits.validation, test = splits.test
        let results = Mutex<[Result<TrainingOutcome, any Error>?]>(Array(repeating: nil, count: runs.count))
        parallelForChunks(count: runs.count, chunkSize: 1, threads: threads) { tasks in
            for task in tasks {
                let result = Result {
                    try train(runs[task].0, scheme: runs[task].1,
                              on: DataSplits(training: training, validation: validation, test: test))
                }
                results.withLock { $0[task] = result }
            }
        }
        let outcomes = try results.withLock { try $0.map { try $0!.get() } }
        return HiddenActivation.allCases.enumerated().map { a, activation in
            (activation, Array(outcomes[(a * schemes.count)..<((a + 1) * schemes.count)]))
        }
    }
}

/// How a network did after its brief training.
public struct TrainingOutcome: Equatable, Sendable {
    /// The mean loss of the training batches, each measured as it was trained on.
    public let meanTrainingLoss: Double
    /// The mean loss on the test images after the last step.
    public let testLoss: Double
    public let testAccuracy: Double
    /// The fewest distinct units (`distinctUnitCount`) in any hidden layer after training.
    public let fewestDistinctUnits: Int
    /// Each hidden layer's activations on the probe batch after training.
    public let activationsAfter: [ActivationStatistics]

    /// The fraction of all hidden units that are dead (ReLU) on the probe batch after training.
    public var deadUnitFractionAfter: Double { mean(activationsAfter.map(\.deadUnitFraction)) }
    /// The fraction of all hidden activations that are saturated (tanh) on the probe batch after training.
    public var saturatedFractionAfter: Double { mean(activationsAfter.map(\.saturatedFraction)) }

    /// Whether the loss overflowed to infinity or NaN.
    public var diverged: Bool { !meanTrainingLoss.isFinite || !testLoss.isFinite }
}

/// The mean of `values`; with equal widths, the mean of per-layer fractions is the fraction of all units.
func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
