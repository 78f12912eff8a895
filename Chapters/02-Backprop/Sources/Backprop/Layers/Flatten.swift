import NablaCore

/// Flatten keeps the batch dimension and joins all others: `[N, C, H, W]` → `[N, C·H·W]`.
///
/// Forward:   y = x viewed as `[N, C·H·W]`
/// Backward:  dL/dx = dy viewed as `[N, C, H, W]`   (no arithmetic: only the shape changes back)
public struct Flatten<Scalar: Real>: ParameterFreeLayer {
    public init() {}

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
