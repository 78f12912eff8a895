import NablaCore

/// Rescales every feature to mean 0 and standard deviation 1:
///
///     x'_nd = (x_nd − μ_d) / σ_d
///
/// with μ and σ measured on the training set only, then applied unchanged to test points (the test
/// set must not shape the model in any way). Gradient descent needs this when features differ
/// widely in offset and spread, as the monomials of `polynomialFeatures` do: the loss surface is
/// then a long narrow valley, and a step size small enough for the steep directions crawls along
/// the flat ones.
public struct Standardization<Scalar: Real> {
    public let means: Tensor<Scalar>
    public let standardDeviations: Tensor<Scalar>

    /// Measures μ_d and σ_d of each column of `inputs` `[N, D]`. A constant column keeps σ = 1.
    public init(fittingTo inputs: Tensor<Scalar>) {
        require(inputs.rank == 2 && inputs.shape[0] > 0, "Standardization: needs inputs [N, D] with N > 0, got \(describe(shape: inputs.shape))")
        let count = Scalar(inputs.shape[0])
        // μ = (1/N) Σ_n x_n
        let means = inputs.sum(axis: 0) / count
        let deviations = inputs - repeatAcrossRows(means, rows: inputs.shape[0])
        // σ = √((1/N) Σ_n (x_n − μ)²)
        let variances = (deviations * deviations).sum(axis: 0) / count
        self.means = means
        standardDeviations = variances.map { $0 > 0 ? $0.squareRoot() : 1 }
    }

    /// The standardised features of `inputs` `[N, D]`.
    public func callAsFunction(_ inputs: Tensor<Scalar>) -> Tensor<Scalar> {
        require(inputs.rank == 2 && inputs.shape[1] == means.count,
                "Standardization: inputs must be [N, \(means.count)], got \(describe(shape: inputs.shape))")
        let rows = inputs.shape[0]
        return (inputs - repeatAcrossRows(means, rows: rows)) / repeatAcrossRows(standardDeviations, rows: rows)
    }
}
