import Foundation
import NablaCore
import NablaData
import NablaTrain
import Backprop
import MLP
import Regularization

/// The networks of chapter 8, by the name `ch8-deep --model` takes.
public enum DeepArchitecture: String, CaseIterable, Sendable {
    /// `vggNet`: stages of two 3×3 convolutions and a max pool.
    case vgg
    /// `resNet`: basic blocks with shortcuts.
    case resnet
    /// `resNet(plain: true)`: the same layers without the shortcuts.
    case plain
}

/// Chapter 8's experiment: a network, its sizes, how it is trained and how its training images
/// are augmented, with the defaults `ch8-deep` runs.
public struct DeepExperiment: ClassifierExperiment, Sendable {
    public static var chapter: String { "08-Deep" }

    public var architecture: DeepArchitecture
    /// Channels of each stage (each stage after the first halves the size).
    public var widths: [Int]
    /// Basic blocks per stage (resnet and plain); convolutions per stage are 2 for vgg.
    public var blocksPerStage: [Int]
    /// Random shifts of up to this many pixels (chapter 5's `RandomShift`); 0 for none.
    public var maximumShift = 2
    /// Whether half the training images are mirrored (`RandomHorizontalFlip`); nil: where the data
    /// set allows it (`IDXDataset.mirroringKeepsClasses`: Fashion-MNIST and CIFAR-10, not digits).
    public var flips: Bool?
    /// Random rotations of up to this many degrees either way (`RandomAffine`); 0 for none.
    public var rotation = 0.0
    /// Random zooms by a factor in 1 ± zoom (`RandomAffine`); 0 for none.
    public var zoom = 0.0
    /// The scale α of elastic distortions in pixels (`ElasticDistortion`); 0 for none.
    public var elasticAlpha = 0.0
    /// The width σ of the Gaussian that smooths the elastic distortions' field, in pixels.
    public var elasticSigma = 4.0
    /// The probability of erasing a random rectangle of each training image (`RandomErasing`); 0 for none.
    public var erasing = 0.0
    public var training = TrainingSettings()
    /// Train on this many images drawn from the training set (chapter 5's `reducedSplits`), for
    /// quick runs; nil for every image not held out for validation.
    public var trainingCount: Int?

    public init(architecture: DeepArchitecture = .resnet) {
        self.architecture = architecture
        widths = [16, 32, 64]
        blocksPerStage = [1, 1, 1]
        training.epochs = 12
        training.learningRate = 0.1
        training.weightDecay = 5e-4
    }

    /// The splits with each image as a picture (`[1, 28, 28]`; CIFAR-10 `[3, 32, 32]`); with `trainingCount`, that many
    /// training images and `training.validationCount` validation images drawn by a seeded shuffle.
    public func splits(of data: consuming (training: ImageDataset, test: ImageDataset)) -> DataSplits<NormalizedImages> {
        guard let trainingCount else { return training.splits(of: data, asPicture: true) }
        return reducedSplits(of: data, trainingCount: trainingCount, validationCount: training.validationCount, seed: training.seed,
                             asPicture: true)
    }

    public func makeModel() throws -> Sequential<Float> { try makeModel(seed: training.seed) }

    /// A fresh model, seeded from `seed`.
    public func makeModel(seed: UInt64) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        let inputChannels = training.dataset.imageShape[0]
        switch architecture {
        case .vgg: return try vggNet(widths: widths, inputChannels: inputChannels, generator: &generator)
        case .resnet, .plain:
            return try resNet(blocksPerStage: blocksPerStage, widths: widths, inputChannels: inputChannels, plain: architecture == .plain,
                              generator: &generator)
        }
    }

    /// Whether the training images are mirrored: `flips`, or what the data set allows.
    public var flipsImages: Bool { flips ?? training.dataset.mirroringKeepsClasses }

    /// The augmentation of the training batches: rotations and zooms, then elastic distortions, then
    /// shifts (all filled with the background of `splits`), then flips, then erasing; nil for none.
    public func augmentation(for splits: DataSplits<NormalizedImages>) -> (any BatchAugmentation)? {
        var steps: [any BatchAugmentation] = []
        let (height, width) = (training.dataset.imageShape[1], training.dataset.imageShape[2])
        if rotation > 0 || zoom > 0 {
            steps.append(RandomAffine(degrees: rotation, scale: (1 - zoom)...(1 + zoom), height: height, width: width,
                                      background: splits.training.normalization(0)))
        }
        if elasticAlpha > 0 {
            steps.append(ElasticDistortion(alpha: elasticAlpha, sigma: elasticSigma, height: height, width: width,
                                           background: splits.training.normalization(0)))
        }
        if maximumShift > 0 {
            steps.append(RandomShift(maximumShift: maximumShift, height: height, width: width, background: splits.training.normalization(0)))
        }
        if flipsImages { steps.append(RandomHorizontalFlip(height: height, width: width)) }
        if erasing > 0 { steps.append(RandomErasing(probability: erasing, height: height, width: width)) }
        return steps.isEmpty ? nil : steps.count == 1 ? steps[0] : Compose(steps)
    }

    /// What a report records besides the training settings.
    public var details: [String: JSON] {
        ["model": .string(architecture.rawValue), "widths": .array(widths.map { .number(Double($0)) }),
         "blocks": .array(blocksPerStage.map { .number(Double($0)) }), "max_shift": .number(Double(maximumShift)),
         "flip": .bool(flipsImages)]
            .merging(trainingCount.map { ["train_count": .number(Double($0))] } ?? [:]) { $1 }
            .merging(erasing > 0 ? ["erase": .number(erasing)] : [:]) { $1 }
            .merging(rotation > 0 || zoom > 0 ? ["rotate": .number(rotation), "zoom": .number(zoom)] : [:]) { $1 }
            .merging(elasticAlpha > 0 ? ["elastic_alpha": .number(elasticAlpha), "elastic_sigma": .number(elasticSigma)] : [:]) { $1 }
    }

    /// Trains `startingFrom` (a fresh model seeded from `seed` when nil) with `optimizer` and
    /// `schedule`, and returns it with the report of every epoch; `afterEpoch` sees the trainer
    /// after each epoch (to keep snapshots).
    public func train(on splits: DataSplits<NormalizedImages>, optimizer: any Optimizer<Float>,
                      schedule: (any LearningRateSchedule)?, threads: Int, seed: UInt64, startingFrom: Sequential<Float>? = nil,
                      printLines: Bool = true, afterEpoch: ((ClassifierTrainer, TrainingReport) throws -> Void)? = nil) throws
        -> (model: Sequential<Float>, report: TrainingReport) {
        ComputeThreads.count = threads
        let model = try startingFrom ?? makeModel(seed: seed)
        var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer,
                                        batchSize: training.batchSize, seed: seed &+ 1)
        trainer.augmentation = augmentation(for: splits)
        var report = TrainingReport(chapter: Self.chapter, config: training.config.merging(details) { $1 }, threads: threads, seed: seed)
        try trainEpochs(&trainer, on: splits, epochs: training.epochs, schedule: schedule, report: &report,
                        printLines: printLines, afterEpoch: afterEpoch)
        return (trainer.model, report)
    }
}

