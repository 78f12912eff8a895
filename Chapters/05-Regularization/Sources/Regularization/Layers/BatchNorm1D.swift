import NablaCore

/// Batch normalisation of features: input `[N, C]` (or `[N, C, L]`), each feature normalised over
/// the batch (and L). The arithmetic is in `BatchNormalization`; this layer checks shapes.
public struct BatchNorm1D<Scalar: Real>: RegisteredLayer {
    public static var opName: String { "batch_norm1d" }
    public static var summary: String { "y = γ (x − μ)/√(σ² + ε) + β per feature, μ and σ² over the batch" }
    public static var exampleConfig: [String: JSON] { ["num_features": .number(3)] }
    public static var exampleInputShape: [Int] { [5, 3] }

    public var normalization: BatchNormalization<Scalar>
    public var parameters: Parameters<Scalar> {
        get { normalization.parameters }
        set { normalization.parameters = newValue }
    }
    public var buffers: Parameters<Scalar> {
        get { normalization.buffers }
        set { normalization.buffers = newValue }
    }

    public init(featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1) {
        normalization = BatchNormalization(featureCount: featureCount, epsilon: epsilon, momentum: momentum)
    }

    public init(config: Config, generator: inout RandomGenerator) throws {
        normalization = try BatchNormalization(config: config)
    }

    @_specialize(where Scalar == Float)
    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: BatchNormalization<Scalar>.Cache) {
        try checkShape(input.rank == 2 || input.rank == 3, layer: Self.opName,
                       "expected 2D or 3D input [N, C] or [N, C, L], got \(describe(shape: input.shape))")
        try checkBatchNormInput(input, featureCount: normalization.featureCount, isTraining: context.isTraining,
                                layer: Self.opName)
        return normalization.forward(input, isTraining: context.isTraining)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: BatchNormalization<Scalar>.Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        normalization.backward(outputGradient, cache: cache)
    }
}

/// The checks PyTorch makes: the channel axis holds `num_features` values, and training needs
/// more than one value per channel (the variance of one value is 0, the unbiased one undefined).
func checkBatchNormInput<Scalar>(_ input: Tensor<Scalar>, featureCount: Int, isTraining: Bool, layer: String) throws {
    try checkShape(input.shape[1] == featureCount, layer: layer,
                   "input \(describe(shape: input.shape)) has \(input.shape[1]) channels on axis 1, expected num_features = \(featureCount)")
    let valuesPerChannel = ChannelLayout(input.shape).valuesPerChannel
    try checkShape(!isTraining || valuesPerChannel > 1, layer: layer,
                   "expected more than 1 value per channel when training, got input \(describe(shape: input.shape))")
}
