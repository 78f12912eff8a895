import NablaCore

/// Inverted dropout: in training, each element is kept with probability 1 − p and scaled by
/// 1/(1 − p), or zeroed; in evaluation the layer is the identity.
///
///     training:   y = x ⊙ m / (1 − p),  m_i ~ Bernoulli(1 − p)       E[y_i] = x_i
///                 dL/dx = dy ⊙ m / (1 − p)
///     evaluation: y = x,   dL/dx = dy
///
/// Scaling at training time ("inverted") keeps the expected activation equal in both modes, so
/// nothing changes when the network is deployed. The mask comes from the context's generator,
/// or from `context.fixedMasks["mask"]` (a golden fixture gives PyTorch's mask).
public struct Dropout<Scalar: Real>: Layer {
    public var parameters: Parameters<Scalar> {
        get { Parameters() }
        set { require(newValue.isEmpty, "dropout has no parameters") }
    }
    /// The probability of zeroing an element.
    public let probability: Double

    /// The mask already divided by 1 − p (so backward is one multiplication), or nil in evaluation.
    public typealias Cache = Tensor<Scalar>?

    public init(probability: Double) {
        require((0..<1).contains(probability), "Dropout: p must be in [0, 1), got \(probability)")
        self.probability = probability
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        guard context.isTraining else { return (input, nil) }
        let scaledMask = try mask(like: input, context: &context)
        // y = x ⊙ m / (1 − p)
        return (input.zipMap(scaledMask, "dropout") { $0 * $1 }, scaledMask)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache scaledMask: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        guard let scaledMask else { return (outputGradient, Parameters()) }
        // dx = dy ⊙ m / (1 − p)
        return (outputGradient.zipMap(scaledMask, "dropout backward") { $0 * $1 }, Parameters())
    }

    /// m / (1 − p): the given mask, or a fresh Bernoulli(1 − p) draw.
    @_specialize(where Scalar == Float)
    func mask(like input: Tensor<Scalar>, context: inout ForwardContext) throws -> Tensor<Scalar> {
        let scale = Scalar(1 / (1 - probability))
        if let given = context.fixedMasks["mask"] {
            try checkShape(given.shape == input.shape, layer: "dropout",
                           "mask \(describe(shape: given.shape)) does not match input \(describe(shape: input.shape))")
            return given.converted(to: Scalar.self).map { $0 * scale }
        }
        var mask = Tensor<Scalar>(zeros: input.shape)
        let keep = 1 - probability
        mask.withUnsafeMutableBufferPointer { m in
            for i in m.indices where context.generator.uniform() < keep { m[i] = scale }
        }
        return mask
    }
}
