import NablaCore

/// Log-softmax along the last axis: y_i = x_i − log Σ_j e^(x_j), computed as
/// y_i = (x_i − m) − log Σ_j e^(x_j − m) with m = max_j x_j (log-sum-exp), which never overflows.
///
/// Backward: dx_i = dy_i − softmax(x)_i Σ_j dy_j.
public struct LogSoftmax<Scalar: Real>: ParameterFreeLayer {
    public init() {}

    /// Caches the output: softmax(x) = e^y.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        try checkShape(input.rank >= 1, layer: "log_softmax", "input must have at least one dimension, got a scalar")
        let y = logSoftmax(input)
        return (y, y)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache y: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        var dx = outputGradient
        let width = y.shape.last!
        guard width > 0 else { return (dx, Parameters()) }
        for row in 0..<(y.count / width) {
            let range = (row * width)..<((row + 1) * width)
            let total = outputGradient.scalars[range].reduce(0, +)
            // dx_i = dy_i − e^(y_i) Σ_j dy_j
            for i in range { dx.scalars[i] = outputGradient.scalars[i] - Scalar.exp(y.scalars[i]) * total }
        }
        return (dx, Parameters())
    }
}

/// Log-softmax of each row (the last axis) of `x`, by the log-sum-exp trick.
@_specialize(where Scalar == Float)
public func logSoftmax<Scalar: Real>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    var y = x
    let width = x.shape.last ?? 1
    guard width > 0 else { return y }
    for row in 0..<(x.count / width) {
        let range = (row * width)..<((row + 1) * width)
        let m = x.scalars[range].max()!
        // log Σ_j e^(x_j) = m + log Σ_j e^(x_j − m)
        var total: Scalar = 0
        for i in range { total += Scalar.exp(x.scalars[i] - m) }
        let logSumExp = m + Scalar.log(total)
        for i in range { y.scalars[i] = x.scalars[i] - logSumExp }
    }
    return y
}
