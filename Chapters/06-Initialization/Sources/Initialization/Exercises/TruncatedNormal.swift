import NablaCore

/// Exercise 6.3 — The truncated normal: N(mean, std²) restricted to [a, b], each value outside
/// drawn again rather than clipped (clipping piles probability on the bounds). PyTorch:
/// `nn.init.trunc_normal_(w, mean, std, a, b)`; BERT and ViT start their weights this way.
/// The text: Chapters/06-Initialization/EXERCISES.md #3.
///
/// Draw by rejection (draw until the value is in [a, b]), or by the inverse CDF as PyTorch does.
/// Note: the standard deviation of the result is smaller than `std` — the checker knows by how much.
///
/// Shapes: any; a < b. Check it: `nabla exercises check truncated-normal`.
public func truncatedNormal<Scalar: Real>(shape: [Int], mean: Scalar = 0, std: Scalar = 1, a: Scalar = -2, b: Scalar = 2,
                                          generator: inout RandomGenerator) throws -> Tensor<Scalar> {
    // Your code.
    throw NotImplemented("Chapters/06-Initialization/EXERCISES.md #3")
}
