/// The verdict on one fixture.
public enum FixtureStatus: Sendable, Equatable {
    case passed
    /// Values differ beyond the tolerance, or the fixture and the code disagree on names or shapes.
    case failed(String)
    /// An op or a config key Nabla does not implement.
    case unsupported(String)
    /// The file could not be read or is not a valid golden-v1 fixture.
    case malformed(String)

    public var label: String {
        switch self {
        case .passed: return "PASS"
        case .failed: return "FAIL"
        case .unsupported: return "UNSUPPORTED"
        case .malformed: return "ERROR"
        }
    }

    public var reason: String? {
        switch self {
        case .passed: return nil
        case .failed(let reason), .unsupported(let reason), .malformed(let reason): return reason
        }
    }
}

/// One fixture's outcome: every tensor compared, and the verdict.
public struct FixtureResult: Sendable {
    public let file: String
    public let name: String
    public let op: String
    public let comparisons: [TensorComparison]
    public let status: FixtureStatus

    public var passed: Bool { status == .passed }
    public var maxAbsoluteError: Double? { comparisons.map(\.maxAbsoluteError).max() }
    public var maxRelativeError: Double? { comparisons.map(\.maxRelativeError).max() }
}
