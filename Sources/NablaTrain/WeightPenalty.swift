import NablaCore

/// A term added to the loss that depends on the weights alone, R(w), such as L2 (λ/2·‖w‖²) or L1
/// (λ·‖w‖₁). The trainer adds ∂R/∂w to the gradient of every weight matrix or kernel (rank ≥ 2);
/// biases and normalisation scales are not penalised, as is usual.
public protocol WeightPenalty: Sendable {
    /// R(w).
    func value<Scalar: Real>(of weights: Tensor<Scalar>) -> Double
    /// gradient ← gradient + ∂R/∂w.
    func addGradient<Scalar: Real>(of weights: Tensor<Scalar>, to gradient: inout Tensor<Scalar>)
}

/// Whether a weight penalty applies to a parameter: weight matrices and kernels, not biases or
/// normalisation scales.
public func isPenalised<Scalar>(_ parameter: Tensor<Scalar>) -> Bool { parameter.rank >= 2 }
