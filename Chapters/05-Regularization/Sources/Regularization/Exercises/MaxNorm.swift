import NablaCore

/// Exercise 5.3 — The max-norm constraint (Srebro et al., 2005; with dropout in Srivastava et
/// al., 2014): after each update, every unit's incoming weight vector longer than c is scaled
/// back to length c. PyTorch: `torch.renorm(weight, p=2, dim=0, maxnorm=c)`.
/// The text: Chapters/05-Regularization/EXERCISES.md #3.
///
///     wᵢ ← wᵢ · min(1, c / ‖wᵢ‖₂)     for each row i (one output unit) of weight [out, in]
///
/// Shapes: weight [out, in] → the same shape. Check it: `nabla exercises check max-norm`.
public func maxNormConstraint<Scalar: Real>(_ weight: Tensor<Scalar>, maxNorm: Scalar) throws -> Tensor<Scalar> {
    // Your code.
    throw NotImplemented("Chapters/05-Regularization/EXERCISES.md #3")
}
