import NablaCore

/// The L2 penalty on the weights and its gradient:
///
///     R(W) = λ Σ_ij W_ij²,   dR/dW = 2λ W
///
/// It prefers many small weights to a few large ones, so the classifier leans on all the
/// features rather than trusting a single one. The bias is not penalised: it only shifts scores.
public func l2Penalty<Scalar: Real>(_ weights: Tensor<Scalar>, strength: Scalar)
    -> (loss: Scalar, gradient: Tensor<Scalar>) {
    ((weights * weights).sum() * strength, weights * (2 * strength))
}
