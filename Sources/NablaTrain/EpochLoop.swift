import Foundation
import NablaCore

/// The three splits a classifier experiment uses.
public struct DataSplits<Data: ClassificationData>: Sendable {
    public let training: Data, validation: Data, test: Data
    public init(training: Data, validation: Data, test: Data) {
        self.training = training
        self.validation = validation
        self.test = test
    }
}

/// Trains for `epochs` passes, setting the learning rate from `schedule` (epochs counted from 0)
/// before each one, and records every epoch: loss, accuracies, seconds, images per second. Each
/// epoch's line is printed and flushed as it finishes when `printLines` is set.
///
/// When training stops early (Ctrl-C, divergence), throws `TrainingStopped` holding the report of
/// the epochs that finished, so the caller can still write it.
public func trainEpochs<Data: ClassificationData>(_ trainer: inout ClassifierTrainer, on splits: DataSplits<Data>,
                                                   epochs: Int, schedule: (any LearningRateSchedule)? = nil,
                                                   report: inout TrainingReport, printLines: Bool = true) throws {
    let runStart = Date()
    do {
        try trainEpochs(&trainer, on: splits, epochs: epochs, schedule: schedule, report: &report, printLines: printLines,
                        runStart: runStart)
    } catch let error as TrainingInterrupted {
        report.secondsTotal = Date().timeIntervalSince(runStart)
        report.stopped = error.description
        throw TrainingStopped(cause: error, report: report)
    } catch let error as TrainingDiverged {
        report.secondsTotal = Date().timeIntervalSince(runStart)
        report.stopped = error.description
        throw TrainingStopped(cause: error, report: report)
    }
}

private func trainEpochs<Data: ClassificationData>(_ trainer: inout ClassifierTrainer, on splits: DataSplits<Data>,
                                                    epochs: Int, schedule: (any LearningRateSchedule)?,
                                                    report: inout TrainingReport, printLines: Bool, runStart: Date) throws {
    for epoch in 1...epochs {
        if let schedule { trainer.optimizer.learningRate = schedule.learningRate(epoch: epoch - 1) }
        let start = Date()
        var progress = ProgressDisplay(total: splits.training.count, label: "epoch \(epoch)", enabled: printLines && isatty(STDERR_FILENO) != 0)
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
    report.secondsTotal = Date().timeIntervalSince(runStart)
}
