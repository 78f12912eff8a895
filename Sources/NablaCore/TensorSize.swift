/// Sizes that come from outside — a fixture's shapes, a layer's configuration, a command-line
/// flag — are checked here before anything is allocated: with overflow-checked arithmetic (release
/// builds use `-Ounchecked`, where `[2^62, 2, 5, 6].reduce(1, *)` silently wraps to a small
/// number) and against a bound on what one tensor may hold.
public enum TensorSize {
    /// The most elements one tensor built from outside input may hold: 2^27 = 134,217,728 values,
    /// 512 MiB as Float, 1 GiB as Double. The largest layer of the chapters holds 401,408 weights.
    public static let maximumElements = 1 << 27

    /// The number of elements of `shape`, or nil when an entry is negative, the product overflows,
    /// or it exceeds `limit`.
    @inlinable
    public static func elementCount(_ shape: [Int], limit: Int = maximumElements) -> Int? {
        var count = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= limit else { return nil }
            count = product
        }
        return count
    }

    /// Why `shape` is no size Nabla allocates, in words, or nil when it is one: "the sizes
    /// [4611686018427387904, 2] multiply to more than 2^63", "… hold 8,000,000,000 values, more
    /// than the 134,217,728 one tensor may hold".
    public static func problem(with shape: [Int], limit: Int = maximumElements) -> String? {
        if let negative = shape.first(where: { $0 < 0 }) { return "the size \(negative) in \(describe(shape: shape)) is negative" }
        if elementCount(shape, limit: limit) != nil { return nil }
        if shape.contains(0) { return nil }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { return "the sizes \(describe(shape: shape)) multiply to more than 2^63 elements" }
            count = product
        }
        return "the sizes \(describe(shape: shape)) hold \(count) values, more than the \(limit) one tensor may hold"
    }

    /// Throws `NablaError.invalidConfig` for `op` when `shape` (described as `what`, e.g. "weight
    /// [out_features, in_features]") is no size Nabla allocates.
    public static func check(_ shape: [Int], what: String, op: String) throws(NablaError) {
        if let problem = problem(with: shape) { throw NablaError.invalidConfig(op: op, message: "\(what): \(problem)") }
    }
}
