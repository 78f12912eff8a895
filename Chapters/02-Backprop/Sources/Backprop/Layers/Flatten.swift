import NablaCore

/// Flatten keeps the batch dimension and joins all others: `[N, C, H, W]` → `[N, C·H·W]`.
/// No arithmetic, so backward only restores the shape.
public struct Flatten<Scalar: Real>: ParameterFreeLayer {
    public static var opName: String { "flatten" }
    public static var summary: String { "[N, d1, d2, ...] -> [N, d1*d2*...]" }
    public static var exampleInputShape: [Int] { [2, 3, 2, 2] }

    public init() {}
    public init(config: Config, generator: inout RandomGenerator) throws {}

    /// Caches the input shape.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: [Int]) {
        try checkShape(input.rank >= 1, layer: "flatten", "input must have a batch dimension, got a scalar")
        return (input.reshaped([input.shape[0], input.shape.dropFirst().reduce(1, *)]), input.shape)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache inputShape: [Int])
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        (outputGradient.reshaped(inputShape), Parameters())
    }
}
