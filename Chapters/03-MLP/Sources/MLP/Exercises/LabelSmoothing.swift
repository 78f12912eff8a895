import NablaCore

/// Exercise 3.2 — Cross-entropy with label smoothing (Szegedy et al., 2016): the target puts
/// 1 − ε on the true class and spreads ε evenly over all C classes, so the network is never pushed
/// to infinite confidence. PyTorch's `nn.CrossEntropyLoss(label_smoothing=ε)`.
/// The text: Chapters/03-MLP/EXERCISES.md #2.
///
/// For scores x [N, C] and labels t [N]: p = softmax(x) row by row, qₙ = (1 − ε)·onehot(tₙ) + ε/C,
/// L = −(1/N) Σₙ Σ_c qₙ_c log pₙ_c
/// Backward: dL/dx (derive it as for plain cross-entropy; the answer is as short).
///
/// Shapes: input [N, C], target [N] holding class indices as numbers; gradient [N, C].
/// Check it: `nabla exercises check label-smoothing`.
public struct LabelSmoothingCrossEntropyLoss<Scalar: Real>: Loss {
    /// ε, in [0, 1]: 0 is plain cross-entropy.
    public let labelSmoothing: Scalar

    public init(labelSmoothing: Scalar = 0.1) { self.labelSmoothing = labelSmoothing }

    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Tensor<Scalar>) {
        // Your code: check the shapes and labels, then L and a cache for backward. Chapter 2's
        // `LogSoftmax` layer computes log p stably.
        throw NotImplemented("Chapters/03-MLP/EXERCISES.md #2")
    }

    public func backward(cache: Tensor<Scalar>) -> Tensor<Scalar> {
        // Your code: dL/dx.
        NotImplemented.placeholder("Chapters/03-MLP/EXERCISES.md #2", cache)
    }
}
