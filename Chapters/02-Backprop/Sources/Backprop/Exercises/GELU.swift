import NablaCore

/// Exercise 2.3 — GELU in its tanh form: PyTorch's `nn.GELU(approximate="tanh")` (Hendrycks and
/// Gimpel, 2016), the activation of BERT and GPT-2. The text: Chapters/02-Backprop/EXERCISES.md #3.
///
/// Forward:   y = ½ x (1 + tanh(u)),   u = √(2/π) (x + 0.044715 x³)
/// Backward:  dL/dx = dy · dy/dx: the product rule, then the chain rule through tanh and u
///            (tanh′ = 1 − tanh²).
///
/// Shapes: any; y and dL/dx have the shape of x. Check it: `nabla exercises check gelu`.
public struct GELU<Scalar: Real>: ElementwiseActivation {
    public init() {}

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // Your code: y, and a cache for backward. `Scalar.tanh(_:)` is there.
        throw NotImplemented("Chapters/02-Backprop/EXERCISES.md #3")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx.
        NotImplemented.placeholder("Chapters/02-Backprop/EXERCISES.md #3", (outputGradient, Parameters()))
    }
}
