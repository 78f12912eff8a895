import Foundation
import Backprop
import MLP
import NablaCore
import NablaData
import NablaTrain
import Regularization

/// Transfer learning: a network trained on one data set (the source, MNIST) reused for another
/// (the target, Fashion-MNIST) with few labels. Its first layers learnt edges, strokes and blobs
/// that any 28×28 gray image has; only the last layers are about digits. Three ways to train on
/// the target, each with 1%, 10% and 100% of its training labels:
///
/// - **scratch**: a fresh network, the source ignored (the baseline);
/// - **linear probe**: the source network frozen as a feature extractor φ (every layer but the
///   last: φ(x) is the 64 averages of the last stage's maps), and a new linear classifier on it,
///   softmax(W φ(x) + b), the only thing trained;
/// - **fine-tune**: the whole source network trained on, from its weights, at a tenth of the
///   learning rate, with a new last layer.
///
/// Every run of a fraction gets the same number of epochs, at least `minimumSteps` steps for the
/// small fractions. Test accuracy is on the target's whole test set.
public struct TransferStudy {
    /// The network and how it is trained (epochs, learning rate, shifts) on the source and on the target.
    public var experiment: DeepExperiment
    /// The fractions of the target's training labels.
    public var fractions = [0.01, 0.1, 1]
    /// Each run on a small fraction trains at least this many steps (of `batchSize` images).
    public var minimumSteps = 300
    /// Epochs of the linear probe (cheap: it trains one linear layer on 64 features).
    public var probeEpochs = 30

    public init(experiment: DeepExperiment) { self.experiment = experiment }

    /// What one run measured.
    public struct Result: Sendable {
        public let fraction: Double, images: Int, method: String, testAccuracy: Double, seconds: Double
    }

    /// Trains the source network on `source` (the experiment's settings), then the three methods on
    /// every fraction of `target`, and returns each result, printing one line per run when asked.
    public func run(source: DataSplits<NormalizedImages>, target: (training: ImageDataset, test: ImageDataset), threads: Int,
                    printLines: Bool = true) throws -> (source: Result, target: [Result]) {
        let optimizer = experiment.training.makeSGD()
        var start = Date()
        let trained = try experiment.train(on: source, optimizer: optimizer, schedule: experiment.training.learningRateSchedule,
                                           threads: threads, seed: experiment.training.seed, printLines: false).model
        let sourceResult = Result(fraction: 1, images: source.training.count, method: "source",
                                  testAccuracy: try accuracy(of: trained, on: source.test), seconds: Date().timeIntervalSince(start))
        if printLines { print(line(sourceResult)) }
        var results: [Result] = []
        let available = target.training.count - experiment.training.validationCount
        for fraction in fractions {
            let count = max(1, Int((fraction * Double(available)).rounded()))
            let splits = reducedSplits(of: target, trainingCount: count, validationCount: 0, seed: experiment.training.seed,
                                       asPicture: true)
            var runs = experiment
            runs.training.epochs = max(experiment.training.epochs,
                                       (minimumSteps * experiment.training.batchSize + count - 1) / count)
            // The runs evaluate nothing per epoch (the small fractions take hundreds of epochs): the test set once, at the end.
            let none = NormalizedImages(splits.test.images.subset([]), normalization: splits.training.normalization, asPicture: true)
            let noEvaluation = DataSplits(training: splits.training, validation: none, test: none)
            // scratch
            start = Date()
            let scratch = try runs.train(on: noEvaluation, optimizer: optimizer, schedule: runs.training.learningRateSchedule,
                                         threads: threads, seed: runs.training.seed &+ 1, printLines: false).model
            results.append(Result(fraction: fraction, images: count, method: "scratch",
                                  testAccuracy: try accuracy(of: scratch, on: splits.test), seconds: Date().timeIntervalSince(start)))
            if printLines { print(line(results.last!)) }
            // linear probe
            start = Date()
            results.append(Result(fraction: fraction, images: count, method: "linear probe",
                                  testAccuracy: try linearProbe(trained, on: splits, threads: threads),
                                  seconds: Date().timeIntervalSince(start)))
            if printLines { print(line(results.last!)) }
            // fine-tune
            start = Date()
            var fineTuning = runs
            fineTuning.training.learningRate /= 10
            let tuned = try fineTuning.train(on: noEvaluation, optimizer: fineTuning.training.makeSGD(),
                                             schedule: fineTuning.training.learningRateSchedule, threads: threads,
                                             seed: runs.training.seed &+ 1, startingFrom: withNewHead(trained, seed: runs.training.seed),
                                             printLines: false).model
            results.append(Result(fraction: fraction, images: count, method: "fine-tune",
                                  testAccuracy: try accuracy(of: tuned, on: splits.test), seconds: Date().timeIntervalSince(start)))
            if printLines { print(line(results.last!)) }
        }
        return (sourceResult, results)
    }

