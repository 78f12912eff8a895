import NablaCore

/// The multiclass SVM (hinge) loss of CS231n: for each example, every wrong class j whose score
/// comes within `margin` of the right class's score adds the shortfall.
///
///     L = (1/N) Σ_n Σ_{j ≠ y_n} max(0, s_nj − s_ny + margin)
///
/// Each active term (s_nj − s_ny + margin > 0) adds +1/N to dL/ds_nj and −1/N to dL/ds_ny.
/// At exactly 0 the term counts as inactive (derivative 0), as in PyTorch's multi_margin_loss.
public struct MulticlassHingeLoss<Scalar: Real>: Loss {
    public let margin: Scalar

    public init(margin: Scalar = 1) { self.margin = margin }

    /// Caches which terms are active, as a gradient already divided by N.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Tensor<Scalar>) {
        let labels = try classLabels(input, target, loss: "multiclass_hinge")
        let classes = input.shape[1], n = Scalar(labels.count)
        var total: Scalar = 0
        var gradient = Tensor<Scalar>(zeros: input.shape)
        for (row, label) in labels.enumerated() {
            let correct = input.scalars[row * classes + label]
            for j in 0..<classes where j != label {
                let shortfall = input.scalars[row * classes + j] - correct + margin
                if shortfall > 0 {
                    total += shortfall
                    gradient.scalars[row * classes + j] += 1 / n
                    gradient.scalars[row * classes + label] -= 1 / n
                }
            }
        }
        return (total / n, gradient)
    }

    @_specialize(where Scalar == Float)
    public func backward(cache gradient: Tensor<Scalar>) -> Tensor<Scalar> { gradient }
}
