import NablaCore

/// Exercise 1.2 — The ridge loss and its gradient, for gradient descent. The text:
/// Chapters/01-LinearClassifiers/EXERCISES.md #2.
///
/// L(w) = (1/N) ‖X w − y‖² + λ ‖w‖²   (a mean over the N examples, plus the penalty)
/// Return L and dL/dw (derive it: the chain rule through the residual r = Xw − y).
///
/// Shapes: weights w [D], inputs X [N, D], targets y [N]; the gradient has w's shape.
/// Check it: `nabla exercises check ridge-gradient`.
public func ridgeLossAndGradient<Scalar: Real>(weights: Tensor<Scalar>, inputs: Tensor<Scalar>, targets: Tensor<Scalar>,
                                               lambda: Scalar) throws -> (loss: Scalar, gradient: Tensor<Scalar>) {
    // Your code.
    throw NotImplemented("Chapters/01-LinearClassifiers/EXERCISES.md #2")
}
