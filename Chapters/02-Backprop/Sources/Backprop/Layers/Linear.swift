import NablaCore

/// A fully connected layer: every output is a weighted sum of every input, plus a bias.
///
/// Forward:   y = x Wᵀ + b
/// Backward:  dL/dx = dy W,   dL/dW = dyᵀ x,   dL/db = Σ_n dy[n, :]
///
/// Shapes: x `[N, in]` (or `[*, in]`), weight `[out, in]` (PyTorch's layout), bias `[out]`, y `[N, out]`.
public struct Linear<Scalar: Real>: Layer {
    public var parameters: Parameters<Scalar>
    public let inputFeatures: Int, outputFeatures: Int

    /// What backward needs: the input, flattened to a matrix, and its original shape.
    public struct Cache {
        let input: Tensor<Scalar>
        let inputShape: [Int]
    }

    /// Weights and bias drawn from U(−1/√in, 1/√in), PyTorch's default for `nn.Linear`.
    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, generator: inout RandomGenerator) {
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        let bound = 1 / Scalar(inputFeatures).squareRoot()
        parameters = Parameters()
        parameters.append("weight", .uniform(shape: [outputFeatures, inputFeatures], low: -bound, high: bound,
                                             generator: &generator))
        if bias {
            parameters.append("bias", .uniform(shape: [outputFeatures], low: -bound, high: bound, generator: &generator))
        }
    }

    public var hasBias: Bool { parameters.tensor(named: "bias") != nil }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        try checkShape(input.rank >= 1 && input.shape.last == inputFeatures, layer: "linear",
                       "input \(describe(shape: input.shape)) cannot be multiplied by weightᵀ "
                       + "\(describe(shape: [inputFeatures, outputFeatures])): last dimension must be in_features = \(inputFeatures)")
        let x = input.reshaped([-1, inputFeatures])
        if let problem = TensorSize.problem(with: [x.shape[0], outputFeatures]) {
            throw NablaError.shapeMismatch(layer: "linear", message: "the output would be too large: \(problem)")
        }
        // y = x Wᵀ + b
        var y = matmul(x, parameters["weight"], transposeB: true)
        if hasBias { y.addToEachRow(parameters["bias"]) }
        let outputShape = Array(input.shape.dropLast()) + [outputFeatures]
        return (y.reshaped(outputShape), Cache(input: x, inputShape: input.shape))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        let dy = outputGradient.reshaped([-1, outputFeatures])
        // dx = dy W
        let dx = matmul(dy, parameters["weight"])
        return (dx.reshaped(cache.inputShape), parameterGradients(outputGradient, cache: cache))
    }

    @_specialize(where Scalar == Float)
    public func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar> {
        let dy = outputGradient.reshaped([-1, outputFeatures])
        var gradients = Parameters<Scalar>()
        // dW = dyᵀ x
        gradients.append("weight", matmul(dy, cache.input, transposeA: true))
        // db = Σ_n dy[n, :]
        if hasBias { gradients.append("bias", dy.sum(axis: 0)) }
        return gradients
    }

    /// in·out per row of the input: one product per weight.
    public func multiplyAdds(exampleShape: [Int]) -> Int {
        exampleShape.dropLast().reduce(1, *) * inputFeatures * outputFeatures
    }
}
