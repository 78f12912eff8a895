import NablaCore
import NablaTrain

/// The L2 penalty ("ridge"), added to the loss:
///
///     R(w) = λ/2 · Σ w²,    ∂R/∂w = λ·w
///
/// Its gradient is exactly what SGD's `weight_decay = λ` adds, so for plain SGD the two are the
/// same thing (a test checks bit for bit). With Adam they are not: the penalty's gradient is
/// divided by √v like any other, while AdamW's decoupled decay shrinks w by η·λ·w directly.
public struct L2Penalty: WeightPenalty {
    public let strength: Double

    public init(strength: Double) { self.strength = strength }

    public func value<Scalar: Real>(of weights: Tensor<Scalar>) -> Double {
        // λ/2 · Σ w²
        strength / 2 * weights.scalars.reduce(0) { $0 + Double($1) * Double($1) }
    }

    @_specialize(where Scalar == Float)
    public func addGradient<Scalar: Real>(of weights: Tensor<Scalar>, to gradient: inout Tensor<Scalar>) {
        let lambda = Scalar(strength)
        weights.withUnsafeBufferPointer { w in
            gradient.withUnsafeMutableBufferPointer { g in
                // g = g + λ·w
                for i in g.indices { g[i] = g[i] + lambda * w[i] }
            }
        }
    }
}
