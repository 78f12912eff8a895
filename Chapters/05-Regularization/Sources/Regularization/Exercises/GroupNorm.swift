import NablaCore

/// Exercise 5.1 — Group normalisation (Wu and He, 2018): batch norm's statistics taken over groups
/// of channels within one example, so it does not depend on the batch (PyTorch:
/// `nn.GroupNorm(num_groups, num_channels, eps)`). The text: Chapters/05-Regularization/EXERCISES.md #1.
///
/// Forward, for each example n and group g (C/G channels × all positions: D values):
///     μ = mean, σ² = mean((x − μ)²) (biased, like PyTorch), x̂ = (x − μ)/√(σ² + ε),
///     y[n, c, …] = γ[c] · x̂ + β[c]
/// Backward: dL/dx per group as in LayerNorm.swift (dx̂ = dy ⊙ γ, two sums over the group);
///     dL/dγ[c] and dL/dβ[c]: sums over the batch and every position of channel c.
///
/// Shapes: x [N, C, …] (any trailing positions), C divisible by G; weight γ and bias β [C].
/// Check it: `nabla exercises check group-norm`.
public struct GroupNorm<Scalar: Real>: Layer {
    /// `weight` γ [C] (starts at 1) and `bias` β [C] (starts at 0).
    public var parameters: Parameters<Scalar>
    public let groups: Int, epsilon: Double

    public init(groups: Int, channels: Int, epsilon: Double = 1e-5) {
        (self.groups, self.epsilon) = (groups, epsilon)
        parameters = Parameters(["weight": Tensor(repeating: 1, shape: [channels]), "bias": Tensor(zeros: [channels])])
    }

    /// What backward needs: add the fields you choose (x̂, 1/√(σ² + ε) per group…).
    public struct Cache {}

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Cache) {
        // Your code: check the shape (NablaError.shapeMismatch naming both shapes), then y.
        throw NotImplemented("Chapters/05-Regularization/EXERCISES.md #1")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx, dL/dweight, dL/dbias.
        NotImplemented.placeholder("Chapters/05-Regularization/EXERCISES.md #1", (outputGradient, parameters))
    }
}
