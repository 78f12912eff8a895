import NablaCore

/// The two regression losses of this chapter, for predictions X w with X `[N, D]` and w `[D]`.
/// Each is the negative log-likelihood of a noise model, up to constants (see the README):
/// Gaussian noise gives the mean squared error, Laplace noise the mean absolute error.
public enum RegressionLoss: String, Sendable, CaseIterable {
    /// L = (1/N) Σ_n (x_n·w − y_n)²,  ∇L = (2/N) Xᵀ(X w − y)
    case meanSquared
    /// L = (1/N) Σ_n |x_n·w − y_n|,  a subgradient: (1/N) Xᵀ sign(X w − y)
    case meanAbsolute

    public func lossAndGradient<Scalar: Real>(inputs: Tensor<Scalar>, targets: Tensor<Scalar>,
                                              weights: Tensor<Scalar>) -> (loss: Scalar, gradient: Tensor<Scalar>) {
        require(inputs.rank == 2 && targets.shape == [inputs.shape[0]] && weights.shape == [inputs.shape[1]],
                "\(rawValue): needs inputs [N, D], targets [N] and weights [D], got \(describe(shape: inputs.shape)), "
                + "\(describe(shape: targets.shape)) and \(describe(shape: weights.shape))")
        let count = Scalar(inputs.shape[0])
        // r = X w − y
        let residuals = matmul(inputs, weights.reshaped([-1, 1])).reshaped([-1]) - targets
        switch self {
        case .meanSquared:
            let gradient = matmul(inputs, residuals.reshaped([-1, 1]), transposeA: true) * (2 / count)
            return ((residuals * residuals).sum() / count, gradient.reshaped([-1]))
        case .meanAbsolute:
            // |r| has no derivative at r = 0; sign(0) = 0 is a valid subgradient there.
            let signs = residuals.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
            let gradient = matmul(inputs, signs.reshaped([-1, 1]), transposeA: true) / count
            return (residuals.map(abs).sum() / count, gradient.reshaped([-1]))
        }
    }
}

/// Gradient descent from w = 0 with a fixed step: w ← w − η ∇L(w), `steps` times.
/// `observe(step, w, L(w))` sees the weights before each step and after the last one.
@discardableResult
public func gradientDescent<Scalar: Real>(inputs: Tensor<Scalar>, targets: Tensor<Scalar>, loss: RegressionLoss,
                                          learningRate: Scalar, steps: Int,
                                          observe: (_ step: Int, _ weights: Tensor<Scalar>, _ loss: Scalar) -> Void = { _, _, _ in })
    -> Tensor<Scalar> {
    var weights = Tensor<Scalar>(zeros: [inputs.shape[1]])
    for step in 0...steps {
        let (value, gradient) = loss.lossAndGradient(inputs: inputs, targets: targets, weights: weights)
        observe(step, weights, value)
        if step < steps { weights.add(gradient, scaledBy: -learningRate) }
    }
    return weights
}
