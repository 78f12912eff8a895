import NablaCore

/// Exercise 6.2 — Orthogonal initialisation (Saxe et al., 2014): a weight matrix with orthonormal
/// rows or columns, so a deep linear network keeps every direction's length. PyTorch:
/// `nn.init.orthogonal_(w, gain)`. The text: Chapters/06-Initialization/EXERCISES.md #2.
///
/// View the weight as a matrix [rows, cols] = [shape[0], product of the rest]. Fill a matrix of
/// that shape with N(0, 1) draws, orthonormalise (Gram–Schmidt, or Householder QR) along its
/// shorter side, and multiply by `gain`:
///     rows ≤ cols:  W Wᵀ = gain² · I(rows)        rows > cols:  Wᵀ W = gain² · I(cols)
///
/// Shapes: any weight shape of rank ≥ 2; the result has it. Check it: `nabla exercises check orthogonal`.
public func orthogonal<Scalar: Real>(shape: [Int], gain: Scalar = 1, generator: inout RandomGenerator) throws -> Tensor<Scalar> {
    // Your code.
    throw NotImplemented("Chapters/06-Initialization/EXERCISES.md #2")
}
