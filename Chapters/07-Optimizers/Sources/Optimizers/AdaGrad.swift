import NablaCore

/// AdaGrad with PyTorch's exact options (`torch.optim.Adagrad`):
///
///     g ← ∇θ + λ θ                          weight decay λ
///     η_t = η / (1 + (t − 1) δ)             learning-rate decay δ, step t = 1, 2, …
///     G ← G + g²                            G starts at the initial accumulator value
///     θ ← θ − η_t g / (√G + ε)
///
/// Each coordinate's step is divided by the root of all its past squared gradients: steep
/// directions slow down, flat ones keep their pace. G only grows, so every step shrinks.
public struct AdaGrad<Scalar: Real>: Optimizer {
    public var learningRate: Double
    public let learningRateDecay: Double, weightDecay: Double, initialAccumulatorValue: Double, epsilon: Double
    /// G, the running sum of squared gradients of each parameter, and its step count t.
    var accumulators: [String: (sum: Tensor<Scalar>, step: Int)] = [:]

    public init(learningRate: Double = 1e-2, learningRateDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10) {
        requireValid {
            try Self.check(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon)
        }
        (self.learningRate, self.learningRateDecay, self.weightDecay) = (learningRate, learningRateDecay, weightDecay)
        (self.initialAccumulatorValue, self.epsilon) = (initialAccumulatorValue, epsilon)
    }

    /// PyTorch's range checks.
    static func check(_ learningRate: Double, _ learningRateDecay: Double, _ weightDecay: Double,
                              _ initialAccumulatorValue: Double, _ epsilon: Double) throws {
        try HyperparameterCheck(op: "adagrad").nonNegative(("lr", learningRate), ("lr_decay", learningRateDecay),
                                                           ("weight_decay", weightDecay),
                                                           ("initial_accumulator_value", initialAccumulatorValue), ("eps", epsilon))
    }

    @_specialize(where Scalar == Float)
    public mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String) {
        var g = gradient
        // g ← ∇θ + λ θ
        if weightDecay != 0 { g.add(parameter, scaledBy: Scalar(weightDecay)) }
        var state = accumulators[key]
            ?? (Tensor(repeating: Scalar(initialAccumulatorValue), shape: parameter.shape), 0)
        state.step += 1
        // η_t = η / (1 + (t − 1) δ)
        let stepSize = learningRate / (1 + Double(state.step - 1) * learningRateDecay)
        // G ← G + g²
        state.sum += g * g
        accumulators[key] = state
        // θ ← θ − η_t g / (√G + ε)
        let epsilon = Scalar(epsilon)
        parameter.add(g.zipMap(state.sum) { g, sum in g / (sum.squareRoot() + epsilon) }, scaledBy: Scalar(-stepSize))
    }
}
