import Foundation
import NablaData

extension CommandSpec {
    /// `USAGE:` line: `nabla gradcheck [<name>] [--all] [--seed <seed>]`.
    public var usage: String {
        var parts = [name]
        if !subcommands.isEmpty { parts.append("<subcommand>") }
        for argument in arguments {
            let text = "<\(argument.name)>" + (argument.isRepeated ? " ..." : "")
            parts.append(argument.isOptional ? "[\(text)]" : text)
        }
        for option in options {
            parts.append(option.kind == .flag ? "[--\(option.name)]" : "[--\(option.name) <\(option.valueName)>]")
        }
        return parts.joined(separator: " ")
    }

    /// The whole `--help` text.
    public var helpText: String {
        var lines = ["OVERVIEW: \(overview)", "", "USAGE: \(usage)", ""]
        func row(_ label: String, _ help: String) {
            let indent = String(repeating: " ", count: 26)
            if label.count + 2 <= 24 {
                lines.append("  " + label.padding(toLength: 24, withPad: " ", startingAt: 0) + help)
            } else {
                lines.append("  " + label)
                lines.append(indent + help)
            }
        }
        if !arguments.isEmpty {
            lines.append("ARGUMENTS:")
            for argument in arguments { row("<\(argument.name)>", argument.help) }
            lines.append("")
        }
        lines.append("OPTIONS:")
        for option in options {
            let label = option.kind == .flag ? "--\(option.name)" : "--\(option.name) <\(option.valueName)>"
            var help = option.help
            if case .choice(let words) = option.kind { help += " (values: \(words.joined(separator: ", ")))" }
            if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
            row(label, help)
        }
        row("-h, --help", "Show help information.")
        lines.append("")
        if !subcommands.isEmpty {
            lines.append("SUBCOMMANDS:")
            for subcommand in subcommands { row(subcommand.name, subcommand.abstract) }
            lines.append("")
            lines.append("  See '\(name) help <subcommand>' for detailed help.")
            lines.append("")
        }
        if let discussion { lines += [discussion, ""] }
        return lines.joined(separator: "\n")
    }

    /// Parses the command line the way every Nabla executable does: `--help` prints help and exits
    /// 0; a usage error prints `Error: …` and the usage on stderr and exits 64 (EX_USAGE).
    public func parseOrExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> ParsedArguments {
        do {
            let parsed = try ParsedArguments.parse(arguments, spec: self)
            if parsed.helpRequested {
                print(helpText)
                exit(0)
            }
            if parsed.flag("quiet") { ProgressLines.silence() }
            return parsed
        } catch {
            exitWithUsageError(error.message)
        }
    }

    /// Prints `Error: message`, the usage and where to find help, then exits 64.
    public func exitWithUsageError(_ message: String) -> Never {
        printError("Error: \(message)\nUsage: \(usage)\n  See '\(name) --help' for more information.")
        exit(64)
    }
}

/// Writes a line to standard error.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints a one-line warning when the executable was built without optimisation.
public func warnIfDebugBuild(_ tool: String) {
    #if DEBUG
    printError(debugBuildWarning(tool))
    #endif
}

/// The warning a debug build prints: how much slower it is (measured: an MLP epoch takes about
/// 340 times as long) and the command to use instead.
public func debugBuildWarning(_ tool: String) -> String {
    "warning: \(tool) is a debug build, which trains about 340× slower than a release build; "
        + "use instead: swift run -c release \(tool)"
}

/// What every training executable does first: the debug-build warning; standard output flushed
/// line by line, so each epoch's line reaches a pipe or a log as it is printed, not at exit; and,
/// when `interruptible`, Ctrl-C handled by `Interruption` (finish the step, save, exit 130).
public func prepareTool(_ tool: String, interruptible: Bool = false) {
    warnIfDebugBuild(tool)
    flushStandardOutputByLine()
    if interruptible { Interruption.install() }
}
