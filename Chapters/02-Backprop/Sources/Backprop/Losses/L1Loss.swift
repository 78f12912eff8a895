import NablaCore

/// Mean absolute error: L = (1/n) Σ |x_i − t_i|, the loss that follows from Laplace noise; large
/// residuals count linearly, so outliers pull less than under MSE.
/// dL/dx_i = sign(x_i − t_i) / n, with sign(0) = 0 as in PyTorch.
public struct L1Loss<Scalar: Real>: Loss {
    public init() {}

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Tensor<Scalar>) {
        try checkSameShape(input, target, loss: "l1_loss")
        let residual = input - target
        return (residual.map { abs($0) }.mean(), residual)
    }

    @_specialize(where Scalar == Float)
    public func backward(cache residual: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = Scalar(residual.count)
        return residual.map { $0 > 0 ? 1 / n : ($0 < 0 ? -1 / n : 0) }
    }
}
