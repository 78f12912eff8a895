/// The result of checking one tensor's gradient (an input or a parameter).
public struct TensorGradientCheck: Sendable {
    /// `x`, `weight`, `bias`, or `input` for a loss.
    public let name: String
    public let elementCount: Int
    /// How many elements were checked: all of a small tensor, a seeded sample of a large one.
    public let checkedCount: Int
    /// The largest relative error over checked elements that are not at a kink.
    public let maxRelativeError: Double
    /// The flat index where `maxRelativeError` occurred, and the values there.
    public let worstIndex: Int?
    public let worstAnalytic: Double, worstNumeric: Double
    /// Checked elements whose ±h perturbation crossed a kink (the one-sided slopes disagree):
    /// finite differences are meaningless there, so they are counted and listed, not compared.
    public let kinkIndices: [Int]
}

/// The gradient check of one op.
public struct GradientCheckReport: Sendable {
    public let op: String
    public let inputShape: [Int]
    public let tensors: [TensorGradientCheck]
    public let tolerance: Double

    public var maxRelativeError: Double { tensors.map(\.maxRelativeError).max() ?? 0 }
    public var kinkCount: Int { tensors.reduce(0) { $0 + $1.kinkIndices.count } }
    /// Every checked element that is not at a kink agrees within `tolerance`, and at least one
    /// element of every tensor was compared.
    public var passed: Bool {
        tensors.allSatisfy { $0.maxRelativeError <= tolerance && $0.checkedCount > $0.kinkIndices.count }
    }
}
