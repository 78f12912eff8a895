import NablaCore

/// Exercise 5.2 — DropConnect (Wan et al., 2013): dropout on a linear layer's weights instead of
/// its outputs. The text: Chapters/05-Regularization/EXERCISES.md #2.
///
/// Training, with a mask M [out, in] of 0s (probability p) and 1s:
///     W′ = W ⊙ M / (1 − p),   y = x W′ᵀ + b
/// Evaluation: y = x Wᵀ + b (the 1/(1 − p) keeps the expectation equal, as in inverted dropout).
/// Backward (training): dL/dx, dL/dW (through W′: the mask and the scale apply), dL/db.
///
/// The mask: `context.fixedMasks["mask"]` when given (the fixtures give PyTorch's), else drawn
/// with `context.generator.uniform() < 1 − p` for each weight.
/// Shapes: x [N, in]; weight [out, in]; bias [out]; y [N, out]; mask [out, in].
/// Check it: `nabla exercises check dropconnect`.
public struct DropConnectLinear<Scalar: Real>: Layer {
    /// `weight` [out, in] and `bias` [out], as in Linear.
    public var parameters: Parameters<Scalar>
    /// p, the probability of dropping a weight.
    public let p: Double

    /// U(−1/√in, 1/√in), as `Linear`.
    public init(inputFeatures: Int, outputFeatures: Int, p: Double = 0.5, generator: inout RandomGenerator) {
        let bound = 1 / Scalar(inputFeatures).squareRoot()
        parameters = Parameters(["weight": .uniform(shape: [outputFeatures, inputFeatures], low: -bound, high: bound, generator: &generator),
                                 "bias": .uniform(shape: [outputFeatures], low: -bound, high: bound, generator: &generator)])
        self.p = p
    }

    /// What backward needs: add the fields you choose (the input, the scaled mask…).
    public struct Cache {}

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Cache) {
        // Your code: check the shape, choose the mask (training only), then y.
        throw NotImplemented("Chapters/05-Regularization/EXERCISES.md #2")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx, dL/dweight, dL/dbias.
        NotImplemented.placeholder("Chapters/05-Regularization/EXERCISES.md #2", (outputGradient, parameters))
    }
}
