import NablaCore

/// Exercise 2.5 — PReLU, a leaky ReLU whose negative slope is learned: PyTorch's
/// `nn.PReLU(num_parameters, init)` (He et al., 2015). The text: Chapters/02-Backprop/EXERCISES.md #5.
///
/// Forward:   y = x if x > 0, else a_c · x, with c the channel (axis 1) of the element, or one
///            shared a when `numParameters` is 1
/// Backward:  dL/dx = dy · dy/dx, one derivative per branch;
///            dL/da_c: a sum over every element that a_c touches (whole batch, every position).
///
/// Shapes: x [N, C, …] (C = numParameters unless it is 1); `weight` [numParameters].
/// Check it: `nabla exercises check prelu`.
public struct PReLU<Scalar: Real>: Layer {
    /// `weight`: the slopes a, PyTorch's name and shape.
    public var parameters: Parameters<Scalar>

    public init(numParameters: Int = 1, initialSlope: Scalar = 0.25) {
        parameters = Parameters(["weight": Tensor(repeating: initialSlope, shape: [numParameters])])
    }

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // Your code: check the input's channels against the slopes (throw NablaError.shapeMismatch
        // naming the layer and both shapes), then y, and a cache for backward.
        throw NotImplemented("Chapters/02-Backprop/EXERCISES.md #5")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx and dL/dweight.
        NotImplemented.placeholder("Chapters/02-Backprop/EXERCISES.md #5", (outputGradient, Parameters(["weight": parameters["weight"]])))
    }
}
