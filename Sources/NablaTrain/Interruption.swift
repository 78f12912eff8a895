import Foundation
import Synchronization
import NablaCore

/// Ctrl-C during training: the first one asks the training loop to stop after the step it is
/// running (`ClassifierTrainer` checks after every step and throws `TrainingInterrupted`), so the
/// executable can save what is done and exit with status 130; a second one ends the program at once.
public enum Interruption {
    private static let requested = Atomic<Bool>(false)
    private static let source = Mutex<(any DispatchSourceSignal)?>(nil)

    /// Whether Ctrl-C was pressed (or `request()` called) since the start or the last `reset()`.
    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Takes over SIGINT. Call it once, early, in an executable whose loops check `isRequested`;
    /// without it Ctrl-C ends the program at once, as usual.
    public static func install() {
        source.withLock { source in
            guard source == nil else { return }
            signal(SIGINT, SIG_IGN)
            let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            signalSource.setEventHandler {
                if requested.exchange(true, ordering: .relaxed) {
                    printError("\ninterrupted again: stopping now, without saving")
                    exit(130)
                }
                printError("\ninterrupted: finishing the current step, then saving what is done (Ctrl-C again to stop at once)")
            }
            signalSource.resume()
            source = signalSource
        }
    }

    /// Asks for a stop, as Ctrl-C does (for tests).
    public static func request() { requested.store(true, ordering: .relaxed) }

    /// Forgets a request.
    public static func reset() { requested.store(false, ordering: .relaxed) }
}

/// Training stopped after a finished step because of Ctrl-C.
public struct TrainingInterrupted: Error, CustomStringConvertible, Equatable, Sendable {
    /// The epoch (from 1) and its last finished step.
    public let epoch: Int, step: Int
    public let stepsPerEpoch: Int

    /// The stop after `step` (from 1) of `stepsPerEpoch` in `epoch` (from 1).
    public init(epoch: Int, step: Int, stepsPerEpoch: Int) {
        self.epoch = epoch
        self.step = step
        self.stepsPerEpoch = stepsPerEpoch
    }

    public var description: String {
        "interrupted (Ctrl-C) in epoch \(epoch) after step \(step) of \(stepsPerEpoch)"
    }
}

/// Training ended early, by Ctrl-C (`TrainingInterrupted`) or divergence (`TrainingDiverged`),
/// with the report of the epochs that finished, so the caller can still write it.
public struct TrainingStopped: Error, CustomStringConvertible, Sendable {
    /// Why training stopped: a `TrainingInterrupted` or a `TrainingDiverged`.
    public let cause: any Error & Sendable
    /// The report of the epochs that finished, with `stopped` set.
    public let report: TrainingReport

    /// Training stopped by `cause`, after the epochs in `report`.
    public init(cause: any Error & Sendable, report: TrainingReport) {
        self.cause = cause
        self.report = report
    }

    /// 130 for Ctrl-C (128 + SIGINT, the shell's convention), 1 otherwise.
    public var exitCode: Int32 { cause is TrainingInterrupted ? 130 : 1 }

    public var description: String {
        let finished = report.epochs.count
        return "\(cause)\n\(finished) epoch\(finished == 1 ? "" : "s") finished before the stop"
    }
}

/// Prints `line` on standard error the first time it is asked for in this process, and never
/// again: a note that holds for a whole run is said once, not once per epoch or per model.
public func printOnce(_ line: String) {
    let isNew = shownNotes.withLock { $0.insert(line).inserted }
    if isNew { printError(line) }
}

private let shownNotes = Mutex<Set<String>>([])

/// How every training executable ends after an error: says what happened on standard error and
/// exits with 130 after Ctrl-C (128 + SIGINT), 1 otherwise. A run that stopped early
/// (`TrainingStopped`) first writes the report of its finished epochs to `reportPath`, if given.
public func exitAfterError(_ error: any Error, reportPath: String? = nil) -> Never {
    switch error {
    case let stopped as TrainingStopped:
        printError("Stopped: \(stopped)")
        if let reportPath {
            do {
                try stopped.report.write(to: reportPath)
                printError("report of the finished epochs written to \(reportPath)")
            } catch {
                printError("Error: \(error)")
            }
        }
        exit(stopped.exitCode)
    case let interrupted as TrainingInterrupted:
        printError("Stopped: \(interrupted)")
        exit(130)
    case let diverged as TrainingDiverged:
        printError("Stopped: \(diverged)")
        exit(1)
    default:
        printError("Error: \(error)")
        exit(1)
    }
}
