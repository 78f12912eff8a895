import NablaCore

// How this chapter's layers are found by name: golden-v1 op names, a summary for
// `nabla gradcheck --list`, an example to check, and how each is built from a fixture's
// configuration. The lessons are Layers/Dropout.swift, Layers/BatchNorm.swift and Layers/LayerNorm.swift.

/// Registers this chapter's layers (dropout, batch norm, layer norm), so `nabla gradcheck NAME`
/// and golden fixtures find them by their PyTorch names.
public func registerRegularizationOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(layers: [Dropout<Scalar>.self, BatchNorm1D<Scalar>.self, BatchNorm2D<Scalar>.self, LayerNorm<Scalar>.self])
}

extension Dropout: RegisteredLayer {
    public static var op: OpDescription {
        OpDescription("dropout", "y = x ⊙ mask / (1 − p) in training, y = x in evaluation",
                      exampleConfig: ["p": .number(0.5)],
                      exampleInputShape: [4, 6])
    }

    /// From golden-v1 keys: p (default 0.5).
    public init(config: Config, generator: inout RandomGenerator) throws {
        let p = try config.double("p", default: 0.5)
        guard (0..<1).contains(p) else {
            throw NablaError.invalidConfig(op: "dropout", message: "p must be in [0, 1) (the probability of zeroing), got \(p)")
        }
        self.init(probability: p)
    }
}

/// `batch_norm1d` and `batch_norm2d` read `num_features`, `eps` and `momentum` as PyTorch's
/// constructors take them.
public protocol RegisteredBatchNorm: BatchNormLayer, RegisteredLayer {}

extension RegisteredBatchNorm {
    /// The description of this layer with `summary`, checked with 3 features on `exampleInputShape`.
    static func batchNormOp(_ summary: String, exampleInputShape: [Int]) -> OpDescription {
        OpDescription(layerName, summary, exampleConfig: ["num_features": .number(3)], exampleInputShape: exampleInputShape)
    }

    /// `"momentum": null` is PyTorch's None: a cumulative moving average.
    public init(config: Config, generator: inout RandomGenerator) throws {
        let features = try config.int("num_features")
        let epsilon = try config.double("eps", default: 1e-5)
        let momentum: Double? = config.isNull("momentum") ? nil : try config.double("momentum", default: 0.1)
        guard features > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "num_features must be positive, got \(features)")
        }
        try TensorSize.check([features], what: "num_features", op: config.op)
        guard epsilon >= 0, (0...1).contains(momentum ?? 0) else {
            throw NablaError.invalidConfig(op: config.op, message: "eps must be ≥ 0 and momentum in [0, 1], got \(epsilon) and \(momentum ?? 0)")
        }
        self.init(featureCount: features, epsilon: epsilon, momentum: momentum)
    }
}

extension BatchNorm1D: RegisteredBatchNorm {
    public static var op: OpDescription {
        batchNormOp("y = γ (x − μ)/√(σ² + ε) + β per feature, μ and σ² over the batch", exampleInputShape: [5, 3])
    }
}

extension BatchNorm2D: RegisteredBatchNorm {
    public static var op: OpDescription {
        batchNormOp("y = γ (x − μ)/√(σ² + ε) + β per channel, μ and σ² over batch and positions", exampleInputShape: [2, 3, 4, 5])
    }
}

extension LayerNorm: RegisteredLayer {
    public static var op: OpDescription {
        OpDescription("layer_norm", "y = γ ⊙ (x − μ)/√(σ² + ε) + β, μ and σ² over the trailing dims of each example",
                      exampleConfig: ["normalized_shape": .array([.number(3), .number(4)])],
                      exampleInputShape: [2, 3, 4])
    }

    /// From golden-v1 keys: normalized_shape, eps (default 1e-5).
    public init(config: Config, generator: inout RandomGenerator) throws {
        let shape = try config.ints("normalized_shape"), epsilon = try config.double("eps", default: 1e-5)
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }), epsilon >= 0 else {
            throw NablaError.invalidConfig(op: "layer_norm", message: "normalized_shape must be positive sizes and eps ≥ 0, got \(shape) and \(epsilon)")
        }
        try TensorSize.check(shape, what: "normalized_shape", op: "layer_norm")
        self.init(normalizedShape: shape, epsilon: epsilon)
    }
}
