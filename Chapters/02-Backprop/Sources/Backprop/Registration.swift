import NablaCore

// How this chapter's layers, losses and optimizer are found by name: their golden-v1 op names, a
// one-line summary for `nabla gradcheck --list`, an example to check, and how each is built from a
// fixture's configuration. The lessons themselves are in Layers/, Losses/ and SGD.swift.

/// Registers this chapter's layers, losses and optimizer, so `nabla gradcheck NAME` and golden
/// fixtures find them by their PyTorch names. A layer you write as an exercise joins here.
public func registerBackpropOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(Linear<Scalar>.self)
    registry.register(ReLU<Scalar>.self)
    registry.register(LeakyReLU<Scalar>.self)
    registry.register(Sigmoid<Scalar>.self)
    registry.register(Tanh<Scalar>.self)
    registry.register(Softmax<Scalar>.self)
    registry.register(LogSoftmax<Scalar>.self)
    registry.register(Flatten<Scalar>.self)
    registry.register(MSELoss<Scalar>.self)
    registry.register(L1Loss<Scalar>.self)
    registry.register(CrossEntropyLoss<Scalar>.self)
    registry.register(BCEWithLogitsLoss<Scalar>.self)
    registry.register(MulticlassHingeLoss<Scalar>.self)
    registry.register(SGD<Scalar>.self)
}

// MARK: - Layers

extension Linear: RegisteredLayer {
    public static var opName: String { "linear" }
    public static var summary: String { "y = x Wᵀ + b (fully connected)" }
    public static var exampleConfig: [String: JSON] { ["in_features": .number(5), "out_features": .number(3), "bias": .bool(true)] }
    public static var exampleInputShape: [Int] { [4, 5] }

    /// From golden-v1 keys: in_features, out_features, bias (default true).
    public init(config: Config, generator: inout RandomGenerator) throws {
        let inputs = try config.int("in_features"), outputs = try config.int("out_features")
        guard inputs > 0, outputs > 0 else {
            throw NablaError.invalidConfig(op: "linear", message: "in_features and out_features must be positive, got \(inputs) and \(outputs)")
        }
        self.init(inputFeatures: inputs, outputFeatures: outputs, bias: try config.bool("bias", default: true),
                  generator: &generator)
    }
}

extension ReLU: UnconfiguredLayer {
    public static var opName: String { "relu" }
    public static var summary: String { "y = max(0, x)" }
    public static var exampleInputShape: [Int] { [3, 7] }
}

extension Sigmoid: UnconfiguredLayer {
    public static var opName: String { "sigmoid" }
    public static var summary: String { "y = 1 / (1 + exp(-x))" }
    public static var exampleInputShape: [Int] { [3, 7] }
}

extension Tanh: UnconfiguredLayer {
    public static var opName: String { "tanh" }
    public static var summary: String { "y = tanh(x)" }
    public static var exampleInputShape: [Int] { [3, 7] }
}

extension Flatten: UnconfiguredLayer {
    public static var opName: String { "flatten" }
    public static var summary: String { "[N, d1, d2, ...] -> [N, d1*d2*...]" }
    public static var exampleInputShape: [Int] { [2, 3, 2, 2] }
}

extension LeakyReLU: RegisteredLayer {
    public static var opName: String { "leaky_relu" }
    public static var summary: String { "y = x if x > 0 else a·x" }
    public static var exampleConfig: [String: JSON] { ["negative_slope": .number(0.1)] }
    public static var exampleInputShape: [Int] { [3, 7] }

    /// From golden-v1 keys: negative_slope (default 0.01).
    public init(config: Config, generator: inout RandomGenerator) throws {
        self.init(negativeSlope: Scalar(try config.double("negative_slope", default: 0.01)))
    }
}

/// Softmax and log-softmax: built with `dim`, which must be -1 (the last axis, the one golden-v1 requires).
public protocol LastAxisLayer: LastAxisNormalization, RegisteredLayer {}

extension LastAxisLayer {
    public static var opName: String { layerName }
    public static var exampleConfig: [String: JSON] { ["dim": .number(-1)] }
    public static var exampleInputShape: [Int] { [3, 5] }

    public init(config: Config, generator: inout RandomGenerator) throws {
        let dim = try config.int("dim", default: -1)
        guard dim == -1 else {
            throw NablaError.invalidConfig(op: config.op, message: "only dim = -1 (the last axis) is supported, got \(dim)")
        }
        self.init()
    }
}

extension Softmax: LastAxisLayer {
    public static var summary: String { "y = exp(x) / sum(exp(x)) along the last axis" }
}

extension LogSoftmax: LastAxisLayer {
    public static var summary: String { "y = x - log(sum(exp(x))) along the last axis" }
}

// MARK: - Losses

extension MSELoss: UnconfiguredLoss {
    public static var opName: String { "mse_loss" }
    public static var summary: String { "mean((input - target)^2)" }
    public static var exampleInputShape: [Int] { [4, 3] }
    public static var targetKind: TargetKind { .values }
}

extension L1Loss: UnconfiguredLoss {
    public static var opName: String { "l1_loss" }
    public static var summary: String { "mean(|input - target|)" }
    public static var exampleInputShape: [Int] { [4, 3] }
    public static var targetKind: TargetKind { .values }
}

extension CrossEntropyLoss: UnconfiguredLoss {
    public static var opName: String { "cross_entropy" }
    public static var summary: String { "mean(-log softmax(input)[target]) over the batch" }
    public static var exampleInputShape: [Int] { [4, 5] }
    public static var targetKind: TargetKind { .classIndices }
}

extension BCEWithLogitsLoss: UnconfiguredLoss {
    public static var opName: String { "bce_with_logits" }
    public static var summary: String { "mean binary cross-entropy of sigmoid(input) against target in [0, 1]" }
    public static var exampleInputShape: [Int] { [4, 3] }
    public static var targetKind: TargetKind { .probabilities }
}

extension MulticlassHingeLoss: RegisteredLoss {
    public static var opName: String { "multiclass_hinge" }
    public static var summary: String { "mean over N of sum_{j != y} max(0, s_j - s_y + margin)" }
    public static var exampleConfig: [String: JSON] { ["margin": .number(1)] }
    public static var exampleInputShape: [Int] { [4, 5] }
    public static var targetKind: TargetKind { .classIndices }

    /// From golden-v1 keys: margin (default 1).
    public init(config: Config) throws { self.init(margin: Scalar(try config.double("margin", default: 1))) }
}

// MARK: - Optimizer

extension SGD: RegisteredOptimizer {
    public static var opName: String { "sgd" }
    public static var summary: String { "SGD with momentum, dampening, Nesterov and weight decay (PyTorch's rule)" }

    /// From golden-v1 keys: lr, momentum, dampening, nesterov, weight_decay (PyTorch's defaults).
    public init(config: Config) throws {
        let momentum = try config.double("momentum", default: 0), dampening = try config.double("dampening", default: 0)
        let nesterov = try config.bool("nesterov", default: false)
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw NablaError.invalidConfig(op: "sgd", message: "Nesterov momentum needs momentum > 0 and dampening = 0")
        }
        self.init(learningRate: try config.double("lr"), momentum: momentum, dampening: dampening,
                  weightDecay: try config.double("weight_decay", default: 0), nesterov: nesterov)
    }
}
