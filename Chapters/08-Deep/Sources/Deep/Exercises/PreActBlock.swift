import Backprop
import CNN
import NablaCore
import Regularization

/// Exercise 8.1 — The pre-activation residual unit (He et al., 2016, "Identity Mappings in Deep
/// Residual Networks", the "full pre-activation" of Fig. 4e). Batch norm and ReLU move in front of
/// each convolution and nothing follows the addition, so the shortcut is a clean identity from the
/// block's output to its input. The text: Chapters/08-Deep/EXERCISES.md #1.
///
/// Forward:   a = ReLU(bn1(x)),   h = ReLU(bn2(conv1(a))),   y = x + conv2(h)
///            (3×3 convolutions without bias, padding 1: C → C channels, same size)
/// Backward:  dL/dx = dL/dy (the shortcut, untouched) + what the branch sends back through conv2,
///            ReLU, bn2, conv1, ReLU and bn1 — each layer's own backward. dL/dθ under each prefix.
///
/// Shapes: x and y [N, C, H, W]. Parameters under PyTorch's state_dict names: `bn1.weight`,
/// `bn1.bias` [C], `conv1.weight` [C, C, 3, 3], `bn2.weight`, `bn2.bias`, `conv2.weight`; buffers
/// `bn1.running_mean`, `bn1.running_var`, `bn2.running_mean`, `bn2.running_var`.
/// Check it: `nabla exercises check preact-block`.
public struct PreActBlock<Scalar: Real>: Layer {
    public var bn1: BatchNorm2D<Scalar>, conv1: Conv2D<Scalar>
    public var bn2: BatchNorm2D<Scalar>, conv2: Conv2D<Scalar>

    public init(channels: Int, generator: inout RandomGenerator) {
        bn1 = BatchNorm2D(featureCount: channels)
        conv1 = Conv2D(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false, generator: &generator)
        bn2 = BatchNorm2D(featureCount: channels)
        conv2 = Conv2D(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false, generator: &generator)
    }

    /// The four layers' parameters, each under its prefix.
    public var parameters: Parameters<Scalar> {
        get {
            bn1.parameters.prefixed("bn1").merged(with: conv1.parameters.prefixed("conv1"))
                .merged(with: bn2.parameters.prefixed("bn2")).merged(with: conv2.parameters.prefixed("conv2"))
        }
        set {
            bn1.parameters = newValue.underPrefix("bn1")
            conv1.parameters = newValue.underPrefix("conv1")
            bn2.parameters = newValue.underPrefix("bn2")
            conv2.parameters = newValue.underPrefix("conv2")
        }
    }

    /// The batch norms' running statistics, each under its prefix.
    public var buffers: Parameters<Scalar> {
        get { bn1.buffers.prefixed("bn1").merged(with: bn2.buffers.prefixed("bn2")) }
        set { (bn1.buffers, bn2.buffers) = (newValue.underPrefix("bn1"), newValue.underPrefix("bn2")) }
    }

    /// What backward needs: add the fields you choose (each layer's cache).
    public struct Cache {}

    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Cache) {
        // Your code: y, and the cache of every layer on the branch.
        throw NotImplemented("Chapters/08-Deep/EXERCISES.md #1")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx, and dL/dθ named as in `parameters`.
        NotImplemented.placeholder("Chapters/08-Deep/EXERCISES.md #1", (outputGradient, parameters))
    }
}
