import NablaCore

/// A loss that is the mean of one penalty ρ of each residual r_i = x_i − t_i, over all n elements:
///
///     L = (1/n) Σ_i ρ(r_i),        dL/dx_i = ρ′(r_i) / n
///
/// MSE (ρ = r²) and L1 (ρ = |r|) are two choices of ρ; a loss of this kind writes only ρ and ρ′/n.
/// The input and target must have the same shape (any); the cache is the residual.
public protocol ResidualLoss: Loss where Cache == Tensor<Scalar> {
    /// The loss's name in shape errors, as PyTorch's functional: "mse_loss".
    static var lossName: String { get }
    /// ρ(r), one element's penalty.
    func penalty(_ residual: Scalar) -> Scalar
    /// ρ′(r) / n, one element's share of dL/dx.
    func gradient(_ residual: Scalar, count n: Scalar) -> Scalar
}

extension ResidualLoss {
    /// Throws `shapeMismatch` when input and target differ in shape or are empty.
    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Tensor<Scalar>) {
        try checkSameShape(input, target, loss: Self.lossName)
        let residual = input - target
        return (residual.map(penalty).mean(), residual)
    }

    public func backward(cache residual: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = Scalar(residual.count)
        return residual.map { gradient($0, count: n) }
    }
}

/// The input and target of an elementwise loss must have the same shape.
func checkSameShape<Scalar>(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>, loss: String) throws {
    try checkShape(input.shape == target.shape, layer: loss,
                   "input \(describe(shape: input.shape)) and target \(describe(shape: target.shape)) must have the same shape")
    try checkShape(input.count > 0, layer: loss, "input is empty")
}
