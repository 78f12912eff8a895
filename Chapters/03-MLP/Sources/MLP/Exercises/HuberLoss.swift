import NablaCore

/// Exercise 3.1 — The Huber loss: squared near the target, linear far from it, so outliers pull
/// less (Huber, 1964; PyTorch's `nn.HuberLoss(delta)`). The text: Chapters/03-MLP/EXERCISES.md #1.
///
/// With d = input − target, element by element, and n the number of elements:
/// L = (1/n) Σ ℓ(d),   ℓ(d) = ½ d²            if |d| < δ
///                     ℓ(d) = δ (|d| − ½ δ)   otherwise
/// Backward: dL/dinput, one derivative per branch (they meet at |d| = δ).
///
/// Shapes: input and target the same shape, any; the gradient has the input's shape.
/// Check it: `nabla exercises check huber-loss`.
public struct HuberLoss<Scalar: Real>: Loss {
    /// δ, where the square turns into a line (PyTorch's default 1).
    public let delta: Scalar

    public init(delta: Scalar = 1) { self.delta = delta }

    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Tensor<Scalar>) {
        // Your code: check the shapes (NablaError.shapeMismatch), then L and a cache for backward.
        throw NotImplemented("Chapters/03-MLP/EXERCISES.md #1")
    }

    public func backward(cache: Tensor<Scalar>) -> Tensor<Scalar> {
        // Your code: dL/dinput.
        NotImplemented.placeholder("Chapters/03-MLP/EXERCISES.md #1", cache)
    }
}
