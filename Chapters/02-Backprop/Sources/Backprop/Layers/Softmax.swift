import NablaCore

/// Softmax along the last axis: turns a row of scores into probabilities that sum to 1.
///
/// Forward:  y_i = e^(x_i − m) / Σ_j e^(x_j − m), with m = max_j x_j (the shift changes nothing
///           mathematically and keeps exp from overflowing).
/// Backward: dx_i = y_i (dy_i − Σ_j dy_j y_j), the Jacobian diag(y) − y yᵀ applied to dy.
public struct Softmax<Scalar: Real>: LastAxisNormalization {
    public static var layerName: String { "softmax" }
    public init() {}
    public static func normalize(_ x: Tensor<Scalar>) -> Tensor<Scalar> { softmax(x) }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache y: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        var dx = outputGradient
        for range in lastAxisRows(y) {
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
    for range in lastAxisRows(x) {
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

/// The positions of each row along the last axis of `x`, in order: the vectors a softmax or a
/// log-softmax normalises one at a time. None when the rows are empty.
func lastAxisRows<Scalar>(_ x: Tensor<Scalar>) -> [Range<Int>] {
    let width = x.shape.last ?? 1
    guard width > 0 else { return [] }
    return (0..<(x.count / width)).map { ($0 * width)..<(($0 + 1) * width) }
}

/// What softmax and log-softmax share: each row along the last axis is normalised on its own, and
/// backward needs only the output, which forward caches.
public protocol LastAxisNormalization: ParameterFreeLayer where Cache == Tensor<Scalar> {
    init()
    /// The op's name, for error messages.
    static var layerName: String { get }
    /// y = f(x) along the last axis.
    static func normalize(_ x: Tensor<Scalar>) -> Tensor<Scalar>
}

extension LastAxisNormalization {
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        try checkShape(input.rank >= 1, layer: Self.layerName, "input must have at least one dimension, got a scalar")
        let y = Self.normalize(input)
        return (y, y)
    }
}
