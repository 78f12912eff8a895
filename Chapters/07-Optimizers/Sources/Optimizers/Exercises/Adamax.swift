import NablaCore

/// Exercise 7.1 — Adamax (Kingma and Ba, 2015, section 7.1): Adam with the ∞-norm in place of the
/// root mean square. PyTorch: `torch.optim.Adamax(lr, betas, eps, weight_decay)`.
/// The text: Chapters/07-Optimizers/EXERCISES.md #1.
///
///     g ← ∇θ + λ θ
///     m ← β₁ m + (1 − β₁) g                 m₀ = 0
///     u ← max(β₂ u, |g| + ε)                u₀ = 0, element by element
///     θ ← θ − η / (1 − β₁ᵗ) · m / u         t = 1, 2, … for each parameter
///
/// State: m, u and t per parameter `key`. Check it: `nabla exercises check adamax`.
public struct Adamax<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double

    /// PyTorch's defaults.
    public init(learningRate: Double = 2e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        (self.learningRate, self.beta1, self.beta2, self.epsilon, self.weightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay)
    }

    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        // Your code (declare the state you keep as a stored property above).
        NotImplemented.placeholder("Chapters/07-Optimizers/EXERCISES.md #1", ())
    }
}
