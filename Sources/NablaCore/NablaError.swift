/// Everything a user can get wrong, as a value: each case says what was wrong, where, and what to do.
public enum NablaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A tensor reached `layer` with a shape it cannot take, e.g. `linear: input [2, 5] does not
    /// match weight [3, 4]` (PyTorch: "mat1 and mat2 shapes cannot be multiplied").
    case shapeMismatch(layer: String, message: String)
    /// A configuration value is missing, of the wrong type, or out of range.
    case invalidConfig(op: String, message: String)
    /// An op or a configuration key that nothing implements.
    case unsupported(String)
    /// Malformed input data: a fixture, a JSON file, a data file.
    case malformed(file: String, message: String)
    /// A file that could not be read or written.
    case io(file: String, message: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let layer, let message): return "\(layer): \(message)"
        case .invalidConfig(let op, let message): return "\(op): invalid config: \(message)"
        case .unsupported(let message): return "unsupported: \(message)"
        case .malformed(let file, let message): return "\(file): \(message)"
        case .io(let file, let message): return "\(file): \(message)"
        }
    }
}

/// Stops with `message` when `condition` is false. Unlike `precondition`, it stays on in
/// `-Ounchecked` builds: use it for mistakes in calling code (two tensors of different shapes).
@inlinable
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #file, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
