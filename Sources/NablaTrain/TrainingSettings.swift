import NablaCore
import NablaData

/// How a classifier is trained on MNIST, whatever the model: optimizer, schedule, batches, epochs,
/// the validation split and the seed. Chapters 3 to 6 share it; their defaults differ.
///
/// The settings are plain values. The optimizer and the schedule they name are built by the
/// chapters that teach them (SGD in chapter 2, cosine annealing in chapter 3, the adaptive
/// optimizers in chapter 7) and handed to `train`.
public struct TrainingSettings: Sendable {
    public var epochs = 12
    public var batchSize = 128
    public var learningRate = 0.05
    public var optimizer = OptimizerChoice.sgd
    public var momentum = 0.9
    public var weightDecay = 0.0
    /// Cosine annealing from `learningRate` to 0 over the epochs, or a constant rate.
    public var cosineSchedule = true
    public var validationCount = 5_000
    public var seed: UInt64 = 0
    /// The data set trained on; recorded in the report's config when it is not MNIST.
    public var dataset = IDXDataset.mnist

    /// "55000 training, 5000 validation, 10000 test images", with the data set's name in front
    /// when it is not MNIST.
    public func describeSizes(_ splits: DataSplits<NormalizedImages>) -> String {
        (dataset == .mnist ? "" : dataset.title + ": ")
            + "\(splits.training.count) training, \(splits.validation.count) validation, \(splits.test.count) test images"
    }

    public init() {}

    /// The settings as the report's `config` object.
    public var config: [String: JSON] {
        ["epochs": .number(Double(epochs)), "batch_size": .number(Double(batchSize)), "lr": .number(learningRate),
         "optimizer": .string(optimizer.rawValue), "momentum": .number(momentum), "weight_decay": .number(weightDecay),
         "schedule": .string(cosineSchedule ? "cosine" : "none"), "validation": .number(Double(validationCount))]
            .merging(dataset == .mnist ? [:] : ["dataset": .string(dataset.name)]) { $1 }
    }

    /// The training, validation and test splits of MNIST: the validation images are held out of
    /// the training set, and all three are normalised with the training split's statistics.
    /// `asPicture` gives each image as `[1, 28, 28]` (for convolutions) instead of `[784]`.
    public func splits(of mnist: consuming (training: ImageDataset, test: ImageDataset), asPicture: Bool = false)
        -> DataSplits<NormalizedImages> {
        // The training images are split in place: the tuple lets go of them first, so nothing
        // else holds them and they are not copied.
        var mnist = mnist, training = mnist.training
        mnist.training = ImageDataset(images: [], labels: [], rows: 0, columns: 0)
        let (validation, test) = (training.splitOffValidation(count: validationCount, seed: seed), mnist.test)
        let normalization = Normalization(statisticsOf: training)
        return DataSplits(training: NormalizedImages(training, normalization: normalization, asPicture: asPicture),
                          validation: NormalizedImages(validation, normalization: normalization, asPicture: asPicture),
                          test: NormalizedImages(test, normalization: normalization, asPicture: asPicture))
    }

    /// Trains `model` on `splits` for `epochs` epochs of `batchSize`, minimising `loss` with
    /// `optimizer`, its rate set from `schedule` before each epoch (constant when nil), and returns
    /// `report` with every epoch added. `outputs` may continue a saved run, save one after every
    /// epoch, and draw the run's plots at its end. `augmentation`, when given, changes each training
    /// batch before its step (never the validation or test images).
    public func train(_ model: Sequential<Float>, loss: any Loss<Float>, optimizer: any Optimizer<Float>,
                      schedule: (any LearningRateSchedule)?, on splits: DataSplits<NormalizedImages>, threads: Int,
                      report: TrainingReport, augmentation: (any BatchAugmentation)? = nil, printLines: Bool = true,
                      outputs: RunOutputs = RunOutputs()) throws -> TrainingReport {
        ComputeThreads.count = threads
        var trainer = ClassifierTrainer(model: model, loss: loss, optimizer: optimizer, batchSize: batchSize, seed: seed &+ 1)
        trainer.augmentation = augmentation
        var report = report
        let (normalization, inputShape) = (splits.training.normalization, splits.training.exampleShape)
        if let path = outputs.resumePath {
            let checkpoint = try Checkpoint.read(from: path)
            try checkpoint.requireSameRun(as: report, file: path)
            try trainer.restore(checkpoint, file: path)
            (report.epochs, report.secondsTotal) = (checkpoint.report.epochs, checkpoint.report.secondsTotal)
            if printLines { print("resuming from \(path) after epoch \(checkpoint.epochsTrained) of \(epochs)") }
        }
        try trainEpochs(&trainer, on: splits, epochs: epochs, schedule: schedule, report: &report, printLines: printLines,
                        showProgress: outputs.showsProgress) { trainer, report in
            if let path = outputs.savePath {
                try trainer.checkpoint(report: report, normalization: normalization, inputShape: inputShape).write(to: path)
            }
        }
        report.history = trainer.history
        if let directory = outputs.plotDirectory {
            var plots = RunPlots(trainer: trainer, splits: splits, report: report)
            plots.dataset = dataset
            let files = try plots.write(to: directory)
            if printLines { print("plots written to \(directory) (\(files) files; open \(directory)/index.html)") }
        }
        return report
    }
}

/// The optimizers a training executable can be told to use (`--optimizer`). Each is written in
/// the chapter that teaches it: `sgd` in chapter 2, the others in chapter 7, whose
/// `TrainingSettings.makeOptimizer()` builds any of them.
public enum OptimizerChoice: String, CaseIterable, Sendable {
    case sgd, adam, adamw, rmsprop, adagrad
}

/// A learning rate as a function of the epoch (or of the step, when a schedule changes it every
/// step): the closed forms of PyTorch's `torch.optim.lr_scheduler`s. The training loop sets it
/// before each epoch:
///
///     optimizer.learningRate = schedule.learningRate(epoch: epoch)
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for `epoch` = 0, 1, 2, …
    func learningRate(epoch: Int) -> Double
}
