import NablaCore
import NablaTrain

/// The L1 penalty ("lasso"), added to the loss:
///
///     R(w) = λ · Σ |w|,    ∂R/∂w = λ·sign(w)   (0 at w = 0, the subgradient PyTorch's abs uses)
///
/// Unlike L2, whose pull λ·w fades as w shrinks, L1 pulls every weight towards 0 with the same
/// force λ, so weights that the data does not need end up at (or oscillating around) zero: a
/// sparse network. `fractionNearZero` measures how sparse.
public struct L1Penalty: WeightPenalty {
    public let strength: Double

    public init(strength: Double) { self.strength = strength }

    public func value<Scalar: Real>(of weights: Tensor<Scalar>) -> Double {
        // λ · Σ |w|
        strength * weights.scalars.reduce(0) { $0 + abs(Double($1)) }
    }

    @_specialize(where Scalar == Float)
    public func addGradient<Scalar: Real>(of weights: Tensor<Scalar>, to gradient: inout Tensor<Scalar>) {
        let lambda = Scalar(strength)
        weights.withUnsafeBufferPointer { w in
            gradient.withUnsafeMutableBufferPointer { g in
                // g = g + λ·sign(w)
                for i in g.indices { g[i] += w[i] > 0 ? lambda : (w[i] < 0 ? -lambda : 0) }
            }
        }
    }
}

/// The fraction of a model's penalised weights (matrices and kernels) with |w| < threshold.
public func fractionNearZero(_ parameters: Parameters<Float>, threshold: Float) -> Double {
    var near = 0, total = 0
    for (_, tensor) in parameters.pairs where isPenalised(tensor) {
        tensor.withUnsafeBufferPointer { w in
            for value in w where abs(value) < threshold { near += 1 }
        }
        total += tensor.count
    }
    return Double(near) / Double(max(total, 1))
}
