import Foundation
import NablaCore
import NablaVerify

/// What `nabla exercises` shows of an exercise before running it.
public struct ExerciseInfo: Sendable {
    /// The chapter (1–7) and the exercise's number in that chapter's EXERCISES.md.
    public let chapter: Int, number: Int
    /// The name `nabla exercises check` takes: `silu`, `ridge-closed-form`.
    public let name: String
    public let title: String
    /// The only file a learner edits, relative to the repository.
    public let file: String
    /// What the checker runs, in a few words.
    public let checks: String

    /// `Chapters/02-Backprop/EXERCISES.md #1`: what the stub's "not implemented yet" points to.
    public var reference: String { "\(chapterFolder(chapter))/EXERCISES.md #\(number)" }
}

/// The folder of chapter `number`.
public func chapterFolder(_ number: Int) -> String {
    let names = ["01-LinearClassifiers", "02-Backprop", "03-MLP", "04-CNN", "05-Regularization", "06-Initialization", "07-Optimizers", "08-Deep"]
    return "Chapters/" + (names.indices.contains(number - 1) ? names[number - 1] : "\(number)")
}

/// Where a check finds what it needs.
public struct ExerciseEnvironment: Sendable {
    /// The exercise fixtures (`GoldenData/exercises`).
    public var fixtureDirectory: String
    /// MNIST's folder for exercises with a training target, nil for the usual search.
    public var dataDirectory: String?
    /// Progress lines of training targets.
    public var showsProgress: Bool
    /// Leave out the checks that train a model (the list does, to stay quick).
    public var skipsTraining = false

    public init(fixtureDirectory: String, dataDirectory: String? = nil, showsProgress: Bool = false) {
        (self.fixtureDirectory, self.dataDirectory, self.showsProgress) = (fixtureDirectory, dataDirectory, showsProgress)
    }
}

/// One check's verdict: its name, and the numbers that decided it.
public struct CheckResult: Sendable {
    public enum Verdict: Sendable, Equatable { case passed, failed, notImplemented, skipped }
    public let name: String
    public let verdict: Verdict
    /// The numbers (largest error, accuracy reached…) or what went wrong.
    public let detail: String
    /// The usual mistake that fits a failure, when one does.
    public let mistake: Mistake?

    public static func passed(_ name: String, _ detail: String) -> CheckResult { CheckResult(name: name, verdict: .passed, detail: detail, mistake: nil) }
    public static func failed(_ name: String, _ detail: String, mistake: Mistake? = nil) -> CheckResult {
        CheckResult(name: name, verdict: .failed, detail: detail, mistake: mistake)
    }
    /// `passed` when `condition` holds, else `failed`, with the same numbers.
    public static func expect(_ condition: Bool, _ name: String, _ detail: String, mistake: Mistake? = nil) -> CheckResult {
        condition ? .passed(name, detail) : .failed(name, detail, mistake: mistake)
    }
}

/// Where an exercise stands.
public enum ExerciseStatus: Sendable, Equatable {
    /// Every body is still the stub's.
    case notStarted
    /// At least one check failed (or a body is still missing): the first failure.
    case failing(String)
    /// Every check that ran passed; the training target was left out.
    case quickChecksPass
    case passing

    public var label: String {
        switch self {
        case .notStarted: return "not started"
        case .failing: return "failing"
        case .quickChecksPass: return "quick checks pass (check it for the training target)"
        case .passing: return "passing"
        }
    }
}

/// Every check of one exercise, in order, and the status they add up to.
public struct ExerciseReport: Sendable {
    public let info: ExerciseInfo
    public let results: [CheckResult]

    public var status: ExerciseStatus {
        if results.allSatisfy({ $0.verdict == .notImplemented || $0.verdict == .skipped }) { return .notStarted }
        if let first = results.first(where: { $0.verdict != .passed && $0.verdict != .skipped }) {
            return .failing("\(first.name): \(first.detail)")
        }
        return results.contains { $0.verdict == .skipped } ? .quickChecksPass : .passing
    }

    /// The mistake diagnosed by the first failing check.
    public var firstMistake: Mistake? { results.first { $0.verdict == .failed }?.mistake }
}

/// One step of an exercise's checker, run on an implementation.
public struct ExerciseCheck<Implementation> {
    public let name: String
    /// Trains a model: left out of the list, run by `nabla exercises check`.
    public let trains: Bool
    let run: (Implementation, ExerciseEnvironment) throws -> [CheckResult]

    public init(_ name: String, trains: Bool = false, _ run: @escaping (Implementation, ExerciseEnvironment) throws -> [CheckResult]) {
        (self.name, self.trains, self.run) = (name, trains, run)
    }
}

/// An exercise: its text's summary, the stub a learner fills in, and the checks. The checks take
/// the implementation as an argument, so the tests run them on reference solutions and on typical
/// wrong versions, and `nabla exercises` on the learner's stub.
public struct Exercise<Implementation> {
    public let info: ExerciseInfo
    /// The learner's version: the stub in the chapter.
    public let stub: Implementation
    public let checks: [ExerciseCheck<Implementation>]

    public init(_ info: ExerciseInfo, stub: Implementation, checks: [ExerciseCheck<Implementation>]) {
        (self.info, self.stub, self.checks) = (info, stub, checks)
    }

    /// Runs every check on `implementation`. A stub's `NotImplemented` (thrown, or recorded by a
    /// body that cannot throw) is that check's "not implemented"; any other error is its failure.
    public func check(_ implementation: Implementation, in environment: ExerciseEnvironment) -> ExerciseReport {
        var results: [CheckResult] = []
        for check in checks {
            if check.trains && environment.skipsTraining {
                results.append(CheckResult(name: check.name, verdict: .skipped, detail: "runs with `nabla exercises check \(info.name)`", mistake: nil))
                continue
            }
            _ = NotImplemented.takeReached()
            do {
                let outcome = try check.run(implementation, environment)
                if let missing = NotImplemented.takeReached() {
                    results.append(CheckResult(name: check.name, verdict: .notImplemented, detail: missing.description, mistake: nil))
                } else {
                    results += outcome
                }
            } catch let missing as NotImplemented {
                results.append(CheckResult(name: check.name, verdict: .notImplemented, detail: missing.description, mistake: nil))
            } catch {
                results.append(.failed(check.name, "\(error)"))
            }
        }
        return ExerciseReport(info: info, results: results)
    }

    /// The learner's stub checked.
    public func checkStub(in environment: ExerciseEnvironment) -> ExerciseReport { check(stub, in: environment) }

    /// Without its implementation type, for the list `nabla exercises` runs.
    public var erased: AnyExercise { AnyExercise(info: info, checkStub: checkStub) }
}

/// An exercise of any implementation type, checked on the learner's stub.
public struct AnyExercise {
    public let info: ExerciseInfo
    public let checkStub: (ExerciseEnvironment) -> ExerciseReport
}
