import NablaCore

/// Exercise 7.2 — NAdam (Dozat, 2016): Adam with Nesterov momentum, in PyTorch's form with its
/// momentum schedule. PyTorch: `torch.optim.NAdam(lr, betas, eps, weight_decay, momentum_decay)`.
/// The text: Chapters/07-Optimizers/EXERCISES.md #2.
///
///     g ← ∇θ + λ θ
///     μₜ = β₁ (1 − ½ · 0.96^(t ψ)),  μₜ₊₁ = β₁ (1 − ½ · 0.96^((t+1) ψ))      ψ = momentum_decay
///     Πₜ = μ₁ μ₂ ⋯ μₜ
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
///     d = √(v / (1 − β₂ᵗ)) + ε
///     θ ← θ − η (1 − μₜ)/(1 − Πₜ) · g/d − η μₜ₊₁/(1 − Πₜ μₜ₊₁) · m/d
///
/// State: m, v, t and Πₜ per parameter `key`. Check it: `nabla exercises check nadam`.
public struct NAdam<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, momentumDecay: Double

    /// PyTorch's defaults.
    public init(learningRate: Double = 2e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0, momentumDecay: Double = 4e-3) {
        (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
        (self.weightDecay, self.momentumDecay) = (weightDecay, momentumDecay)
    }

    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        // Your code (declare the state you keep as a stored property above).
        NotImplemented.placeholder("Chapters/07-Optimizers/EXERCISES.md #2", ())
    }
}
