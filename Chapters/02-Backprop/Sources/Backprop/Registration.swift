import NablaCore

// How this chapter's layers, losses and optimizer are found by name: their golden-v1 op names, a
// one-line summary for `nabla gradcheck --list`, an example to check, and how each is built from a
// fixture's configuration. The lessons themselves are in Layers/, Losses/ and SGD.swift.

/// Registers this chapter's layers, losses and optimizer, so `nabla gradcheck NAME` and golden
/// fixtures find them by their PyTorch names. A layer you write as an exercise joins here.
public func registerBackpropOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(layers: [Linear<Scalar>.self, ReLU<Scalar>.self, LeakyReLU<Scalar>.self, Sigmoid<Scalar>.self,
                               Tanh<Scalar>.self, Softmax<Scalar>.self, LogSoftmax<Scalar>.self, Flatten<Scalar>.self],
                      losses: [MSELoss<Scalar>.self, L1Loss<Scalar>.self, CrossEntropyLoss<Scalar>.self,
                               BCEWithLogitsLoss<Scalar>.self, MulticlassHingeLoss<Scalar>.self],
                      optimizers: [SGD<Scalar>.self])
}

// MARK: - Layers

extension Linear: RegisteredLayer {
    public static var op: OpDescription {
        OpDescription("linear", "y = x Wᵀ + b (fully connected)",
                      exampleConfig: ["in_features": .number(5), "out_features": .number(3), "bias": .bool(true)],
                      exampleInputShape: [4, 5])
    }

    /// From golden-v1 keys: in_features, out_features, bias (default true).
    public init(config: Config, generator: inout RandomGenerator) throws {
        let inputs = try config.int("in_features"), outputs = try config.int("out_features")
        guard inputs > 0, outputs > 0 else {
            throw NablaError.invalidConfig(op: "linear", message: "in_features and out_features must be positive, got \(inputs) and \(outputs)")
        }
        try TensorSize.check([outputs, inputs], what: "weight [out_features, in_features]", op: "linear")
        self.init(inputFeatures: inputs, outputFeatures: outputs, bias: try config.bool("bias", default: true),
                  generator: &generator)
    }
}

extension ReLU: UnconfiguredLayer {
    public static var op: OpDescription { OpDescription("relu", "y = max(0, x)", exampleInputShape: [3, 7]) }
}

extension Sigmoid: UnconfiguredLayer {
    public static var op: OpDescription { OpDescription("sigmoid", "y = 1 / (1 + exp(-x))", exampleInputShape: [3, 7]) }
}

extension Tanh: UnconfiguredLayer {
    public static var op: OpDescription { OpDescription("tanh", "y = tanh(x)", exampleInputShape: [3, 7]) }
}

extension Flatten: UnconfiguredLayer {
    public static var op: OpDescription { OpDescription("flatten", "[N, d1, d2, ...] -> [N, d1*d2*...]", exampleInputShape: [2, 3, 2, 2]) }
}

extension LeakyReLU: RegisteredLayer {
    public static var op: OpDescription {
        OpDescription("leaky_relu", "y = x if x > 0 else a·x",
                      exampleConfig: ["negative_slope": .number(0.1)],
                      exampleInputShape: [3, 7])
    }

    /// From golden-v1 keys: negative_slope (default 0.01).
    public init(config: Config, generator: inout RandomGenerator) throws {
        self.init(negativeSlope: Scalar(try config.double("negative_slope", default: 0.01)))
    }
}

/// Softmax and log-softmax: built with `dim`, which must be -1 (the last axis, the one golden-v1 requires).
public protocol LastAxisLayer: LastAxisNormalization, RegisteredLayer {}

extension LastAxisLayer {
    /// The description of `layerName` with `summary`, checked along the last axis of a [3, 5] input.
    static func lastAxisOp(_ summary: String) -> OpDescription {
        OpDescription(layerName, summary, exampleConfig: ["dim": .number(-1)], exampleInputShape: [3, 5])
    }

    public init(config: Config, generator: inout RandomGenerator) throws {
        let dim = try config.int("dim", default: -1)
        guard dim == -1 else {
            throw NablaError.invalidConfig(op: config.op, message: "only dim = -1 (the last axis) is supported, got \(dim)")
        }
        self.init()
    }
}

extension Softmax: LastAxisLayer {
    public static var op: OpDescription { lastAxisOp("y = exp(x) / sum(exp(x)) along the last axis") }
}

extension LogSoftmax: LastAxisLayer {
    public static var op: OpDescription { lastAxisOp("y = x - log(sum(exp(x))) along the last axis") }
}

// MARK: - Losses

extension MSELoss: UnconfiguredLoss {
    public static var op: OpDescription { OpDescription("mse_loss", "mean((input - target)^2)", exampleInputShape: [4, 3]) }
    public static var targetKind: TargetKind { .values }
}

extension L1Loss: UnconfiguredLoss {
    public static var op: OpDescription { OpDescription("l1_loss", "mean(|input - target|)", exampleInputShape: [4, 3]) }
    public static var targetKind: TargetKind { .values }
}

extension CrossEntropyLoss: UnconfiguredLoss {
    public static var op: OpDescription {
        OpDescription("cross_entropy", "mean(-log softmax(input)[target]) over the batch",
                      exampleInputShape: [4, 5])
    }
    public static var targetKind: TargetKind { .classIndices }
}

extension BCEWithLogitsLoss: UnconfiguredLoss {
    public static var op: OpDescription {
        OpDescription("bce_with_logits", "mean binary cross-entropy of sigmoid(input) against target in [0, 1]",
                      exampleInputShape: [4, 3])
    }
    public static var targetKind: TargetKind { .probabilities }
}

extension MulticlassHingeLoss: RegisteredLoss {
    public static var op: OpDescription {
        OpDescription("multiclass_hinge", "mean over N of sum_{j != y} max(0, s_j - s_y + margin)",
                      exampleConfig: ["margin": .number(1)],
                      exampleInputShape: [4, 5])
    }
    public static var targetKind: TargetKind { .classIndices }

    /// From golden-v1 keys: margin (default 1).
    public init(config: Config) throws { self.init(margin: Scalar(try config.double("margin", default: 1))) }
}

// MARK: - Optimizer

extension SGD: RegisteredOptimizer {
    public static var op: OpDescription {
        OpDescription("sgd", "SGD with momentum, dampening, Nesterov and weight decay (PyTorch's rule)")
    }

    /// From golden-v1 keys: lr, momentum, dampening, nesterov, weight_decay (PyTorch's defaults).
    public init(config: Config) throws {
        let momentum = try config.double("momentum", default: 0), dampening = try config.double("dampening", default: 0)
        let nesterov = try config.bool("nesterov", default: false)
        let learningRate = try config.double("lr"), weightDecay = try config.double("weight_decay", default: 0)
        try Self.check(learningRate, momentum, dampening, weightDecay, nesterov)
        self.init(learningRate: learningRate, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
                  nesterov: nesterov)
    }
}
