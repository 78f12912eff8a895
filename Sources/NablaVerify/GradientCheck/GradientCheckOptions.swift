/// Settings of a finite-difference gradient check.
public struct GradientCheckOptions: Sendable {
    /// The perturbation h of the central difference (f(x + h) − f(x − h)) / 2h.
    public var step: Double = 1e-5
    /// Seeds the input, the parameters, the upstream gradient and the sampled elements.
    public var seed: UInt64 = 0
    /// Tensors with at most this many elements are checked at every element.
    public var checkEveryElementUpTo: Int = 64
    /// How many elements of a larger tensor are checked (at least 10, per tensor).
    public var samplesPerTensor: Int = 16
    /// The largest relative error that passes, and the fraction of the gradient's scale an
    /// absolute error may reach (see `GradientTest`). Smooth ops in float64 reach ~1e-10.
    public var tolerance: Double = 1e-7
    /// A point counts as a kink when its one-sided slopes differ by more than this, relative to
    /// max(1, |slopes|). Smooth functions differ by about h·f″, a kink by the change of slope.
    public var kinkThreshold: Double = 1e-4
    /// Forward passes run in training mode (dropout draws masks, batch norm uses batch statistics).
    public var training: Bool = true

    public init() {}
}
