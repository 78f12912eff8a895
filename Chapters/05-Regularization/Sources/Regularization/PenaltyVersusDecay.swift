import NablaCore
import Backprop

/// L2 penalty or weight decay? A two-weight problem that shows when they are the same.
///
///     L(w) = ½ Σᵢ aᵢ (wᵢ − 1)²  with a = (100, 0.01):  one stiff weight and one the data barely constrains
///
/// "L2 penalty" adds λ/2·‖w‖² to L, so the optimizer sees ∇L + λw. "Weight decay" is the
/// optimizer's own option. For SGD both give θ ← θ − η(∇L + λθ): the same numbers, bit for bit.
/// Adam's `weight_decay` is also the penalty (PyTorch adds λθ to the gradient), and Adam divides
/// it by √v like the rest of the gradient; AdamW instead shrinks θ by η·λ·θ outside the
/// normalisation. The penalty's optimum is wᵢ = aᵢ/(aᵢ + λ); AdamW has a different fixed point.
public struct PenaltyVersusDecay: Sendable {
    public let curvatures: [Double] = [100, 0.01]
    public let strength = 0.1
    public let steps = 20_000

    public init() {}

    /// ∇L(w) = a ⊙ (w − 1)
    func lossGradient(_ w: Tensor<Double>) -> Tensor<Double> {
        Tensor(shape: w.shape, scalars: zip(curvatures, w.scalars).map { $0 * ($1 - 1) })
    }

    /// The weights after `steps` updates from w = (1, 1), adding the L2 penalty's gradient λw to
    /// ∇L when `penalty` is set.
    public func train(_ optimizer: some Optimizer<Double>, penalty: Bool) -> Tensor<Double> {
        var optimizer = optimizer
        var w = Tensor<Double>(repeating: 1, shape: [curvatures.count])
        for _ in 0..<steps {
            var gradient = lossGradient(w)
            if penalty { L2Penalty(strength: strength).addGradient(of: w, to: &gradient) }
            optimizer.update(&w, gradient: gradient, key: "w")
        }
        return w
    }

    /// The minimum of L + λ/2‖w‖²: wᵢ = aᵢ/(aᵢ + λ).
    public var penaltyOptimum: [Double] { curvatures.map { $0 / ($0 + strength) } }

    /// The rows of SGD, which this chapter has: the penalty and `weight_decay` give the same weights.
    /// (`ch5-regularization` adds chapter 7's Adam and AdamW rows, and `penaltyOptimum`.)
    public func sgdRows() -> [(name: String, weights: [Double])] {
        let rate = 0.015
        return [
            ("SGD on L + λ/2‖w‖² (L2 penalty)", train(SGD<Double>(learningRate: rate), penalty: true).scalars),
            ("SGD, weight_decay λ", train(SGD<Double>(learningRate: rate, weightDecay: strength), penalty: false).scalars),
        ]
    }
}
