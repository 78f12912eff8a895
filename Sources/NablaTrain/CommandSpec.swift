import Foundation
import NablaData

/// What an executable accepts: its positional arguments and `--options`, with help text and
/// defaults. The same description drives parsing, `--help` and error messages, laid out like
/// swift-argument-parser's (that package is not used: Nabla has no dependencies).
public struct CommandSpec: Sendable {
    public var name: String
    public var overview: String
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    /// Subcommands, listed in help (`nabla verify`, `nabla gradcheck`…); parsed by the caller.
    public var subcommands: [(name: String, abstract: String)]
    /// Extra paragraphs after the options.
    public var discussion: String?

    public init(name: String, overview: String, arguments: [ArgumentSpec] = [], options: [OptionSpec] = [],
                subcommands: [(name: String, abstract: String)] = [], discussion: String? = nil) {
        (self.name, self.overview, self.arguments, self.options) = (name, overview, arguments, options)
        (self.subcommands, self.discussion) = (subcommands, discussion)
    }
}

/// A positional argument.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var help: String
    public var isOptional: Bool
    /// Takes any number of values (`<paths> ...`).
    public var isRepeated: Bool

    public init(_ name: String, help: String, isOptional: Bool = false, isRepeated: Bool = false) {
        (self.name, self.help, self.isOptional, self.isRepeated) = (name, help, isOptional, isRepeated)
    }
}

/// The type of an option's value, checked while parsing so a bad value is a usage error.
public enum OptionKind: Sendable, Equatable {
    /// Present or absent, no value.
    case flag
    case string
    case int
    /// An unsigned 64-bit integer (seeds).
    case uint64
    case double
    /// Comma-separated integers, e.g. `512,256`.
    case intList
    /// One of a fixed set of words.
    case choice([String])
}

/// A `--name value` option or a `--name` flag.
public struct OptionSpec: Sendable {
    public var name: String
    public var kind: OptionKind
    public var help: String
    /// The value used when the option is absent, shown as `(default: …)`.
    public var defaultValue: String?
    /// The placeholder in help, `--seed <seed>`.
    public var valueName: String

    public init(_ name: String, _ kind: OptionKind, help: String, default defaultValue: String? = nil,
                valueName: String? = nil) {
        (self.name, self.kind, self.help, self.defaultValue) = (name, kind, help, defaultValue)
        self.valueName = valueName ?? name
    }

    /// A flag: true when present.
    public static func flag(_ name: String, help: String) -> OptionSpec { OptionSpec(name, .flag, help: help) }

    /// The common `--seed` option.
    public static func seed(default value: UInt64 = 0) -> OptionSpec {
        OptionSpec("seed", .uint64, help: "Seed of the random generator; the same seed gives the same numbers.",
                   default: String(value))
    }

    /// The common `--threads` option, defaulting to the machine's processor count.
    public static func threads(help: String = "Worker threads; the numbers are identical for any count.") -> OptionSpec {
        OptionSpec("threads", .int, help: help, default: String(ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The common `--quiet` flag: no progress lines (training or downloads); `parseOrExit` applies it.
    public static func quiet() -> OptionSpec {
        .flag("quiet", help: "No progress lines (training, downloads); results are still printed.")
    }

    /// The common `--data-dir` option of the executables that read MNIST.
    public static func dataDirectory(
        help: String = "Directory with the MNIST files (else $MNIST_DIR, else the repository's Data/mnist, else the user cache; downloaded if missing)."
    ) -> OptionSpec {
        OptionSpec("data-dir", .string, help: help, valueName: "path")
    }

    /// The common `--dataset` option of the executables that read data (`IDXDataset`): the 28×28
    /// gray data sets unless `choices` says otherwise (chapter 8 adds CIFAR-10).
    public static func dataset(_ choices: [IDXDataset] = IDXDataset.grayscale) -> OptionSpec {
        let cifar = choices.contains(.cifar10)
            ? "; cifar-10 (32×32 colour photos; the binary archive or its folder in --data-dir, $CIFAR10_DIR or the cache)" : ""
        return OptionSpec("dataset", .choice(choices.map(\.name)),
                          help: "The data set: mnist (handwritten digits), fashion-mnist (Zalando's clothes, same format; "
                              + "found in --data-dir, $FASHION_MNIST_DIR, Debian's /usr/share/datasets/fashion-mnist or the cache), "
                              + "kmnist (cursive hiragana, same format; --data-dir, $KMNIST_DIR or the cache)\(cifar); "
                              + "downloaded when not found.",
                          default: IDXDataset.mnist.name)
    }

    /// The common `--epochs N` option: passes over the training data (or, without a default, a
    /// count another option decides when absent).
    public static func epochs(help: String = "Passes over the training set.", default value: Int?) -> OptionSpec {
        OptionSpec("epochs", .int, help: help, default: value.map(String.init), valueName: "n")
    }

    /// The common `--batch-size N` option: examples per step.
    public static func batchSize(default value: Int) -> OptionSpec {
        OptionSpec("batch-size", .int, help: "Examples per step.", default: String(value), valueName: "n")
    }

    /// The common `--lr` option: the learning rate η.
    public static func learningRate(help: String = "Learning rate.", default value: Double) -> OptionSpec {
        OptionSpec("lr", .double, help: help, default: String(value))
    }

    /// The common `--plot-dir DIR` option: where an executable draws its charts (SVG, CSV and an
    /// index.html); `CommandSpec.plotDirectory` reads it and checks the folder can be written.
    public static func plotDirectory(help: String) -> OptionSpec {
        OptionSpec("plot-dir", .string, help: help, valueName: "dir")
    }

    /// The common `--report FILE` option of the training executables.
    public static func report() -> OptionSpec {
        OptionSpec("report", .string, help: "Write a JSON report of every epoch to this file.", valueName: "file")
    }
}
