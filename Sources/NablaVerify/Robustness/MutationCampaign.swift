import Foundation
import NablaCore

/// The bookkeeping of a mutation test: how many inputs were tried, how each ended, the slowest
/// one, and how much memory the process needed at most. Its summary is the note a test prints.
public struct MutationCampaign {
    /// The parser under test, for the summary ("IDX", "fixture JSON").
    public let parser: String
    /// Inputs tried, and how many of them the parser accepted.
    public private(set) var inputs = 0
    public private(set) var accepted = 0
    /// Rejections by kind of problem: the start of each error message, without the input's name.
    public private(set) var rejections: [String: Int] = [:]
    /// The longest any one input took.
    public private(set) var slowestSeconds = 0.0
    private let memoryAtStart = peakMemoryBytes()

    /// A campaign against the parser named `parser`, measured from now.
    public init(parser: String) { self.parser = parser }

    /// Runs `body` on one input and records how it ended: `true` when the input was accepted,
    /// a message when it was rejected.
    public mutating func record(_ body: () -> Result<Void, MutationRejection>) {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = body()
        slowestSeconds = max(slowestSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        inputs += 1
        switch outcome {
        case .success: accepted += 1
        case .failure(let rejection): rejections[rejection.kind, default: 0] += 1
        }
    }

    /// How much the process's peak resident memory grew during the campaign, in bytes.
    public var memoryGrowth: Int { max(0, peakMemoryBytes() - memoryAtStart) }

    /// `IDX: 12000 inputs, 3120 accepted, 8880 refused (…); slowest 2.1 ms; peak memory +12 MB`.
    public var summary: String {
        let kinds = rejections.sorted { $0.value > $1.value }.prefix(12).map { "\($0.value) \($0.key)" }.joined(separator: "; ")
        return "\(parser): \(inputs) inputs, \(accepted) accepted, \(inputs - accepted) refused (\(kinds)); "
            + String(format: "slowest %.1f ms; peak memory +%.0f MB", slowestSeconds * 1000, Double(memoryGrowth) / 1e6)
    }
}

/// Why an input was refused: the kind, for the summary (the message without the input's name
/// and numbers), and the whole message.
public struct MutationRejection: Error {
    /// The message without the input's name and details: "not a valid IDX file: sizes".
    public let kind: String
    /// The whole message.
    public let message: String

    /// `message` is the error's text; `name` (the input's name) is cut from its start, and
    /// `label` ("FAIL", "ERROR") put before the kind.
    public init(message: String, name: String, label: String = "") {
        self.message = message
        var text = message.hasPrefix(name) ? String(message.dropFirst(name.count)) : message
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        // "invalid JSON at line 3, column 7: expected ':'" is of the kind "invalid JSON: expected".
        if text.hasPrefix("invalid JSON at line"), let column = text.range(of: ": ") {
            text = "invalid JSON: " + text[column.upperBound...]
        }
        // The kind: the words before the first number, quote or second colon.
        let stop = text.firstIndex { $0.isNumber || $0 == "'" || $0 == "\"" || $0 == "(" } ?? text.endIndex
        kind = ((label.isEmpty ? "" : label + " ") + text[..<stop]).trimmingCharacters(in: .whitespaces)
    }
}
