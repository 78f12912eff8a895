import NablaCore

/// Stochastic gradient descent with PyTorch's exact options (`torch.optim.SGD`):
///
///     g ← ∇θ + λ θ                          weight decay λ
///     b ← g                                 first step with momentum μ > 0
///     b ← μ b + (1 − τ) g                   later steps, dampening τ
///     g ← g + μ b  (Nesterov)  or  g ← b
///     θ ← θ − η g                           learning rate η
///
/// With μ = 0 it is plain gradient descent on the minibatch: θ ← θ − η ∇θ.
public struct SGD<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool
    /// The momentum buffer of each parameter, by key.
    var velocity: [String: Tensor<Scalar>] = [:]

    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
                nesterov: Bool = false) {
        requireValid { try Self.check(learningRate, momentum, dampening, weightDecay, nesterov) }
        (self.learningRate, self.momentum, self.dampening) = (learningRate, momentum, dampening)
        (self.weightDecay, self.nesterov) = (weightDecay, nesterov)
    }

    /// The ranges every optimizer's settings obey (Adam's, RMSProp's…): lr and weight_decay ≥ 0,
    /// momentum in [0, 1), dampening in [0, 1]; Nesterov needs momentum and no dampening.
    static func check(_ learningRate: Double, _ momentum: Double, _ dampening: Double, _ weightDecay: Double,
                      _ nesterov: Bool) throws {
        let check = HyperparameterCheck(op: "sgd")
        try check.nonNegative(("lr", learningRate))
        try check.decayRate("momentum", momentum)
        try check.fraction("dampening", dampening)
        try check.nonNegative(("weight_decay", weightDecay))
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw NablaError.invalidConfig(op: "sgd", message: "Nesterov momentum needs momentum > 0 and dampening = 0")
        }
    }

    @_specialize(where Scalar == Float)
    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        require(parameter.shape == gradient.shape,
                "SGD: gradient \(describe(shape: gradient.shape)) for '\(key)' does not match the parameter \(describe(shape: parameter.shape))")
        let rate = Scalar(learningRate), decay = Scalar(weightDecay), mu = Scalar(momentum), kept = Scalar(1 - dampening)
        let usesMomentum = momentum != 0, nesterov = self.nesterov
        // The buffer is taken out of the dictionary while it is updated, so it is written in place.
        let isFirstStep = velocity[key] == nil
        var buffer = velocity.removeValue(forKey: key) ?? Tensor(zeros: usesMomentum ? parameter.shape : [0])
        parameter.withUnsafeMutableBufferPointer { theta in
            buffer.withUnsafeMutableBufferPointer { b in
                gradient.withUnsafeBufferPointer { grad in
                    // Each element's update is its own: the compute threads share them.
                    let count = theta.count
                    let (theta, b, grad) = (theta.sendable, b.sendable, grad.sendable)
                    parallelElementwise(count: count) { elements in
                        let (theta, b, grad) = (theta.base, b.base, grad.base)
                        for i in elements {
                            // g = ∇θ + λ θ
                            var g = grad[i] + decay * theta[i]
                            if usesMomentum {
                                // b = g on the first step, μ b + (1 − τ) g after
                                b[i] = isFirstStep ? g : mu * b[i] + kept * g
                                // g = g + μ b (Nesterov), or b
                                g = nesterov ? g + mu * b[i] : b[i]
                            }
                            // θ = θ − η g
                            theta[i] -= rate * g
                        }
                    }
                }
            }
        }
        if usesMomentum { velocity[key] = buffer }
    }
}
