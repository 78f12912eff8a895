import Backprop
import NablaCore

/// Exercise 4.2 — A residual block (He et al., 2016, "Deep Residual Learning"): the layers learn a
/// correction F(x) to their input, and the input skips past them.
/// The text: Chapters/04-CNN/EXERCISES.md #2.
///
/// Forward:   h = ReLU(conv1(x)),   y = x + conv2(h)      (3×3 convolutions, padding 1: same size)
/// Backward:  y has two paths back to x: dL/dx is the sum of what each path sends. Use the
///            convolutions' and ReLU's own backward; dL/dθ of each convolution under its prefix.
///
/// Shapes: x and y [N, C, H, W]; conv1 and conv2 C → C channels. Parameters under PyTorch's
/// state_dict names: `conv1.weight` [C, C, 3, 3], `conv1.bias` [C], `conv2.weight`, `conv2.bias`.
/// Check it: `nabla exercises check residual-block`.
public struct ResidualBlock<Scalar: Real>: Layer {
    public var conv1: Conv2D<Scalar>, conv2: Conv2D<Scalar>

    public init(channels: Int, generator: inout RandomGenerator) {
        conv1 = Conv2D(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, generator: &generator)
        conv2 = Conv2D(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, generator: &generator)
    }

    /// conv1's and conv2's parameters, prefixed.
    public var parameters: Parameters<Scalar> {
        get {
            var all = Parameters<Scalar>()
            for (name, tensor) in conv1.parameters.pairs { all.append("conv1." + name, tensor) }
            for (name, tensor) in conv2.parameters.pairs { all.append("conv2." + name, tensor) }
            return all
        }
        set {
            for name in conv1.parameters.names { conv1.parameters[name] = newValue["conv1." + name] }
            for name in conv2.parameters.names { conv2.parameters[name] = newValue["conv2." + name] }
        }
    }

    /// What backward needs: add the fields you choose.
    public struct Cache {}

    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Cache) {
        // Your code: y, and the caches of conv1, the ReLU and conv2.
        throw NotImplemented("Chapters/04-CNN/EXERCISES.md #2")
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // Your code: dL/dx, and dL/dθ named as in `parameters`.
        NotImplemented.placeholder("Chapters/04-CNN/EXERCISES.md #2", (outputGradient, parameters))
    }

    public func multiplyAdds(exampleShape: [Int]) -> Int {
        conv1.multiplyAdds(exampleShape: exampleShape) + conv2.multiplyAdds(exampleShape: exampleShape)
    }
}
