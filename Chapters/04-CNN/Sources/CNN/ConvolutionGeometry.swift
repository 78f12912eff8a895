import NablaCore

/// Every size of one 2-D convolution over a batch, worked out and checked once, then shared by the
/// naive and the fast code. Layout NCHW, weight `[outputChannels, inputChannels, kernel.height, kernel.width]`:
///
///     x [batch, inputChannels, input.height, input.width]
///     y [batch, outputChannels, output.height, output.width]
///
/// A transposed convolution is described by the convolution it transposes: its input is this
/// geometry's output, its output this geometry's input.
public struct ConvolutionGeometry: Sendable, CustomStringConvertible {
    public let batch: Int
    public let inputChannels: Int, outputChannels: Int
    public let input: (height: Int, width: Int)
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)
    public let output: (height: Int, width: Int)

    /// Computes the output size, `floor((W − K + 2P)/S) + 1` along each axis; throws, naming
    /// `layer`, when it is not positive.
    public init(batch: Int, inputChannels: Int, outputChannels: Int, input: (height: Int, width: Int),
                kernel: (height: Int, width: Int), stride: (height: Int, width: Int) = (1, 1),
                padding: (height: Int, width: Int) = (0, 0), layer: String = "conv2d") throws {
        guard batch >= 0, inputChannels > 0, outputChannels > 0 else {
            throw NablaError.invalidConfig(op: layer, message: "channel counts must be positive and the batch not negative, "
                                           + "got batch \(batch), in_channels \(inputChannels), out_channels \(outputChannels)")
        }
        (self.batch, self.inputChannels, self.outputChannels) = (batch, inputChannels, outputChannels)
        (self.input, self.kernel, self.stride, self.padding) = (input, kernel, stride, padding)
        output = (try convolutionOutputSize(input: input.height, kernel: kernel.height, stride: stride.height,
                                            padding: padding.height, layer: layer),
                  try convolutionOutputSize(input: input.width, kernel: kernel.width, stride: stride.width,
                                            padding: padding.width, layer: layer))
        // Sizes from a configuration are bounded before anything is allocated: the input, the
        // output and one image's unfolded patches (C_in·K_h·K_w rows, H_out·W_out columns).
        let patches = [inputChannels, kernel.height, kernel.width, output.height, output.width]
        for (what, shape) in [("input", inputShape), ("output", outputShape), ("unfolded patches", patches)] {
            if let problem = TensorSize.problem(with: shape) {
                throw NablaError.shapeMismatch(layer: layer, message: "the \(what) would be too large: \(problem)")
            }
        }
    }

    public var inputShape: [Int] { [batch, inputChannels, input.height, input.width] }
    public var outputShape: [Int] { [batch, outputChannels, output.height, output.width] }
    /// Scalars of one image of x (C_in·H·W) and of y (C_out·H_out·W_out).
    public var inputImageSize: Int { inputChannels * input.height * input.width }
    public var outputImageSize: Int { outputChannels * output.height * output.width }
    /// PyTorch's layout of a convolution's weight.
    public var weightShape: [Int] { [outputChannels, inputChannels, kernel.height, kernel.width] }

    /// Multiply-adds of one forward pass: each output value sums C_in·K_h·K_w products.
    public var multiplyAdds: Int {
        batch * outputChannels * output.height * output.width * inputChannels * kernel.height * kernel.width
    }

    public var description: String {
        "\(inputChannels)→\(outputChannels) kernel \(kernel.height)×\(kernel.width) stride \(stride.height)×\(stride.width) "
            + "padding \(padding.height)×\(padding.width) on \(batch)×\(input.height)×\(input.width) → \(output.height)×\(output.width)"
    }
}
