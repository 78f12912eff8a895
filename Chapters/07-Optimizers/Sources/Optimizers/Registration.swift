import NablaCore

// How this chapter's optimizers are found by name: golden-v1 op names, a summary, and how each is
// built from a fixture's configuration with PyTorch's keys and defaults. The lessons are
// AdaGrad.swift, RMSProp.swift, Adam.swift and AdamW.swift.

/// Registers this chapter's optimizers, so golden fixtures find them by their PyTorch names.
/// (SGD is chapter 2's.)
public func registerOptimizerOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(optimizers: [AdaGrad<Scalar>.self, RMSProp<Scalar>.self, Adam<Scalar>.self, AdamW<Scalar>.self])
}

extension AdaGrad: RegisteredOptimizer {
    public static var op: OpDescription {
        OpDescription("adagrad", "AdaGrad: steps divided by the root of the summed squared gradients (PyTorch's rule)")
    }

    /// From `torch.optim.Adagrad`'s keys: lr, lr_decay, weight_decay, initial_accumulator_value, eps.
    public init(config: Config) throws {
        let learningRate = try config.double("lr", default: 1e-2)
        let learningRateDecay = try config.double("lr_decay", default: 0)
        let weightDecay = try config.double("weight_decay", default: 0)
        let initialAccumulatorValue = try config.double("initial_accumulator_value", default: 0)
        let epsilon = try config.double("eps", default: 1e-10)
        try Self.check(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon)
        self.init(learningRate: learningRate, learningRateDecay: learningRateDecay, weightDecay: weightDecay,
                  initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    }
}

extension RMSProp: RegisteredOptimizer {
    public static var op: OpDescription {
        OpDescription("rmsprop", "RMSProp: steps divided by a running RMS of the gradients (PyTorch's rule)")
    }

    /// From `torch.optim.RMSprop`'s keys: lr, alpha, eps, weight_decay, momentum, centered.
    public init(config: Config) throws {
        let learningRate = try config.double("lr", default: 1e-2)
        let alpha = try config.double("alpha", default: 0.99)
        let epsilon = try config.double("eps", default: 1e-8)
        let weightDecay = try config.double("weight_decay", default: 0)
        let momentum = try config.double("momentum", default: 0)
        try Self.check(learningRate, alpha, epsilon, weightDecay, momentum)
        self.init(learningRate: learningRate, alpha: alpha, epsilon: epsilon, weightDecay: weightDecay,
                  momentum: momentum, centered: try config.bool("centered", default: false))
    }
}

extension Adam: RegisteredOptimizer {
    public static var op: OpDescription {
        OpDescription("adam", "Adam: bias-corrected running moments, L2 weight decay in the gradient (PyTorch's rule)")
    }

    /// From `torch.optim.Adam`'s keys: lr, betas, eps, weight_decay (amsgrad must be false).
    public init(config: Config) throws {
        let settings = try Self.settings(from: config, defaultWeightDecay: 0)
        self.init(learningRate: settings.learningRate, beta1: settings.beta1, beta2: settings.beta2,
                  epsilon: settings.epsilon, weightDecay: settings.weightDecay)
    }
}

extension AdamW: RegisteredOptimizer {
    public static var op: OpDescription {
        OpDescription("adamw", "AdamW: Adam with decoupled weight decay (PyTorch's rule)")
    }

    /// From `torch.optim.AdamW`'s keys, as Adam's, with weight_decay 0.01 by default.
    public init(config: Config) throws {
        let settings = try Adam<Scalar>.settings(from: config, defaultWeightDecay: 1e-2)
        self.init(learningRate: settings.learningRate, beta1: settings.beta1, beta2: settings.beta2,
                  epsilon: settings.epsilon, weightDecay: settings.weightDecay)
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
}
