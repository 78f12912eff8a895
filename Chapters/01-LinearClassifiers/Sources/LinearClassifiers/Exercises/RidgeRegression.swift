import NablaCore

/// Exercise 1.1 — Ridge regression in closed form. The text: Chapters/01-LinearClassifiers/EXERCISES.md #1.
///
/// The w that minimises  J(w) = ‖X w − y‖² + λ ‖w‖²  (no bias: append a ones column to X for one,
/// and it is penalised too). Set ∇J = 2Xᵀ(Xw − y) + 2λw to zero and solve the linear system you
/// get; `choleskySolve` (LeastSquares.swift) solves it, as `leastSquares` does for λ = 0.
///
/// Shapes: inputs X [N, D], targets y [N], result w [D]. Throws `NablaError.shapeMismatch` for
/// other shapes. Check it: `nabla exercises check ridge-closed-form`.
public func ridgeRegression<Scalar: Real>(inputs: Tensor<Scalar>, targets: Tensor<Scalar>, lambda: Scalar) throws -> Tensor<Scalar> {
    // Your code.
    throw NotImplemented("Chapters/01-LinearClassifiers/EXERCISES.md #1")
}
