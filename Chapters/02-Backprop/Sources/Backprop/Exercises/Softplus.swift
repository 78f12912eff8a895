import NablaCore

/// Exercise 2.4 — Softplus, a smooth ReLU: PyTorch's `nn.Softplus(beta, threshold)`.
/// The text: Chapters/02-Backprop/EXERCISES.md #4.
///
/// Forward:   y = (1/β) · log(1 + e^(βx)), and y = x where βx > threshold (there the two agree to
///            double precision, and e^(βx) would overflow)
/// Backward:  dL/dx = dy · dy/dx; the derivative is a function you already have.
///
/// Shapes: any; y and dL/dx have the shape of x. Check it: `nabla exercises check softplus`.
public struct Softplus<Scalar: Real>: ElementwiseActivation {
    /// β sharpens the bend at 0 (PyTorch's default 1); threshold: where y becomes x (default 20).
    public let beta: Scalar, threshold: Scalar

    public init(beta: Scalar = 1, threshold: Scalar = 20) { (self.beta, self.threshold) = (beta, threshold) }

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // Your code: y, and a cache for backward. `Scalar.log1p(_:)` computes log(1 + z) accurately.
        throw NotImplemented("Chapters/02-Backprop/EXERCISES.md #4")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx.
        NotImplemented.placeholder("Chapters/02-Backprop/EXERCISES.md #4", (outputGradient, Parameters()))
    }
}
