import NablaCore

/// The hyperbolic tangent, a zero-centred squashing function into (−1, 1).
/// tanh′(x) = 1 − tanh²(x), so the output is all backward needs.
public struct Tanh<Scalar: Real>: ElementwiseActivation {
    public static var opName: String { "tanh" }
    public static var summary: String { "y = tanh(x)" }

    public init() {}
    public init(config: Config, generator: inout RandomGenerator) throws {}

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
