/// A layer that can be built by name from a configuration: what `nabla gradcheck NAME`, golden
/// fixtures and model descriptions use. Conform a new layer to this and register it in its
/// chapter's registration function; the verifier then checks it with no other change.
public protocol RegisteredLayer: Layer {
    /// The golden-v1 op name, e.g. `"linear"`.
    static var opName: String { get }
    /// One line for `nabla gradcheck --list`.
    static var summary: String { get }
    /// A configuration and an input shape for a gradient check when none is given.
    static var exampleConfig: [String: JSON] { get }
    static var exampleInputShape: [Int] { get }
    /// Builds the layer; parameters are initialised from `generator`.
    init(config: Config, generator: inout RandomGenerator) throws
}

/// A loss that can be built by name.
public protocol RegisteredLoss: Loss {
    static var opName: String { get }
    static var summary: String { get }
    static var exampleConfig: [String: JSON] { get }
    static var exampleInputShape: [Int] { get }
    static var targetKind: TargetKind { get }
    init(config: Config) throws
}

/// An optimizer that can be built by name.
public protocol RegisteredOptimizer: Optimizer {
    static var opName: String { get }
    static var summary: String { get }
    init(config: Config) throws
}

extension RegisteredLayer {
    public static var exampleConfig: [String: JSON] { [:] }
}

extension RegisteredLoss {
    public static var exampleConfig: [String: JSON] { [:] }
}

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

    public mutating func register<L: RegisteredLayer>(_ type: L.Type) where L.Scalar == Scalar {
        require(layers[L.opName] == nil, "Registry: layer '\(L.opName)' is registered twice")
        layers[L.opName] = LayerEntry(opName: L.opName, summary: L.summary, exampleConfig: L.exampleConfig,
                                      exampleInputShape: L.exampleInputShape,
                                      make: { config, generator in try L(config: config, generator: &generator) })
    }

    public mutating func register<L: RegisteredLoss>(_ type: L.Type) where L.Scalar == Scalar {
        require(losses[L.opName] == nil, "Registry: loss '\(L.opName)' is registered twice")
        losses[L.opName] = LossEntry(opName: L.opName, summary: L.summary, exampleConfig: L.exampleConfig,
                                     exampleInputShape: L.exampleInputShape, targetKind: L.targetKind,
                                     make: { try L(config: $0) })
    }

    public mutating func register<O: RegisteredOptimizer>(_ type: O.Type) where O.Scalar == Scalar {
        require(optimizers[O.opName] == nil, "Registry: optimizer '\(O.opName)' is registered twice")
        optimizers[O.opName] = OptimizerEntry(opName: O.opName, summary: O.summary, make: { try O(config: $0) })
    }

    /// Builds the layer `op`. An unknown op, or a config key the layer never read, is `unsupported`.
    public func makeLayer(_ op: String, config: [String: JSON] = [:],
                          generator: inout RandomGenerator) throws -> any Layer<Scalar> {
        guard let entry = layers[op] else { throw unknown(op, kind: "layer", known: layers.keys) }
        let reader = Config(op: op, config)
        let layer = try entry.make(reader, &generator)
        try rejectUnread(reader)
        return layer
    }

    public func makeLoss(_ op: String, config: [String: JSON] = [:]) throws -> any Loss<Scalar> {
        guard let entry = losses[op] else { throw unknown(op, kind: "loss", known: losses.keys) }
        let reader = Config(op: op, config)
        let loss = try entry.make(reader)
        try rejectUnread(reader)
        return loss
    }

    public func makeOptimizer(_ op: String, config: [String: JSON] = [:]) throws -> any Optimizer<Scalar> {
        guard let entry = optimizers[op] else { throw unknown(op, kind: "optimizer", known: optimizers.keys) }
        let reader = Config(op: op, config)
        let optimizer = try entry.make(reader)
        try rejectUnread(reader)
        return optimizer
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
