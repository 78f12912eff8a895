import Foundation
import NablaData

/// A command line that did not parse: what was wrong, in one line.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The outcome of parsing: values by option name (defaults filled in) and positional arguments.
public struct ParsedArguments: Sendable {
    public private(set) var values: [String: String] = [:]
    public private(set) var flags: Set<String> = []
    public private(set) var positionals: [String] = []
    public private(set) var helpRequested = false

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    /// The option's value as given, or its default.
    public func string(_ name: String) -> String? { values[name] }
    public func int(_ name: String) -> Int? { values[name].flatMap { Int($0) } }
    public func uint64(_ name: String) -> UInt64? { values[name].flatMap { UInt64($0) } }
    public func double(_ name: String) -> Double? { values[name].flatMap { Double($0) } }
    public func intList(_ name: String) -> [Int]? {
        values[name].map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    }
    /// The data set `--dataset` names (MNIST when the command has no such option).
    public var dataset: IDXDataset { values["dataset"].flatMap(IDXDataset.named) ?? .mnist }
    /// Whether the option was given on the command line (not only defaulted).
    public func isGiven(_ name: String) -> Bool { given.contains(name) }
    private var given: Set<String> = []

    /// Parses `arguments` (without the program name) against `spec`.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" || Double(argument) != nil {
                result.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" || argument == "--help" { result.helpRequested = true; continue }
            var name = String(argument.drop { $0 == "-" })
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError(unknownOptionMessage(argument, spec: spec))
            }
            if option.kind == .flag {
                if inlineValue != nil { throw UsageError("The flag '--\(name)' does not take a value.") }
                result.flags.insert(name)
                continue
            }
            guard let value = inlineValue ?? (index < arguments.count ? arguments[index] : nil) else {
                throw UsageError("Missing value for '--\(name) <\(option.valueName)>'.")
            }
            // `--report --seed 3` forgot the report's file name: an option is never taken as a value
            // unless it is attached with '=' (`--report=--odd-name`). Negative numbers are values.
            if inlineValue == nil && looksLikeOption(value) {
                throw UsageError("Missing value for '--\(name) <\(option.valueName)>': '\(value)' is an option, not a value "
                                 + "(to use it as the value anyway, write --\(name)=\(value)).")
            }
            if inlineValue == nil { index += 1 }
            try validate(value, for: option)
            result.values[name] = value
            result.given.insert(name)
        }
        for option in spec.options where result.values[option.name] == nil {
            if let defaultValue = option.defaultValue { result.values[option.name] = defaultValue }
        }
        if !result.helpRequested { try checkPositionals(result.positionals, spec: spec) }
        return result
    }

    /// Whether a word on the command line is an option (`--seed`, `-h`, `--`) rather than a value
    /// (`-1`, `-0.5`, `-1,2`, `-`): a dash followed by a letter or another dash.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), let next = word.dropFirst().first else { return false }
        return next.isLetter || next == "-"
    }

    private static func validate(_ value: String, for option: OptionSpec) throws(UsageError) {
        let ok: Bool
        var expected = ""
        switch option.kind {
        case .flag, .string: ok = true
        case .int: ok = Int(value) != nil; expected = "an integer"
        case .uint64: ok = UInt64(value) != nil; expected = "a non-negative integer"
        case .double: ok = Double(value).map { $0.isFinite } ?? false; expected = "a number"
        case .intList:
            let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            ok = !parts.isEmpty && parts.allSatisfy { Int($0.trimmingCharacters(in: .whitespaces)) != nil }
            expected = "comma-separated integers, like 512,256"
        case .choice(let words): ok = words.contains(value); expected = "one of: \(words.joined(separator: ", "))"
        }
        if !ok { throw UsageError("The value '\(value)' is invalid for '--\(option.name) <\(option.valueName)>': expected \(expected).") }
    }

    private static func checkPositionals(_ positionals: [String], spec: CommandSpec) throws(UsageError) {
        let required = spec.arguments.filter { !$0.isOptional }.count
        if positionals.count < required {
            let missing = spec.arguments.filter { !$0.isOptional }[positionals.count]
            throw UsageError("Missing expected argument '<\(missing.name)>'.")
        }
        if !spec.arguments.contains(where: \.isRepeated), positionals.count > spec.arguments.count {
            throw UsageError("Unexpected argument '\(positionals[spec.arguments.count])'.")
        }
    }

    private static func unknownOptionMessage(_ argument: String, spec: CommandSpec) -> String {
        let name = String(argument.drop { $0 == "-" }.prefix { $0 != "=" })
        let candidates = spec.options.map(\.name) + ["help"]
        let best = candidates.map { ($0, editDistance($0, name)) }.min { $0.1 < $1.1 }
        if let (suggestion, distance) = best, distance <= max(2, name.count / 3) {
            return "Unknown option '\(argument)'. Did you mean '--\(suggestion)'?"
        }
        return "Unknown option '\(argument)'."
    }
}

/// The Levenshtein distance: the fewest single-character insertions, deletions and substitutions
/// that turn `a` into `b`. Used for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
