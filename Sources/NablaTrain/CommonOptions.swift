import Foundation
import NablaCore
import NablaData

extension CommandSpec {
    /// The file named by an output option (`--report`, `--json`), or nil when it was not given.
    /// The destination is checked now, before any long work: a directory, a missing directory, a
    /// place where no file can be created, a disk device end the program here with a usage error
    /// naming the option, instead of failing after the whole run.
    public func outputFile(_ arguments: ParsedArguments, option: String) -> String? {
        guard let path = arguments.string(option) else { return nil }
        do {
            try OutputFile.check(path)
        } catch {
            exitWithUsageError("--\(option) \(error)")
        }
        return path
    }

    /// The thread count of a `--threads` option: at least 1. More threads than the machine has
    /// processors only wait for each other (the numbers are the same for any count), so a larger
    /// count is lowered to the processor count, with a warning.
    public func threadCount(_ arguments: ParsedArguments, option: String = "threads") -> Int {
        let requested = arguments.int(option)!
        if requested < 1 { exitWithUsageError("--\(option) must be at least 1, got \(requested).") }
        return cappedThreadCount(requested, option: option)
    }
}

/// `requested`, or the processor count when it is larger, with a warning on standard error.
public func cappedThreadCount(_ requested: Int, option: String = "threads",
                              processors: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
    guard requested > processors else { return requested }
    printError("warning: --\(option) \(requested) is more than the \(processors) processors of this machine; using \(processors) "
               + "(extra threads would only wait for each other, and the numbers are the same for any count)")
    return processors
}

extension CommandSpec {
    /// Checks the widths of a perceptron given by `option` (`--hidden 512,256`): each must be at
    /// least 1, and each layer's weight matrix (previous width × this width, from `inputs` to
    /// `outputs`) must be a size Nabla allocates (`TensorSize`); otherwise ends the program here
    /// with a usage error naming the option, before anything is allocated.
    public func checkLayerWidths(_ widths: [Int], inputs: Int, outputs: Int, option: String) {
        if let bad = widths.first(where: { $0 < 1 }) {
            exitWithUsageError("--\(option) widths must be at least 1, got \(bad).")
        }
        let all = [inputs] + widths + [outputs]
        for (from, to) in zip(all, all.dropFirst()) {
            if let problem = TensorSize.problem(with: [to, from]) {
                exitWithUsageError("--\(option) \(widths.map(String.init).joined(separator: ",")): the weights of the layer "
                                   + "\(from) → \(to) are too many: \(problem). Use widths like 512,256.")
            }
        }
    }
}
