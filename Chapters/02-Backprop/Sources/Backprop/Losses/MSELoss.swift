import NablaCore

/// Mean squared error: L = (1/n) Σ (x_i − t_i)², the loss that follows from Gaussian noise.
/// dL/dx_i = 2 (x_i − t_i) / n.
public struct MSELoss<Scalar: Real>: Loss {
    public init() {}

    /// Caches the residual x − t.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Tensor<Scalar>) {
        try checkSameShape(input, target, loss: "mse_loss")
        let residual = input - target
        return ((residual * residual).mean(), residual)
    }

    @_specialize(where Scalar == Float)
    public func backward(cache residual: Tensor<Scalar>) -> Tensor<Scalar> {
        residual * (2 / Scalar(residual.count))
    }
}

/// The input and target of an elementwise loss must have the same shape.
func checkSameShape<Scalar>(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>, loss: String) throws {
    try checkShape(input.shape == target.shape, layer: loss,
                   "input \(describe(shape: input.shape)) and target \(describe(shape: target.shape)) must have the same shape")
    try checkShape(input.count > 0, layer: loss, "input is empty")
}
