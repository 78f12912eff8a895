import Foundation
import NablaCore
import NablaData
import NablaTrain
import Backprop
import MLP

/// One training run of chapter 5: a perceptron with a `RegularizationRecipe`, trained with SGD
/// and momentum for at most `maximumEpochs` (fewer when early stopping ends it).
public struct RegularizationExperiment: Sendable {
    public var hidden = [512, 256]
    public var recipe = RegularizationRecipe()
    public var maximumEpochs = 60
    public var batchSize = 64
    public var learningRate = 0.02
    public var momentum = 0.9
    /// Cosine annealing over `maximumEpochs`, or a constant rate.
    public var cosineSchedule = false
    public var seed: UInt64 = 0
    /// The data set trained on; its classes label the plots, and the report records it when it is not MNIST.
    public var dataset = IDXDataset.mnist

    public init() {}

    /// The same recipe for the whole training set (55,000 images): more data needs fewer epochs,
    /// and a cosine schedule from a larger rate finishes training without early stopping.
    public func forFullTrainingSet(epochs: Int = 20) -> RegularizationExperiment {
        var full = self
        full.maximumEpochs = epochs
        full.cosineSchedule = true
        full.learningRate = 0.05
        full.batchSize = 128
        full.recipe.earlyStoppingPatience = nil
        return full
    }

    /// Trains a fresh model on `splits.training`, watching `splits.validation` after every epoch;
    /// the test split is used once, at the end, on the weights training ended with. With a
    /// `plotDirectory`, draws the run there (`RunPlots`; the test accuracy is a single point, at
    /// the end).
    public func run(on splits: DataSplits<NormalizedImages>, threads: Int, label: String = "",
                    printEpochs: Bool = false, plotDirectory: String? = nil) throws -> RegularizationResult {
        ComputeThreads.count = threads
        let start = Date()
        var trainer = try makeTrainer(background: splits.training.normalization(0))
        var stopping = recipe.earlyStoppingPatience.map(EarlyStopping.init(patience:))
        var epochsRun = 0, validationAccuracy = 0.0, records: [EpochRecord] = []
        for epoch in 1...maximumEpochs {
            if cosineSchedule { trainer.optimizer.learningRate = CosineAnnealing(initial: learningRate, period: maximumEpochs).learningRate(epoch: epoch - 1) }
            var progress = ProgressDisplay(total: splits.training.count, label: "\(label) epoch \(epoch)")
            let epochStart = Date()
            let (loss, seenAccuracy) = try trainer.trainEpoch(on: splits.training, progress: &progress)
            let seconds = Date().timeIntervalSince(epochStart)
            validationAccuracy = try trainer.accuracy(on: splits.validation)
            epochsRun = epoch
            records.append(EpochRecord(epoch: epoch, trainLoss: loss, trainAccuracy: seenAccuracy, validationAccuracy: validationAccuracy,
                                       testAccuracy: .nan, seconds: seconds, imagesPerSecond: Double(splits.training.count) / seconds))
            if printEpochs {
                print(String(format: "epoch %3d  loss %.4f  train (as seen) %.2f%%  val %.2f%%  %.1f s  %@ img/s", epoch, loss,
                             100 * seenAccuracy, 100 * validationAccuracy, seconds,
                             formatRate(Double(splits.training.count) / seconds)))
                flushOutput()
            }
            if stopping?.shouldStop(afterEpoch: epoch, validationAccuracy: validationAccuracy, model: trainer.model) == true {
                break
            }
        }
        var bestEpoch = epochsRun
        if let stopping, let best = stopping.bestModel {
            trainer.model = best
            bestEpoch = stopping.bestEpoch
            validationAccuracy = stopping.bestAccuracy
        }
        let testAccuracy = try trainer.accuracy(on: splits.test)
        if let plotDirectory {
            var report = TrainingReport(chapter: "05-Regularization", config: config, threads: threads, seed: seed)
            records[records.count - 1].testAccuracy = testAccuracy
            (report.epochs, report.secondsTotal) = (records, Date().timeIntervalSince(start))
            var plots = RunPlots(trainer: trainer, splits: splits, report: report)
            plots.dataset = dataset
            let files = try plots.write(to: plotDirectory)
            print("plots written to \(plotDirectory) (\(files) files; open \(plotDirectory)/index.html)")
        }
        return RegularizationResult(trainAccuracy: try trainer.accuracy(on: splits.training),
                                    validationAccuracy: validationAccuracy,
                                    testAccuracy: testAccuracy,
                                    epochsRun: epochsRun, keptEpoch: bestEpoch,
                                    weightsNearZero: fractionNearZero(trainer.model.parameters, threshold: 1e-3),
                                    seconds: Date().timeIntervalSince(start), model: trainer.model)
    }

    /// The settings, as a report's `config`.
    var config: [String: JSON] {
        ["hidden": .array(hidden.map { .number(Double($0)) }), "recipe": .string(recipe.summary), "epochs": .number(Double(maximumEpochs)),
         "batch_size": .number(Double(batchSize)), "lr": .number(learningRate), "momentum": .number(momentum),
         "schedule": .string(cosineSchedule ? "cosine" : "none")]
            .merging(dataset == .mnist ? [:] : ["dataset": .string(dataset.name)]) { $1 }
    }

    /// A fresh perceptron with the recipe's dropout and batch norm, seeded from `seed`.
    public func makeModel() -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return regularizedPerceptron(inputs: 784, hidden: hidden, classes: 10, dropout: recipe.dropout,
                                     batchNorm: recipe.batchNorm, generator: &generator)
    }

    /// The model, SGD with the recipe's weight decay, and the recipe's penalty and augmentation.
    func makeTrainer(background: Float) throws -> ClassifierTrainer {
        let model = makeModel()
        let optimizer = SGD<Float>(learningRate: learningRate, momentum: momentum, weightDecay: recipe.weightDecay)
        var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer,
                                        batchSize: batchSize, seed: seed &+ 1)
        if recipe.l1 > 0 { trainer.weightPenalty = L1Penalty(strength: recipe.l1) }
        if recipe.maximumShift > 0 { trainer.augmentation = RandomShift(maximumShift: recipe.maximumShift, background: background) }
        return trainer
    }
}

/// What one run measured. Accuracies are fractions, all in evaluation mode (no dropout, batch
/// norm's running statistics, no augmentation), on the weights training ended with.
public struct RegularizationResult {
    public let trainAccuracy: Double, validationAccuracy: Double, testAccuracy: Double
    /// Epochs trained, and the epoch whose weights were kept (the last one without early stopping).
    public let epochsRun: Int, keptEpoch: Int
    /// The fraction of weights (matrices, not biases) with |w| < 10⁻³.
    public let weightsNearZero: Double
    public let seconds: Double
    public let model: Sequential<Float>

    /// Train − test accuracy: how much of what was learnt does not carry over to new images.
    public var gap: Double { trainAccuracy - testAccuracy }
}
