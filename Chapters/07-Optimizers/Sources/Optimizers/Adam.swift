import NablaCore

/// Adam with PyTorch's exact options (`torch.optim.Adam`, amsgrad off):
///
///     g ← ∇θ + λ θ                          L2 weight decay λ, added to the gradient
///     m ← β₁ m + (1 − β₁) g                 running mean of gradients, m₀ = 0
///     v ← β₂ v + (1 − β₂) g²                running mean of squared gradients, v₀ = 0
///     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   bias correction, step t = 1, 2, …
///     θ ← θ − η m̂ / (√v̂ + ε)
///
/// Momentum (m) and RMSProp's scaling (v) together. m and v start at zero, so early on they are
/// too small by the factors 1 − βᵗ; dividing by those factors makes m̂ and v̂ unbiased.
public struct Adam<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double
    /// m, v and the step count t of each parameter.
    var moments: [String: (mean: Tensor<Scalar>, squares: Tensor<Scalar>, step: Int)] = [:]

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0) {
        requireValid { try Self.check(op: "adam", learningRate, beta1, beta2, epsilon, weightDecay) }
        (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
        self.weightDecay = weightDecay
    }

    @_specialize(where Scalar == Float)
    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        var g = gradient
        // g ← ∇θ + λ θ
        if weightDecay != 0 { g.add(parameter, scaledBy: Scalar(weightDecay)) }
        var state = moments[key] ?? (Tensor(zeros: parameter.shape), Tensor(zeros: parameter.shape), 0)
        state.step += 1
        // m ← β₁ m + (1 − β₁) g
        state.mean = state.mean * Scalar(beta1) + g * Scalar(1 - beta1)
        // v ← β₂ v + (1 − β₂) g²
        state.squares = state.squares * Scalar(beta2) + g * g * Scalar(1 - beta2)
        moments[key] = state
        // 1 − β₁ᵗ and √(1 − β₂ᵗ)
        let correction1 = 1 - Double.pow(beta1, Double(state.step))
        let rootCorrection2 = Scalar((1 - Double.pow(beta2, Double(state.step))).squareRoot())
        // θ ← θ − η m̂ / (√v̂ + ε), with m̂ = m / (1 − β₁ᵗ) and √v̂ = √v / √(1 − β₂ᵗ)
        let epsilon = Scalar(epsilon)
        let direction = state.mean.zipMap(state.squares) { m, v in m / (v.squareRoot() / rootCorrection2 + epsilon) }
        parameter.add(direction, scaledBy: Scalar(-learningRate / correction1))
    }
}

extension Adam {
    /// PyTorch's range checks, which AdamW shares.
    static func check(op: String, _ learningRate: Double, _ beta1: Double, _ beta2: Double, _ epsilon: Double,
                      _ weightDecay: Double) throws {
        let check = HyperparameterCheck(op: op)
        try check.nonNegative(("lr", learningRate))
        try check.decayRate("betas[0]", beta1)
        try check.decayRate("betas[1]", beta2)
        try check.nonNegative(("eps", epsilon), ("weight_decay", weightDecay))
    }
}
