import NablaCore

/// The hyperbolic tangent, a zero-centred squashing function into (−1, 1).
///
/// Forward:   y = tanh(x)
/// Backward:  dL/dx = dy · (1 − y²)   (tanh′ = 1 − tanh², so the output is all backward needs)
public struct Tanh<Scalar: Real>: ElementwiseActivation {
    public init() {}

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        let y = input.map(Scalar.tanh)
        return (y, y)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache y: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dx = dy · (1 − y²)
        (outputGradient.zipMap(y, "tanh backward") { dy, y in dy * (1 - y * y) }, Parameters())
    }
}
