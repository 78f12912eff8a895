/// Which test an element's gradient passed.
///
/// - relative: |a − n| / max(|a| + |n|, 1e-8) ≤ tolerance, for the analytic value a and the
///   numerical one n. The test of choice: it does not depend on how large the gradient is.
/// - absolute: |a − n| ≤ tolerance · s, where s is the largest gradient element checked for the op
///   (over its input and every parameter). Finite differences carry noise of a fixed size, about
///   ε·|L|/h, whatever the element; where the true gradient is nearly zero (batch norm's dL/dx on
///   a batch of two) that noise is a large *relative* error although the gradient is right to the
///   precision of the method. PyTorch's gradcheck uses atol and rtol together for the same reason.
///   A wrong gradient is wrong by an amount on the scale of the gradient, so it fails both tests.
public enum GradientTest: Sendable, Equatable {
    case relative, absolute
}

/// The result of checking one tensor's gradient (an input or a parameter).
public struct TensorGradientCheck: Sendable {
    /// `x`, `weight`, `bias`, or `input` for a loss.
    public let name: String
    public let elementCount: Int
    /// How many elements were checked: all of a small tensor, a seeded sample of a large one.
    public let checkedCount: Int
    /// The largest relative error over checked elements that are not at a kink.
    public let maxRelativeError: Double
    /// The largest absolute error |a − n| over the same elements.
    public let maxAbsoluteError: Double
    /// The bound of the absolute test, tolerance · s (see `GradientTest`).
    public let absoluteBound: Double
    /// Elements that failed the relative test and passed the absolute one.
    public let passedByAbsoluteTest: Int
    /// Elements that failed both tests.
    public let failedCount: Int
    /// The element that decided the verdict (the worst failure, else the largest relative error),
    /// and the values there.
    public let worstIndex: Int?
    public let worstAnalytic: Double, worstNumeric: Double
    /// Checked elements whose ±h perturbation crossed a kink (the one-sided slopes disagree):
    /// finite differences are meaningless there, so they are counted and listed, not compared.
    public let kinkIndices: [Int]

    /// Every compared element passed one of the two tests, and at least one was compared.
    public var passed: Bool { failedCount == 0 && checkedCount > kinkIndices.count }

    /// The test that decided a pass: relative when every element passed it, else absolute.
    public var decidedBy: GradientTest { passedByAbsoluteTest > 0 ? .absolute : .relative }
}

/// The gradient check of one op.
public struct GradientCheckReport: Sendable {
    public let op: String
    public let inputShape: [Int]
    public let tensors: [TensorGradientCheck]
    public let tolerance: Double
    /// s: the largest |gradient| checked over every tensor of the op, the scale of the absolute test.
    public let gradientScale: Double

    public var maxRelativeError: Double { tensors.map(\.maxRelativeError).max() ?? 0 }
    public var kinkCount: Int { tensors.reduce(0) { $0 + $1.kinkIndices.count } }
    /// Every tensor passed: each compared element within the relative or the absolute tolerance,
    /// and at least one element of every tensor compared.
    public var passed: Bool { tensors.allSatisfy(\.passed) }

    /// Judges the elements every tracker recorded, with the scale taken over all of them.
    init(op: String, inputShape: [Int], trackers: [ErrorTracker], tolerance: Double) {
        let scale = trackers.map(\.largestMagnitude).max() ?? 0
        self.op = op
        self.inputShape = inputShape
        self.tolerance = tolerance
        self.gradientScale = scale
        tensors = trackers.map { $0.result(tolerance: tolerance, absoluteBound: tolerance * scale) }
    }
}
