import Backprop
import NablaCore

/// Exercise 4.1 — Global average pooling: each channel's feature map becomes its mean, the head
/// of most modern CNNs instead of flatten + a large linear layer (Lin et al., 2013, "Network in
/// Network"). PyTorch: `nn.AdaptiveAvgPool2d(1)` then `flatten(1)`.
/// The text: Chapters/04-CNN/EXERCISES.md #1.
///
/// Forward:   y[n, c] = (1 / HW) Σ_h Σ_w x[n, c, h, w]
/// Backward:  dL/dx[n, c, h, w] = ? (every element of the map had the same share in the mean)
///
/// Shapes: x [N, C, H, W] → y [N, C]. Throws `NablaError.shapeMismatch` for an input that is not 4-D.
/// Check it: `nabla exercises check global-avg-pool2d`.
public struct GlobalAvgPool2D<Scalar: Real>: ParameterFreeLayer {
    public init() {}

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: [Int]) {
        // Your code: y, and the input's shape as the cache (all backward needs).
        throw NotImplemented("Chapters/04-CNN/EXERCISES.md #1")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache inputShape: [Int])
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx, of shape inputShape.
        NotImplemented.placeholder("Chapters/04-CNN/EXERCISES.md #1", (Tensor(zeros: inputShape), Parameters()))
    }
}
