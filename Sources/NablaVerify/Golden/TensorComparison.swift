import NablaCore

/// How one computed tensor compares with the fixture's: the numpy `allclose` rule
/// |got − want| ≤ atol + rtol·|want| at every element, and the largest errors for the report.
public struct TensorComparison: Sendable {
    /// Where the tensor sits in the fixture: `outputs.y`, `grads.weight`, `steps[2].params_after.w`.
    public let name: String
    public let maxAbsoluteError: Double
    /// max |got − want| / max(|got|, |want|, 1e-12).
    public let maxRelativeError: Double
    public let passed: Bool
    /// Why it failed, when it did for a reason other than values (a shape mismatch, NaN).
    public let problem: String?
    /// Which usual mistake fits the failure (set by the runner, which knows the clues).
    public internal(set) var diagnosis: Diagnosis?

    public init(name: String, got: Tensor<Double>, want: Tensor<Double>, rtol: Double, atol: Double) {
        self.name = name
        guard got.shape == want.shape else {
            maxAbsoluteError = .infinity
            maxRelativeError = .infinity
            passed = false
            problem = "shape \(describe(shape: got.shape)), fixture has \(describe(shape: want.shape))"
            return
        }
        var maxAbsolute = 0.0, maxRelative = 0.0, allClose = true
        var firstFailure: Int?
        for i in 0..<got.count {
            let g = got.scalars[i], w = want.scalars[i]
            let absolute = abs(g - w)
            // NaN compares false everywhere: count it as a failure explicitly. An infinite expected
            // value would make the bound infinite (∞ ≤ ∞) and accept any number: never a pass.
            if !(absolute <= atol + rtol * abs(w)) || !w.isFinite || !g.isFinite {
                allClose = false
                if firstFailure == nil { firstFailure = i }
            }
            maxAbsolute = max(maxAbsolute, absolute.isNaN ? .infinity : absolute)
            let relative = absolute / max(abs(g), abs(w), 1e-12)
            maxRelative = max(maxRelative, relative.isNaN ? .infinity : relative)
        }
        maxAbsoluteError = maxAbsolute
        maxRelativeError = maxRelative
        passed = allClose
        problem = firstFailure.map { "first mismatch at index \($0): got \(got.scalars[$0]), want \(want.scalars[$0])" }
    }

    /// A comparison that could not be made (a missing tensor).
    public init(name: String, failure: String) {
        self.name = name
        maxAbsoluteError = .infinity
        maxRelativeError = .infinity
        passed = false
        problem = failure
    }
}
