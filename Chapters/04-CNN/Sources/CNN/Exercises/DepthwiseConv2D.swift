import NablaCore

/// Exercise 4.3 — Depthwise convolution: one K×K filter per channel, each seeing only its own
/// channel (PyTorch: `nn.Conv2d(C, C, K, padding=P, groups=C)`). Followed by a 1×1 `Conv2D` that
/// mixes channels, it is the depthwise-separable convolution of MobileNet (Howard et al., 2017).
/// The text: Chapters/04-CNN/EXERCISES.md #3.
///
/// Forward:   y[n, c, i, j] = b[c] + Σ_p Σ_q w[c, 0, p, q] · x[n, c, i + p − P, j + q − P]   (stride 1, zero padding P)
/// Backward:  dL/dx, dL/dw, dL/db: Conv2D.swift's three formulas with the sum over input channels gone.
///
/// Shapes: x [N, C, H, W]; weight [C, 1, K, K]; bias [C]; y [N, C, H + 2P − K + 1, W + 2P − K + 1].
/// Check it: `nabla exercises check depthwise-conv2d`.
public struct DepthwiseConv2D<Scalar: Real>: Layer {
    /// `weight` [C, 1, K, K] and `bias` [C], PyTorch's names and layouts.
    public var parameters: Parameters<Scalar>
    public let padding: Int

    /// Weights and biases drawn from U(−1/√(K·K), 1/√(K·K)), PyTorch's default for groups = C.
    public init(channels: Int, kernelSize: Int, padding: Int = 0, generator: inout RandomGenerator) {
        let bound = 1 / Scalar(kernelSize * kernelSize).squareRoot()
        parameters = Parameters(["weight": .uniform(shape: [channels, 1, kernelSize, kernelSize], low: -bound, high: bound, generator: &generator),
                                 "bias": .uniform(shape: [channels], low: -bound, high: bound, generator: &generator)])
        self.padding = padding
    }

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // Your code: check the input is [N, C, H, W] with this layer's C and large enough (throw
        // NablaError.shapeMismatch naming both shapes), then y; cache the input.
        throw NotImplemented("Chapters/04-CNN/EXERCISES.md #3")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx, dL/dweight, dL/dbias.
        NotImplemented.placeholder("Chapters/04-CNN/EXERCISES.md #3", (cache, parameters))
    }
}
