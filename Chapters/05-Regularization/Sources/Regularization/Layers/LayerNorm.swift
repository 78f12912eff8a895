import NablaCore

/// Layer normalisation: each example is normalised over its trailing dimensions
/// (`normalized_shape`, D values), with no batch statistics, so training and evaluation agree.
///
///     μ = mean(x_row),  σ² = mean((x_row − μ)²),  x̂ = (x_row − μ)/√(σ² + ε),  y = γ ⊙ x̂ + β
///
/// Backward, with dx̂ = dy ⊙ γ and the sums over the D values of a row:
///
///     dL/dx = (D·dx̂ − Σdx̂ − x̂·Σ(dx̂ ⊙ x̂)) / (D·√(σ² + ε))
///     dL/dγ = Σ_rows dy ⊙ x̂,   dL/dβ = Σ_rows dy
///
/// γ and β have the shape `normalized_shape`: one scale and shift per normalised position.
public struct LayerNorm<Scalar: Real>: Layer {
    public var parameters: Parameters<Scalar>
    public let normalizedShape: [Int]
    public let epsilon: Double

    /// x̂ and 1/√(σ² + ε) of every row.
    public struct Cache {
        let normalized: Tensor<Scalar>
        let inverseStandardDeviation: [Scalar]
    }

    /// γ = 1, β = 0, as PyTorch starts.
    public init(normalizedShape: [Int], epsilon: Double = 1e-5) {
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        parameters = Parameters(["weight": Tensor(repeating: 1, shape: normalizedShape),
                                 "bias": Tensor(zeros: normalizedShape)])
    }

    /// D: the number of values normalised together.
    var rowLength: Int { normalizedShape.reduce(1, *) }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        try checkShape(input.rank >= normalizedShape.count && Array(input.shape.suffix(normalizedShape.count)) == normalizedShape,
                       layer: "layer_norm", "input \(describe(shape: input.shape)) does not end with normalized_shape \(describe(shape: normalizedShape))")
        let d = rowLength, rows = input.count / d, eps = Scalar(epsilon)
        var normalized = Tensor<Scalar>(zeros: input.shape), output = Tensor<Scalar>(zeros: input.shape)
        var inverseStd = [Scalar](repeating: 0, count: rows)
        withBuffers(input, parameters["weight"], parameters["bias"], writing: &normalized, &output) { x, gamma, beta, xHat, y in
            for row in 0..<rows {
                let base = row * d
                // μ = Σx / D
                var mean: Scalar = 0
                for i in 0..<d { mean += x[base + i] }
                mean /= Scalar(d)
                // σ² = Σ(x − μ)² / D
                var variance: Scalar = 0
                for i in 0..<d { variance += (x[base + i] - mean) * (x[base + i] - mean) }
                variance /= Scalar(d)
                let k = 1 / (variance + eps).squareRoot()
                inverseStd[row] = k
                for i in 0..<d {
                    // x̂ = (x − μ)/√(σ² + ε),  y = γ ⊙ x̂ + β
                    xHat[base + i] = (x[base + i] - mean) * k
                    y[base + i] = gamma[i] * xHat[base + i] + beta[i]
                }
            }
        }
        return (output, Cache(normalized: normalized, inverseStandardDeviation: inverseStd))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        let d = rowLength, rows = outputGradient.count / d
        var dx = Tensor<Scalar>(zeros: outputGradient.shape)
        var dGamma = Tensor<Scalar>(zeros: normalizedShape), dBeta = Tensor<Scalar>(zeros: normalizedShape)
        withBuffers(outputGradient, cache.normalized, parameters["weight"], writing: &dx, &dGamma, &dBeta) { dy, xHat, gamma, dx, dGamma, dBeta in
            for row in 0..<rows {
                let base = row * d
                // dx̂ = dy ⊙ γ;  Σdx̂ and Σdx̂·x̂ over the row
                var sum: Scalar = 0, dot: Scalar = 0
                for i in 0..<d {
                    let g = dy[base + i] * gamma[i]
                    sum += g
                    dot += g * xHat[base + i]
                    // dγ = Σ_rows dy ⊙ x̂,  dβ = Σ_rows dy
                    dGamma[i] += dy[base + i] * xHat[base + i]
                    dBeta[i] += dy[base + i]
                }
                // dx = (D·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (D·√(σ² + ε))
                let k = cache.inverseStandardDeviation[row] / Scalar(d)
                for i in 0..<d {
                    let g = dy[base + i] * gamma[i]
                    dx[base + i] = k * (Scalar(d) * g - sum - xHat[base + i] * dot)
                }
            }
        }
        return (dx, Parameters(["weight": dGamma, "bias": dBeta]))
    }
}
