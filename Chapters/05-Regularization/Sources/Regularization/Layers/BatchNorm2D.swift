import NablaCore

/// Batch normalisation of images: input `[N, C, H, W]`, each channel normalised over the batch and
/// all H·W positions (one γ and β per channel, as a convolution shares its weights). The
/// arithmetic is in `BatchNormalization`; this layer checks shapes.
public struct BatchNorm2D<Scalar: Real>: RegisteredLayer {
    public static var opName: String { "batch_norm2d" }
    public static var summary: String { "y = γ (x − μ)/√(σ² + ε) + β per channel, μ and σ² over batch and positions" }
    public static var exampleConfig: [String: JSON] { ["num_features": .number(3)] }
    public static var exampleInputShape: [Int] { [2, 3, 4, 5] }

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
        try checkShape(input.rank == 4, layer: Self.opName,
                       "expected 4D input [N, C, H, W], got \(describe(shape: input.shape))")
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

