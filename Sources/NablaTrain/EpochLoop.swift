import Foundation
import NablaCore
import NablaData

/// The three splits a classifier experiment uses.
public struct DataSplits<Data: ClassificationData>: Sendable {
    public let training: Data, validation: Data, test: Data
    public init(training: Data, validation: Data, test: Data) {
        self.training = training
        self.validation = validation
        self.test = test
    }
}

/// Trains the epochs after `trainer.epochsTrained` up to `epochs` (all of them, for a fresh
/// trainer), setting the learning rate from `schedule` (epochs counted from 0) before each one, and
/// records every epoch: loss, accuracies, seconds, images per second. Each epoch's line is printed
/// and flushed as it finishes when `printLines` is set; a progress bar is drawn during it when
/// `showProgress` is (on a terminal). `afterEpoch` runs after each epoch (to save a checkpoint).
///
/// When training stops early (Ctrl-C, divergence), throws `TrainingStopped` holding the report of
/// the epochs that finished, so the caller can still write it.
public func trainEpochs<Data: ClassificationData>(_ trainer: inout ClassifierTrainer, on splits: DataSplits<Data>,
                                                   epochs: Int, schedule: (any LearningRateSchedule)? = nil,
                                                   report: inout TrainingReport, printLines: Bool = true,
                                                   showProgress: Bool = ProgressLines.drawLive,
                                                   afterEpoch: ((ClassifierTrainer, TrainingReport) throws -> Void)? = nil) throws {
    let runStart = Date(), earlierSeconds = report.secondsTotal
    func seconds() -> Double { earlierSeconds + Date().timeIntervalSince(runStart) }
    do {
        for epoch in (trainer.epochsTrained + 1)..<(max(epochs, trainer.epochsTrained) + 1) {
            try trainEpoch(epoch, &trainer, on: splits, schedule: schedule, report: &report, printLines: printLines,
                           showProgress: showProgress)
            report.secondsTotal = seconds()
            try afterEpoch?(trainer, report)
        }
    } catch let error as TrainingInterrupted {
        report.secondsTotal = seconds()
        report.stopped = error.description
        throw TrainingStopped(cause: error, report: report)
    } catch let error as TrainingDiverged {
        report.secondsTotal = seconds()
        report.stopped = error.description
        throw TrainingStopped(cause: error, report: report)
    }
    report.secondsTotal = seconds()
}

/// One epoch of `trainEpochs`, and its record.
private func trainEpoch<Data: ClassificationData>(_ epoch: Int, _ trainer: inout ClassifierTrainer, on splits: DataSplits<Data>,
                                                  schedule: (any LearningRateSchedule)?, report: inout TrainingReport,
                                                  printLines: Bool, showProgress: Bool) throws {
    if let schedule { trainer.optimizer.learningRate = schedule.learningRate(epoch: epoch - 1) }
    let start = Date()
    var progress = ProgressDisplay(total: splits.training.count, label: "epoch \(epoch)", enabled: printLines && showProgress)
    let (loss, accuracy) = try trainer.trainEpoch(on: splits.training, progress: &progress)
    let seconds = Date().timeIntervalSince(start)
    let record = EpochRecord(epoch: epoch, trainLoss: loss, trainAccuracy: accuracy,
                             validationAccuracy: splits.validation.count > 0 ? try trainer.accuracy(on: splits.validation) : nil,
                             testAccuracy: try trainer.accuracy(on: splits.test), seconds: seconds,
                             imagesPerSecond: Double(splits.training.count) / seconds)
    report.epochs.append(record)
    if printLines {
        print(record.line)
        flushOutput()
    }
}
