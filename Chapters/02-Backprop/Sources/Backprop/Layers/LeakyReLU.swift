import NablaCore

/// Leaky ReLU: negative inputs still pass a little gradient.
///
/// Forward:   y = x if x > 0, else a·x
/// Backward:  dL/dx = dy if x > 0, else a·dy   (a at x = 0, as in PyTorch)
public struct LeakyReLU<Scalar: Real>: ElementwiseActivation {

    public let negativeSlope: Scalar

    public init(negativeSlope: Scalar = 0.01) { self.negativeSlope = negativeSlope }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // y = x if x > 0 else a·x
        (input.map { $0 > 0 ? $0 : negativeSlope * $0 }, input)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache input: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dx = dy if x > 0 else a·dy
        (outputGradient.zipMap(input, "leaky_relu backward") { dy, x in x > 0 ? dy : negativeSlope * dy }, Parameters())
    }
}
