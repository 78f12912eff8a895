/// How an op is found and checked by name: its golden-v1 op name, one line for
/// `nabla gradcheck --list`, and the configuration and input shape a gradient check uses when
/// none is given.
public struct OpDescription: Sendable {
    public let name: String, summary: String
    public let exampleConfig: [String: JSON], exampleInputShape: [Int]

    public init(_ name: String, _ summary: String, exampleConfig: [String: JSON] = [:], exampleInputShape: [Int] = []) {
        (self.name, self.summary, self.exampleConfig, self.exampleInputShape) = (name, summary, exampleConfig, exampleInputShape)
    }
}

/// A layer that can be built by name from a configuration: what `nabla gradcheck NAME`, golden
/// fixtures and model descriptions use. Conform a new layer to this and register it in its
/// chapter's registration function; the verifier then checks it with no other change.
public protocol RegisteredLayer<Scalar>: Layer {
    static var op: OpDescription { get }
    /// Builds the layer from golden-v1 keys; parameters are initialised from `generator`. Throws
    /// `invalidConfig` naming the key for a value out of range.
    init(config: Config, generator: inout RandomGenerator) throws
}

/// A loss that can be built by name.
public protocol RegisteredLoss<Scalar>: Loss {
    static var op: OpDescription { get }
    /// The targets it takes, so the gradient checker can make valid ones.
    static var targetKind: TargetKind { get }
    init(config: Config) throws
}

/// An optimizer that can be built by name.
public protocol RegisteredOptimizer<Scalar>: Optimizer {
    static var op: OpDescription { get }
    init(config: Config) throws
}

extension RegisteredLayer { public static var opName: String { op.name } }
extension RegisteredLoss { public static var opName: String { op.name } }
extension RegisteredOptimizer { public static var opName: String { op.name } }

/// A registered layer that takes no configuration (ReLU, Flatten): it is built with `init()`.
public protocol UnconfiguredLayer: RegisteredLayer {
    init()
}

extension UnconfiguredLayer {
    public init(config: Config, generator: inout RandomGenerator) throws { self.init() }
}

/// A registered loss that takes no configuration (MSE, cross-entropy): it is built with `init()`.
public protocol UnconfiguredLoss: RegisteredLoss {
    init()
}

extension UnconfiguredLoss {
    public init(config: Config) throws { self.init() }
}

/// Finds layers, losses and optimizers by their golden-v1 op names.
public struct Registry<Scalar: Real> {
    public struct LayerEntry {
        public let opName: String, summary: String
        public let exampleConfig: [String: JSON], exampleInputShape: [Int]
        let make: (Config, inout RandomGenerator) throws -> any Layer<Scalar>
    }

    public struct LossEntry {
        public let opName: String, summary: String
        public let exampleConfig: [String: JSON], exampleInputShape: [Int]
        public let targetKind: TargetKind
        let make: (Config) throws -> any Loss<Scalar>
    }

    public struct OptimizerEntry {
        public let opName: String, summary: String
        let make: (Config) throws -> any Optimizer<Scalar>
    }

    public private(set) var layers: [String: LayerEntry] = [:]
    public private(set) var losses: [String: LossEntry] = [:]
    public private(set) var optimizers: [String: OptimizerEntry] = [:]

    public init() {}

    /// Every registered op name, sorted.
    public var opNames: [String] { (Array(layers.keys) + losses.keys + optimizers.keys).sorted() }

    /// Adds each op of the lists, under its name; a name registered twice is a programming error.
    public mutating func register(layers: [any RegisteredLayer<Scalar>.Type] = [], losses: [any RegisteredLoss<Scalar>.Type] = [],
                                  optimizers: [any RegisteredOptimizer<Scalar>.Type] = []) {
        for layer in layers { register(layer) }
        for loss in losses { register(loss) }
        for optimizer in optimizers { register(optimizer) }
    }

    public mutating func register(_ type: any RegisteredLayer<Scalar>.Type) {
        register(type.op, layer: { config, generator in try type.init(config: config, generator: &generator) })
    }

    public mutating func register(_ type: any RegisteredLoss<Scalar>.Type) {
        register(type.op, targetKind: type.targetKind, loss: { try type.init(config: $0) })
    }

    public mutating func register(_ type: any RegisteredOptimizer<Scalar>.Type) {
        register(type.op, optimizer: { try type.init(config: $0) })
    }

    /// Adds a layer built by `make` under `op`'s name: how an exercise's checker puts a learner's
    /// layer (or a test's reference solution) in the place the fixtures look for it.
    public mutating func register(_ op: OpDescription, layer make: @escaping (Config, inout RandomGenerator) throws -> any Layer<Scalar>) {
        require(layers[op.name] == nil, "Registry: layer '\(op.name)' is registered twice")
        layers[op.name] = LayerEntry(opName: op.name, summary: op.summary, exampleConfig: op.exampleConfig,
                                     exampleInputShape: op.exampleInputShape, make: make)
    }

    /// Adds a loss built by `make` under `op`'s name.
    public mutating func register(_ op: OpDescription, targetKind: TargetKind, loss make: @escaping (Config) throws -> any Loss<Scalar>) {
        require(losses[op.name] == nil, "Registry: loss '\(op.name)' is registered twice")
        losses[op.name] = LossEntry(opName: op.name, summary: op.summary, exampleConfig: op.exampleConfig,
                                    exampleInputShape: op.exampleInputShape, targetKind: targetKind, make: make)
    }

    /// Adds an optimizer built by `make` under `op`'s name.
    public mutating func register(_ op: OpDescription, optimizer make: @escaping (Config) throws -> any Optimizer<Scalar>) {
        require(optimizers[op.name] == nil, "Registry: optimizer '\(op.name)' is registered twice")
        optimizers[op.name] = OptimizerEntry(opName: op.name, summary: op.summary, make: make)
    }

    /// Builds the layer `op`. An unknown op, or a config key the layer never read, is `unsupported`.
    public func makeLayer(_ op: String, config: [String: JSON] = [:],
                          generator: inout RandomGenerator) throws -> any Layer<Scalar> {
        guard let entry = layers[op] else { throw unknown(op, kind: "layer", known: layers.keys) }
        return try build(op, config) { try entry.make($0, &generator) }
    }

    public func makeLoss(_ op: String, config: [String: JSON] = [:]) throws -> any Loss<Scalar> {
        guard let entry = losses[op] else { throw unknown(op, kind: "loss", known: losses.keys) }
        return try build(op, config, entry.make)
    }

    public func makeOptimizer(_ op: String, config: [String: JSON] = [:]) throws -> any Optimizer<Scalar> {
        guard let entry = optimizers[op] else { throw unknown(op, kind: "optimizer", known: optimizers.keys) }
        return try build(op, config, entry.make)
    }

    /// `make` on a reader of `config`, then the check that it read every key.
    private func build<Built>(_ op: String, _ config: [String: JSON], _ make: (Config) throws -> Built) throws -> Built {
        let reader = Config(op: op, config)
        let built = try make(reader)
        try rejectUnread(reader)
        return built
    }

    private func unknown(_ op: String, kind: String, known: Dictionary<String, some Any>.Keys) -> NablaError {
        .unsupported("no \(kind) named '\(op)' is registered (registered: \(known.sorted().joined(separator: ", ")))")
    }

    private func rejectUnread(_ config: Config) throws {
        let unread = config.unreadKeys
        if !unread.isEmpty {
            throw NablaError.unsupported("config key\(unread.count > 1 ? "s" : "") \(unread.map { "'\($0)'" }.joined(separator: ", ")) of op '\(config.op)'")
        }
    }
}
