/// The configuration of an op, as in a golden fixture's `"config"` object: `in_features`,
/// `kernel_size`, `negative_slope`…, with PyTorch's names.
///
/// Reading a key marks it as used; after a layer is built, the registry reports any key that
/// nothing read as unsupported, so a misspelled or unknown option never passes silently.
public final class Config: @unchecked Sendable {
    /// The op this configuration is for, named in error messages.
    public let op: String
    public let values: [String: JSON]
    private(set) var readKeys: Set<String> = []

    public init(op: String, _ values: [String: JSON] = [:]) {
        self.op = op
        self.values = values
    }

    /// Keys present in the configuration that were never read.
    public var unreadKeys: [String] { values.keys.filter { !readKeys.contains($0) }.sorted() }

    /// The value of `key`, nil when absent. `null` never means "use the default" (GOLDEN-FORMAT:
    /// it means what `None` means in PyTorch): a reader that implements that meaning asks
    /// `isNull` first; for every other key null is reported `unsupported`.
    private func value(_ key: String) throws -> JSON? {
        readKeys.insert(key)
        guard let value = values[key] else { return nil }
        guard value != .null else {
            throw NablaError.unsupported("'\(key)': null (PyTorch's None) in the config of '\(op)': Nabla does not implement "
                                         + "what None means here, and never reads null as the default; give a value or leave the key out")
        }
        return value
    }

    /// Whether `key` is present and `null`; marks it read. For the options whose `None` Nabla
    /// implements (batch norm's `momentum`: a cumulative average).
    public func isNull(_ key: String) -> Bool {
        guard values[key] == .null else { return false }
        readKeys.insert(key)
        return true
    }

    /// The largest integer a configuration may hold: 2^31 − 1. Every size, count and index of a
    /// layer is far below it, and sums and products of two such values cannot overflow.
    public static let largestInteger = Int(Int32.max)

    private func invalid(_ key: String, _ expected: String, _ got: JSON) -> NablaError {
        .invalidConfig(op: op, message: "'\(key)' must be \(expected), got \(got.kindName)")
    }

    /// An integer value; `defaultValue` when absent, an error when absent without a default.
    public func int(_ key: String, default defaultValue: Int? = nil) throws -> Int {
        try read(key, defaultValue) { value in
            guard case .number(let number) = value, let integer = try integer(key, number, "is") else {
                throw invalid(key, "an integer", value)
            }
            return integer
        }
    }

    /// `number` as an `Int`, nil when it is not whole; an error beyond ±`largestInteger` ("'key'
    /// is …" for a single value, "holds …" for a list's element).
    private func integer(_ key: String, _ number: Double, _ verb: String) throws -> Int? {
        guard number.rounded() == number else { return nil }
        guard abs(number) <= Double(Config.largestInteger) else {
            throw NablaError.invalidConfig(op: op, message: "'\(key)' \(verb) \(number), beyond ±\(Config.largestInteger), larger than any size or count a layer takes")
        }
        return Int(number)
    }

    /// A number.
    public func double(_ key: String, default defaultValue: Double? = nil) throws -> Double {
        try read(key, defaultValue) { value in
            guard case .number(let number) = value else { throw invalid(key, "a number", value) }
            guard number.isFinite else { throw NablaError.invalidConfig(op: op, message: "'\(key)' must be finite, got \(number)") }
            return number
        }
    }

    /// A boolean.
    public func bool(_ key: String, default defaultValue: Bool? = nil) throws -> Bool {
        try read(key, defaultValue) { value in
            guard case .bool(let flag) = value else { throw invalid(key, "true or false", value) }
            return flag
        }
    }

    /// A list of integers; a single integer is accepted as a list of one.
    public func ints(_ key: String, default defaultValue: [Int]? = nil) throws -> [Int] {
        try list(key, defaultValue, expected: ("a list of integers", "an integer or a list of integers"),
                 single: { try int($0) }, element: { try integer(key, $0, "holds") })
    }

    /// A list of numbers (e.g. Adam's `betas`).
    public func doubles(_ key: String, default defaultValue: [Double]? = nil) throws -> [Double] {
        try list(key, defaultValue, expected: ("a list of finite numbers", "a number or a list of numbers"),
                 single: { try double($0) }, element: { $0.isFinite ? $0 : nil })
    }

    /// A list whose numbers `element` converts (nil: not a valid element), or one number that
    /// `single` reads, as a list of one.
    private func list<Element>(_ key: String, _ defaultValue: [Element]?, expected: (list: String, either: String),
                               single: (String) throws -> Element, element: (Double) throws -> Element?) throws -> [Element] {
        try read(key, defaultValue) { value in
            switch value {
            case .number: return [try single(key)]
            case .array(let items):
                return try items.map { item in
                    guard case .number(let number) = item, let converted = try element(number) else { throw invalid(key, expected.list, value) }
                    return converted
                }
            default: throw invalid(key, expected.either, value)
            }
        }
    }

    /// An `[h, w]` pair from an integer (`3` means `[3, 3]`) or a two-element list, as PyTorch's
    /// `kernel_size`, `stride` and `padding` accept.
    public func pair(_ key: String, default defaultValue: (Int, Int)? = nil) throws -> (Int, Int) {
        let list = try ints(key, default: defaultValue.map { [$0.0, $0.1] })
        switch list.count {
        case 1: return (list[0], list[0])
        case 2: return (list[0], list[1])
        default: throw NablaError.invalidConfig(op: op, message: "'\(key)' must be an integer or an [h, w] pair, got \(list)")
        }
    }

    /// A string.
    public func string(_ key: String, default defaultValue: String? = nil) throws -> String {
        try read(key, defaultValue) { value in
            guard case .string(let text) = value else { throw invalid(key, "a string", value) }
            return text
        }
    }

    /// The value of `key` as `convert` reads it, else `defaultValue`, else a "missing" error.
    private func read<Value>(_ key: String, _ defaultValue: Value?, _ convert: (JSON) throws -> Value) throws -> Value {
        guard let value = try value(key) else {
            if let defaultValue { return defaultValue }
            throw NablaError.invalidConfig(op: op, message: "missing '\(key)'")
        }
        return try convert(value)
    }
}
