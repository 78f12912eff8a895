import NablaCore

/// RMSProp with PyTorch's exact options (`torch.optim.RMSprop`):
///
///     g ← ∇θ + λ θ                          weight decay λ
///     v ← α v + (1 − α) g²                  running mean of squared gradients, v₀ = 0
///     ḡ ← α ḡ + (1 − α) g                   centered only: running mean of gradients, ḡ₀ = 0
///     s = √v + ε,  or  s = √(v − ḡ²) + ε    centered: divide by a running standard deviation
///     b ← μ b + g / s,  θ ← θ − η b         with momentum μ > 0, b₀ = 0
///     θ ← θ − η g / s                       without momentum
///
/// AdaGrad's sum of squares, made to forget: old gradients fade at the rate α, so the steps
/// stop shrinking once the gradients stop growing.
public struct RMSProp<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let alpha: Double, epsilon: Double, weightDecay: Double, momentum: Double, centered: Bool
    /// The running averages of each parameter: v, ḡ (centered only), the momentum buffer b, and
    /// the steps taken (not needed by the rule, kept as PyTorch keeps it).
    var averages: [String: (squares: Tensor<Scalar>, gradients: Tensor<Scalar>, buffer: Tensor<Scalar>, step: Int)] = [:]

    public init(learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0,
                momentum: Double = 0, centered: Bool = false) {
        requireValid { try Self.check(learningRate, alpha, epsilon, weightDecay, momentum) }
        (self.learningRate, self.alpha, self.epsilon, self.weightDecay) = (learningRate, alpha, epsilon, weightDecay)
        (self.momentum, self.centered) = (momentum, centered)
    }

    /// PyTorch's range checks.
    static func check(_ learningRate: Double, _ alpha: Double, _ epsilon: Double, _ weightDecay: Double,
                              _ momentum: Double) throws {
        let check = HyperparameterCheck(op: "rmsprop")
        try check.nonNegative(("lr", learningRate))
        try check.decayRate("alpha", alpha)
        try check.nonNegative(("eps", epsilon), ("weight_decay", weightDecay))
        try check.decayRate("momentum", momentum)
    }

    @_specialize(where Scalar == Float)
    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        var g = gradient
        // g ← ∇θ + λ θ
        if weightDecay != 0 { g.add(parameter, scaledBy: Scalar(weightDecay)) }
        var state = averages[key]
            ?? (Tensor(zeros: parameter.shape), Tensor(zeros: parameter.shape), Tensor(zeros: parameter.shape), 0)
        state.step += 1
        let alpha = Scalar(alpha), epsilon = Scalar(epsilon)
        // v ← α v + (1 − α) g²
        state.squares = state.squares * alpha + g * g * (1 - alpha)
        let scale: Tensor<Scalar>
        if centered {
            // ḡ ← α ḡ + (1 − α) g
            state.gradients = state.gradients * alpha + g * (1 - alpha)
            // s = √(v − ḡ²) + ε
            scale = state.squares.zipMap(state.gradients) { v, mean in (v - mean * mean).squareRoot() + epsilon }
        } else {
            // s = √v + ε
            scale = state.squares.map { $0.squareRoot() + epsilon }
        }
        if momentum > 0 {
            // b ← μ b + g / s
            state.buffer = state.buffer * Scalar(momentum) + g / scale
            // θ ← θ − η b
            parameter.add(state.buffer, scaledBy: Scalar(-learningRate))
        } else {
            // θ ← θ − η g / s
            parameter.add(g / scale, scaledBy: Scalar(-learningRate))
        }
        averages[key] = state
    }
}