extension DeepExperiment {
    /// One model per seed, each trained as `train(on:…)` trains one, with an optimizer from
    /// `makeOptimizer` and the settings' schedule; returned in the order of `seeds`.
    ///
    /// Up to `threads` members train side by side, each on a thread of its own, and the compute
    /// threads are shared among the members running (one each while `threads` of them run; all of
    /// them for the last). A network this small keeps one core busier than its kernels keep two,
    /// so two members at once finish sooner than one after the other. A member's numbers do not
    /// depend on the thread count, so each member, and the ensemble, are the same bits as when the
    /// members train one at a time. With one thread (or one member) they do train one at a time,
    /// each printing its epoch lines as `train` does; side by side each line starts with "member k:".
    ///
    /// Throws the first error of any member (a bad optimizer setting, Ctrl-C's `TrainingStopped`).
    public func trainMembers(seeds: [UInt64], on splits: DataSplits<NormalizedImages>, threads: Int,
                             makeOptimizer: @Sendable () throws -> any Optimizer<Float>,
                             printLines: Bool = true) throws -> [(model: Sequential<Float>, report: TrainingReport)] {
        let sideBySide = min(threads, seeds.count)
        if sideBySide <= 1 {
            return try seeds.enumerated().map { k, seed in
                if printLines { print("member \(k + 1) of \(seeds.count) (seed \(seed)):") }
                return try train(on: splits, optimizer: makeOptimizer(), schedule: training.learningRateSchedule,
                                 threads: threads, seed: seed, printLines: printLines)
            }
        }
        if printLines {
            print("\(seeds.count) members (seeds \(seeds.map(String.init).joined(separator: ", "))), \(sideBySide) at a time")
        }
        let results = MemberResults(count: seeds.count)
        DispatchQueue.concurrentPerform(iterations: sideBySide) { _ in
            while let k = results.start() {
                let outcome = Result {
                    try train(on: splits, optimizer: makeOptimizer(), schedule: training.learningRateSchedule,
                              threads: results.threadsEach(of: threads), seed: seeds[k], printLines: false) { _, report in
                        if printLines, let line = report.epochs.last?.line { print("member \(k + 1): \(line)") }
                    }
                }
                results.finish(k, outcome, threads: threads)
            }
        }
        return try results.collected()
    }
}

/// The members trained side by side: which to start next, how many run, and each one's result
/// (each slot written once, by the thread that trained it, under the lock).
private final class MemberResults: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0, running = 0, failed = false
    private var outcomes: [Result<(model: Sequential<Float>, report: TrainingReport), any Error>?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    /// The next member to train, or nil when all have started or one has failed.
    func start() -> Int? {
        lock.withLock {
            guard next < outcomes.count, !failed else { return nil }
            (next, running) = (next + 1, running + 1)
            return next - 1
        }
    }

    /// The compute threads each running member may use.
    func threadsEach(of threads: Int) -> Int { lock.withLock { share(of: threads) } }

    /// `threads` shared among the members running (call under the lock).
    private func share(of threads: Int) -> Int { max(1, threads / max(running, 1)) }

    func finish(_ k: Int, _ outcome: Result<(model: Sequential<Float>, report: TrainingReport), any Error>, threads: Int) {
        lock.withLock {
            outcomes[k] = outcome
            running -= 1
            if case .failure = outcome { failed = true }
            ComputeThreads.count = share(of: threads)
        }
    }

    /// Every member's model and report, or the error of the first member that failed.
    func collected() throws -> [(model: Sequential<Float>, report: TrainingReport)] {
        for case .failure(let error)? in outcomes { throw error }
        return try outcomes.map { try $0!.get() }
    }
}
