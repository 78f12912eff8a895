import NablaCore

/// What `BatchNorm1D` and `BatchNorm2D` share: the arithmetic (`BatchNormalization`), its
/// parameters and buffers, forward and backward. They differ only in the input ranks they accept.
public protocol BatchNormLayer: RegisteredLayer where Cache == BatchNormalization<Scalar>.Cache {
    var normalization: BatchNormalization<Scalar> { get set }
    init(normalization: BatchNormalization<Scalar>)
    /// The ranks of input this layer takes, and how to say so in an error.
    static var acceptedRanks: Set<Int> { get }
    static var expectedInput: String { get }
}

extension BatchNormLayer {
    public static var exampleConfig: [String: JSON] { ["num_features": .number(3)] }

    public init(featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1) {
        self.init(normalization: BatchNormalization(featureCount: featureCount, epsilon: epsilon, momentum: momentum))
    }

    public init(config: Config, generator: inout RandomGenerator) throws {
        self.init(normalization: try BatchNormalization(config: config))
    }

    public var parameters: Parameters<Scalar> {
        get { normalization.parameters }
        set { normalization.parameters = newValue }
    }

    public var buffers: Parameters<Scalar> {
        get { normalization.buffers }
        set { normalization.buffers = newValue }
    }

    /// PyTorch's checks, then batch statistics in training or running statistics in evaluation.
    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        try checkShape(Self.acceptedRanks.contains(input.rank), layer: Self.opName,
                       "expected \(Self.expectedInput), got \(describe(shape: input.shape))")
        try checkShape(input.shape[1] == normalization.featureCount, layer: Self.opName,
                       "input \(describe(shape: input.shape)) has \(input.shape[1]) channels on axis 1, expected num_features = \(normalization.featureCount)")
        // The variance of one value is 0 and its unbiased variance undefined.
        try checkShape(!context.isTraining || ChannelLayout(input.shape).valuesPerChannel > 1, layer: Self.opName,
                       "expected more than 1 value per channel when training, got input \(describe(shape: input.shape))")
        return normalization.forward(input, isTraining: context.isTraining)
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        normalization.backward(outputGradient, cache: cache)
    }
}