    /// One result as a line of the table.
    public func line(_ result: Result) -> String {
        percent(result.fraction).padding(toLength: 6, withPad: " ", startingAt: 0)
            + String(format: "%6d images  ", result.images) + result.method.padding(toLength: 13, withPad: " ", startingAt: 0)
            + String(format: "test %6.2f%%  %5.0f s", 100 * result.testAccuracy, result.seconds)
    }

    private func percent(_ fraction: Double) -> String { fraction >= 1 ? "100%" : String(format: "%g%%", 100 * fraction) }

    /// The model's accuracy on `data`, in evaluation mode.
    func accuracy(of model: Sequential<Float>, on data: NormalizedImages) throws -> Double {
        var ensemble = Ensemble(members: [model])
        return try ensemble.accuracies(on: data).ensemble
    }

    /// The source network with its last layer (the classifier) replaced by a fresh one of the same
    /// shape: what fine-tuning starts from.
    public func withNewHead(_ model: Sequential<Float>, seed: UInt64) -> Sequential<Float> {
        var model = model
        var generator = RandomGenerator(seed: seed)
        let head = model.layers.last!.parameters["weight"].shape
        model.layers[model.layers.count - 1] = Linear<Float>(inputFeatures: head[1], outputFeatures: head[0], generator: &generator)
        return model
    }

    /// A linear classifier trained on the frozen source network's features φ(x) (its output
    /// without the last layer), and its test accuracy.
    func linearProbe(_ model: Sequential<Float>, on splits: DataSplits<NormalizedImages>, threads: Int) throws -> Double {
        ComputeThreads.count = threads
        let extractor = Sequential(Array(model.layers.dropLast()))
        let training = try FeatureData(extractor, splits.training), test = try FeatureData(extractor, splits.test)
        var generator = RandomGenerator(seed: experiment.training.seed)
        let classifier = Sequential<Float>(Linear(inputFeatures: training.exampleShape[0], outputFeatures: training.classCount,
                                                  generator: &generator))
        var trainer = ClassifierTrainer(model: classifier, loss: CrossEntropyLoss<Float>(),
                                        optimizer: SGD<Float>(learningRate: 0.1, momentum: 0.9), batchSize: 128,
                                        seed: experiment.training.seed)
        var report = TrainingReport(chapter: DeepExperiment.chapter, config: [:], threads: threads, seed: experiment.training.seed)
        let epochs = max(probeEpochs, (minimumSteps * 128 + training.count - 1) / training.count)
        try trainEpochs(&trainer, on: DataSplits(training: training, validation: training.prefix(0), test: training.prefix(0)),
                        epochs: epochs, schedule: CosineAnnealing(initial: 0.1, period: epochs), report: &report, printLines: false,
                        showProgress: false)
        return try trainer.accuracy(on: test)
    }
}

/// Examples given as feature vectors (what a frozen network computes from each image) with their
/// labels: the data a linear probe trains on.
public struct FeatureData: ClassificationData {
    public let features: [Float], labels: [Float]
    public let exampleShape: [Int], classCount: Int
    public var count: Int { labels.count }

    /// φ(x) of every example of `data`: `extractor`'s output in evaluation mode, 256 at a time.
    public init(_ extractor: Sequential<Float>, _ data: some ClassificationData) throws {
        var extractor = extractor, context = ForwardContext.evaluation
        var features: [Float] = [], labels: [Float] = [], shape = [0]
        for start in stride(from: 0, to: data.count, by: 256) {
            let batch = data.batch(ArraySlice(start..<min(start + 256, data.count)))
            let output = try extractor.output(batch.features, context: &context)
            features.append(contentsOf: output.scalars)
            labels.append(contentsOf: batch.labels.scalars)
            shape = Array(output.shape.dropFirst())
        }
        self.init(features: features, labels: labels, exampleShape: shape, classCount: data.classCount)
    }

    public init(features: [Float], labels: [Float], exampleShape: [Int], classCount: Int) {
        (self.features, self.labels, self.exampleShape, self.classCount) = (features, labels, exampleShape, classCount)
    }

    /// The first `count` examples.
    public func prefix(_ count: Int) -> FeatureData {
        let size = exampleShape.reduce(1, *)
        return FeatureData(features: Array(features.prefix(count * size)), labels: Array(labels.prefix(count)),
                           exampleShape: exampleShape, classCount: classCount)
    }

    public func fill(_ indices: ArraySlice<Int>, features out: UnsafeMutablePointer<Float>, labels outLabels: UnsafeMutablePointer<Float>) {
        let size = exampleShape.reduce(1, *)
        for (k, i) in indices.enumerated() {
            for j in 0..<size { out[k * size + j] = features[i * size + j] }
            outLabels[k] = labels[i]
        }
    }
}
