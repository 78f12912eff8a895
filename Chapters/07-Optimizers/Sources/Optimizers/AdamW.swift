import NablaCore

/// AdamW, Adam with decoupled weight decay (Loshchilov & Hutter; `torch.optim.AdamW`):
///
///     θ ← θ − η λ θ                         weight decay λ, applied to θ directly
///     θ ← Adam step on ∇θ, with no weight decay of its own
///
/// Adam's L2 decay goes into g and is then divided by √v̂ like the rest of the gradient, so
/// weights with large gradients are hardly decayed. Here every weight shrinks by the same
/// factor 1 − ηλ, whatever its gradient history.
public struct AdamW<Scalar: Real>: Optimizer {
    public let weightDecay: Double
    /// The Adam step that follows the decay.
    var adam: Adam<Scalar>

    public var learningRate: Double {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }
    public var beta1: Double { adam.beta1 }
    public var beta2: Double { adam.beta2 }
    public var epsilon: Double { adam.epsilon }

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 1e-2) {
        requireValid { try Adam<Scalar>.check(op: "adamw", learningRate, beta1, beta2, epsilon, weightDecay) }
        self.weightDecay = weightDecay
        adam = Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: 0)
    }

    @_specialize(where Scalar == Float)
    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        // θ ← (1 − η λ) θ
        if weightDecay != 0 { parameter *= Scalar(1 - learningRate * weightDecay) }
        adam.update(&parameter, gradient: gradient, key: key)
    }
}
