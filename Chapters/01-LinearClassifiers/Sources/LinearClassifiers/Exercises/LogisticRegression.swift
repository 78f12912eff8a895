import NablaCore

/// Exercise 1.3 — Binary logistic regression: the loss and its gradients. The text:
/// Chapters/01-LinearClassifiers/EXERCISES.md #3.
///
/// For scores s = X w + b and labels y ∈ {0, 1}:
/// L = −(1/N) Σₙ [yₙ log σ(sₙ) + (1 − yₙ) log(1 − σ(sₙ))]   (PyTorch's BCEWithLogitsLoss)
/// Return L, dL/dw and dL/db (derive dL/ds first: it is remarkably simple).
///
/// Shapes: weights w [D], bias b a number, inputs X [N, D], labels y [N] (0 or 1, as numbers).
/// Check it: `nabla exercises check logistic-regression`.
public func logisticLossAndGradients<Scalar: Real>(weights: Tensor<Scalar>, bias: Scalar, inputs: Tensor<Scalar>,
                                                   labels: Tensor<Scalar>) throws
    -> (loss: Scalar, weightGradient: Tensor<Scalar>, biasGradient: Scalar) {
    // Your code. Write log σ(s) so that it never overflows (see `sigmoid` in chapter 2, or
    // log σ(s) = −log(1 + e^(−s)) with the log1p of the smaller exponent).
    throw NotImplemented("Chapters/01-LinearClassifiers/EXERCISES.md #3")
}
