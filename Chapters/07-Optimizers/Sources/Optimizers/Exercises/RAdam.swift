import NablaCore

/// Exercise 7.3 — RAdam (Liu et al., 2020): Adam whose adaptive step is switched off while the
/// variance estimate is too young to trust, and phased in by a rectification factor. PyTorch:
/// `torch.optim.RAdam(lr, betas, eps, weight_decay)`. The text: Chapters/07-Optimizers/EXERCISES.md #3.
///
///     g ← ∇θ + λ θ;   m ← β₁ m + (1 − β₁) g;   v ← β₂ v + (1 − β₂) g²;   m̂ = m / (1 − β₁ᵗ)
///     ρ∞ = 2/(1 − β₂) − 1,   ρₜ = ρ∞ − 2t β₂ᵗ / (1 − β₂ᵗ)
///     if ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2) ρ∞ / ((ρ∞ − 4)(ρ∞ − 2) ρₜ)),
///                 θ ← θ − η m̂ r √(1 − β₂ᵗ) / (√v + ε)
///     else:       θ ← θ − η m̂                       (plain momentum for the first steps)
///
/// State: m, v and t per parameter `key`. Check it: `nabla exercises check radam`.
public struct RAdam<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double

    /// PyTorch's defaults.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        (self.learningRate, self.beta1, self.beta2, self.epsilon, self.weightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay)
    }

    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        // Your code (declare the state you keep as a stored property above).
        NotImplemented.placeholder("Chapters/07-Optimizers/EXERCISES.md #3", ())
    }
}
