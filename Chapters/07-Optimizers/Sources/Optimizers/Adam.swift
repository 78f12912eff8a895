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
public struct Adam<Scalar: Real>: RegisteredOptimizer {
    public static var opName: String { "adam" }
    public static var summary: String { "Adam: bias-corrected running moments, L2 weight decay in the gradient (PyTorch's rule)" }

    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double
    /// m, v and the step count t of each parameter.
    var moments: [String: (mean: Tensor<Scalar>, squares: Tensor<Scalar>, step: Int)] = [:]

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0) {
        requireValid { try Self.check(op: Self.opName, learningRate, beta1, beta2, epsilon, weightDecay) }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public init(config: Config) throws {
        let settings = try Self.settings(from: config, defaultWeightDecay: 0)
        self.init(learningRate: settings.learningRate, beta1: settings.beta1, beta2: settings.beta2,
                  epsilon: settings.epsilon, weightDecay: settings.weightDecay)
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
    /// lr, betas, eps and weight_decay, the keys Adam and AdamW share, read and checked.
    static func settings(from config: Config, defaultWeightDecay: Double) throws
        -> (learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double) {
        let learningRate = try config.double("lr", default: 1e-3)
        let betas = try config.doubles("betas", default: [0.9, 0.999])
        let epsilon = try config.double("eps", default: 1e-8)
        let weightDecay = try config.double("weight_decay", default: defaultWeightDecay)
        guard betas.count == 2 else {
            throw NablaError.invalidConfig(op: config.op, message: "'betas' must be a pair [β₁, β₂], got \(betas)")
        }
        if try config.bool("amsgrad", default: false) {
            throw NablaError.invalidConfig(op: config.op, message: "'amsgrad': true is not implemented (the chapter's exercises add it)")
        }
        try check(op: config.op, learningRate, betas[0], betas[1], epsilon, weightDecay)
        return (learningRate, betas[0], betas[1], epsilon, weightDecay)
    }

    static func check(op: String, _ learningRate: Double, _ beta1: Double, _ beta2: Double, _ epsilon: Double,
                      _ weightDecay: Double) throws {
        let check = HyperparameterCheck(op: op)
        try check.nonNegative("lr", learningRate)
        try check.decayRate("betas[0]", beta1)
        try check.decayRate("betas[1]", beta2)
        try check.nonNegative("eps", epsilon)
        try check.nonNegative("weight_decay", weightDecay)
    }
}
