import NablaCore

/// Exercise 2.1 — SiLU, also called Swish: PyTorch's `nn.SiLU` (Elfwing et al., 2017;
/// Ramachandran et al., 2017). The text: Chapters/02-Backprop/EXERCISES.md #1.
///
/// Forward:   y = x · σ(x)
/// Backward:  dL/dx = dy · dy/dx: derive dy/dx with the product rule (σ′ = σ(1 − σ)).
///
/// Shapes: any; y and dL/dx have the shape of x. Check it: `nabla exercises check silu`.
public struct SiLU<Scalar: Real>: ElementwiseActivation {
    public init() {}

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // Your code: y = x · σ(x), and cache what backward needs. `sigmoid(_:)` is in Sigmoid.swift.
        throw NotImplemented("Chapters/02-Backprop/EXERCISES.md #1")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx.
        NotImplemented.placeholder("Chapters/02-Backprop/EXERCISES.md #1", (outputGradient, Parameters()))
    }
}
