import NablaCore

/// Softmax along the last axis: turns a row of scores into probabilities that sum to 1.
///
/// Forward:  y_i = e^(x_i − m) / Σ_j e^(x_j − m), with m = max_j x_j (the shift changes nothing
///           mathematically and keeps exp from overflowing).
/// Backward: dx_i = y_i (dy_i − Σ_j dy_j y_j), the Jacobian diag(y) − y yᵀ applied to dy.
public struct Softmax<Scalar: Real>: ParameterFreeLayer {
    public init() {}

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        try checkShape(input.rank >= 1, layer: "softmax", "input must have at least one dimension, got a scalar")
        let y = softmax(input)
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
            // s = Σ_j dy_j y_j
            var s: Scalar = 0
            for i in range { s += outputGradient.scalars[i] * y.scalars[i] }
            // dx_i = y_i (dy_i − s)
            for i in range { dx.scalars[i] = y.scalars[i] * (outputGradient.scalars[i] - s) }
        }
        return (dx, Parameters())
    }
}

/// Softmax of each row (the last axis) of `x`, computed stably.
@_specialize(where Scalar == Float)
public func softmax<Scalar: Real>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    var y = x
    let width = x.shape.last ?? 1
    guard width > 0 else { return y }
    for row in 0..<(x.count / width) {
        let range = (row * width)..<((row + 1) * width)
        let m = x.scalars[range].max()!
        var total: Scalar = 0
        for i in range {
            y.scalars[i] = Scalar.exp(x.scalars[i] - m)
            total += y.scalars[i]
        }
        for i in range { y.scalars[i] /= total }
    }
    return y
}
