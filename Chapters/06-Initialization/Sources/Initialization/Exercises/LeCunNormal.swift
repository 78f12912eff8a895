import NablaCore

/// Exercise 6.1 — LeCun normal initialisation (LeCun et al., 1998, "Efficient BackProp"; the
/// initialiser SELU networks need): w ~ N(0, 1/fan_in), which keeps the forward variance when
/// the activation is linear near 0 and has unit slope. The text: Chapters/06-Initialization/EXERCISES.md #1.
///
///     σ = 1/√fan_in,   fan_in = shape[1] · (kernel positions): `Fans(weightShape:)` computes it
///
/// Shapes: any weight shape of rank ≥ 2 ([out, in] or [out, in, k_h, k_w]); the result has it.
/// Draw with `generator` (`Tensor.normal`), so a seed gives the same weights every time.
/// Check it: `nabla exercises check lecun-normal`.
public func lecunNormal<Scalar: Real>(shape: [Int], generator: inout RandomGenerator) throws -> Tensor<Scalar> {
    // Your code.
    throw NotImplemented("Chapters/06-Initialization/EXERCISES.md #1")
}
