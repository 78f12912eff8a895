import NablaCore

/// The logistic sigmoid, squashing any real number into (0, 1).
///
/// Forward:   y = σ(x) = 1 / (1 + e^(−x))
/// Backward:  dL/dx = dy · y (1 − y)   (σ′ = σ(1 − σ), written with the output)
public struct Sigmoid<Scalar: Real>: ElementwiseActivation {
    public init() {}

    /// Caches the output y, which is all the derivative needs.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        let y = input.map(sigmoid)
        return (y, y)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache y: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dx = dy · y(1 − y)
        (outputGradient.zipMap(y, "sigmoid backward") { dy, y in dy * y * (1 - y) }, Parameters())
    }
}

/// σ(x) without overflow: for x < 0, e^x / (1 + e^x), so exp never sees a large positive number.
@inlinable
@_specialize(where Scalar == Float)
public func sigmoid<Scalar: Real>(_ x: Scalar) -> Scalar {
    if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
    let e = Scalar.exp(x)
    return e / (1 + e)
}
