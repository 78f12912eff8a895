/// The contract every loss follows: a scalar from predictions and targets, and its gradient with
/// respect to the predictions.
///
///     let (loss, cache) = try lossFunction.forward(scores, target: labels)   // L = mean over the batch
///     let dScores = lossFunction.backward(cache: cache)                       // dL/dscores
///
/// Targets are tensors of the same scalar type; class labels are stored as whole numbers.
public protocol Loss<Scalar> {
    associatedtype Scalar: Real
    associatedtype Cache

    /// L(input, target), a mean over the batch as in PyTorch's default `reduction="mean"`.
    func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Cache)

    /// dL/dinput (for an upstream gradient of 1).
    func backward(cache: Cache) -> Tensor<Scalar>
}

extension Loss {
    /// The loss alone.
    public func callAsFunction(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> Scalar {
        try forward(input, target: target).loss
    }

    /// Loss and gradient in one call, for code that holds `any Loss`.
    public func lossAndGradient(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws
        -> (loss: Scalar, inputGradient: Tensor<Scalar>) {
        let (loss, cache) = try forward(input, target: target)
        return (loss, backward(cache: cache))
    }
}

/// What kind of target a loss expects, so the gradient checker can make a valid one.
public enum TargetKind: Sendable {
    /// Class indices, one per row: shape `[N]` for input `[N, C]`.
    case classIndices
    /// Values in [0, 1], same shape as the input (binary cross-entropy).
    case probabilities
    /// Any real values, same shape as the input (regression).
    case values
}
