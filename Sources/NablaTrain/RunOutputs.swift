import Foundation
import NablaCore
import NablaData

/// What a training run keeps and shows besides its printed lines, and the checks it can run
/// instead of training: `--save`, `--resume`, `--plot-dir`, `--find-lr`, `--sanity`, `--quiet`.
public struct RunOutputs: Sendable {
    /// A checkpoint written after every epoch (`Checkpoint`).
    public var savePath: String?
    /// A checkpoint to continue from.
    public var resumePath: String?
    /// A folder for the plots, their CSV and `index.html` (`RunPlots`).
    public var plotDirectory: String?
    /// Run the learning-rate range test instead of training (`LearningRateRangeTest`).
    public var findLearningRate = false
    /// Run the sanity checks instead of training (`SanityChecks`).
    public var sanityChecks = false
    /// No progress bars.
    public var quiet = false

    public init() {}

    /// The options, for a command's `CommandSpec`.
    public static func options() -> [OptionSpec] {
        [
            OptionSpec("save", .string, help: "Write a checkpoint (safetensors, loadable by PyTorch) after every epoch.",
                       valueName: "file"),
            OptionSpec("resume", .string, help: "Continue the run saved in this checkpoint (same settings; --epochs may grow).",
                       valueName: "file"),
            .plotDirectory(help: "Write plots (SVG and CSV) and an index.html of the run into this folder."),
            .flag("find-lr", help: "Instead of training: raise the learning rate exponentially over a few hundred steps, "
                  + "plot the loss against it, and suggest a rate."),
            .flag("sanity", help: "Instead of training: check the initial loss against ln(classes) and that the model can "
                  + "overfit a few batches."),
            .quiet(),
        ]
    }

    /// Reads the options, checking every destination now, before any long work (a usage error
    /// names the option).
    public init(_ arguments: ParsedArguments, spec: CommandSpec) {
        savePath = spec.outputFile(arguments, option: "save")
        resumePath = arguments.string("resume")
        if let resumePath, !FileManager.default.isReadableFile(atPath: resumePath) {
            spec.exitWithUsageError("--resume \(resumePath): no such readable file; give a checkpoint written with --save.")
        }
        plotDirectory = spec.plotDirectory(arguments)
        findLearningRate = arguments.flag("find-lr")
        sanityChecks = arguments.flag("sanity")
        quiet = arguments.flag("quiet")
        if findLearningRate && sanityChecks { spec.exitWithUsageError("--find-lr and --sanity are two runs: give one of them.") }
    }

    /// Whether a check runs instead of training (`--find-lr` or `--sanity`).
    public var runsDiagnostic: Bool { findLearningRate || sanityChecks }

    /// Whether progress bars are drawn: not with `--quiet`, and only on a terminal.
    public var showsProgress: Bool { !quiet && ProgressLines.drawLive }
}

extension CommandSpec {
    /// `--plot-dir`, checked now: a usage error when it names a file (a missing folder is created
    /// when the plots are written).
    public func plotDirectory(_ arguments: ParsedArguments) -> String? {
        guard let directory = arguments.string("plot-dir") else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            exitWithUsageError("--plot-dir \(directory) is a file, not a folder; give a folder (it is created if missing).")
        }
        return directory
    }
}
