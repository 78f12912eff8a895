import NablaCore

/// Exercise 2.2 — ELU, the exponential linear unit: PyTorch's `nn.ELU(alpha)` (Clevert et al.,
/// 2015). The text: Chapters/02-Backprop/EXERCISES.md #2.
///
/// Forward:   y = x if x > 0, else α (eˣ − 1)
/// Backward:  dL/dx = dy · dy/dx, one derivative per branch (PyTorch takes the x ≤ 0 one at 0).
///
/// Shapes: any; y and dL/dx have the shape of x. Check it: `nabla exercises check elu`.
public struct ELU<Scalar: Real>: ElementwiseActivation {
    /// α: the value y tends to as x → −∞ is −α. PyTorch's default is 1.
    public let alpha: Scalar

    public init(alpha: Scalar = 1) { self.alpha = alpha }

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // Your code: y, and a cache for backward.
        throw NotImplemented("Chapters/02-Backprop/EXERCISES.md #2")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx.
        NotImplemented.placeholder("Chapters/02-Backprop/EXERCISES.md #2", (outputGradient, Parameters()))
    }
}
