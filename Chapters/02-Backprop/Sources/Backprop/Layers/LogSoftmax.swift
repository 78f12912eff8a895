import NablaCore

/// Log-softmax along the last axis: y_i = x_i − log Σ_j e^(x_j), computed as
/// y_i = (x_i − m) − log Σ_j e^(x_j − m) with m = max_j x_j (log-sum-exp), which never overflows.
///
/// Backward: dx_i = dy_i − softmax(x)_i Σ_j dy_j.
public struct LogSoftmax<Scalar: Real>: LastAxisNormalization {
    public static var layerName: String { "log_softmax" }
    public init() {}
    /// The cached output gives softmax(x) = e^y.
    public static func normalize(_ x: Tensor<Scalar>) -> Tensor<Scalar> { logSoftmax(x) }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache y: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        var dx = outputGradient
        for range in lastAxisRows(y) {
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
    for range in lastAxisRows(x) {
        let m = x.scalars[range].max()!
        // log Σ_j e^(x_j) = m + log Σ_j e^(x_j − m)
        var total: Scalar = 0
        for i in range { total += Scalar.exp(x.scalars[i] - m) }
        let logSumExp = m + Scalar.log(total)
        for i in range { y.scalars[i] = x.scalars[i] - logSumExp }
    }
    return y
}
