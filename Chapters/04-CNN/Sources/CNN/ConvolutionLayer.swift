import NablaCore

/// What `Conv2D` and `ConvTranspose2D` share: their sizes, how they are built from those sizes or
/// from a golden-v1 configuration, and how their weights start.
public protocol ConvolutionLayer: RegisteredLayer {
    var inputChannels: Int { get }
    var outputChannels: Int { get }
    init(inputChannels: Int, outputChannels: Int, kernelSize: (height: Int, width: Int),
         stride: (height: Int, width: Int), padding: (height: Int, width: Int), bias: Bool, generator: inout RandomGenerator)
}

extension ConvolutionLayer {
    public static var exampleConfig: [String: JSON] {
        ["in_channels": .number(2), "out_channels": .number(3), "kernel_size": .array([.number(3), .number(2)]),
         "stride": .array([.number(2), .number(1)]), "padding": .array([.number(1), .number(0)]), "bias": .bool(true)]
    }

    /// A square kernel, with the same stride and padding along both axes.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        self.init(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: (kernelSize, kernelSize),
                  stride: (stride, stride), padding: (padding, padding), bias: bias, generator: &generator)
    }

    /// From golden-v1 keys: in_channels, out_channels, kernel_size, stride (default 1), padding
    /// (default 0), bias (default true); sizes are an integer or an [h, w] pair.
    public init(config: Config, generator: inout RandomGenerator) throws {
        let settings = try ConvolutionSettings(config)
        self.init(inputChannels: settings.inputChannels, outputChannels: settings.outputChannels,
                  kernelSize: settings.kernelSize, stride: settings.stride, padding: settings.padding,
                  bias: settings.bias, generator: &generator)
    }

    public var hasBias: Bool { parameters.tensor(named: "bias") != nil }
}

/// Stops when a convolution's sizes cannot work: channels, kernel and stride must be positive,
/// padding not negative.
func requireValidConvolution(_ layer: String, inputChannels: Int, outputChannels: Int, kernelSize: (height: Int, width: Int),
                             stride: (height: Int, width: Int), padding: (height: Int, width: Int)) {
    require(inputChannels > 0 && outputChannels > 0 && kernelSize.height > 0 && kernelSize.width > 0
            && stride.height > 0 && stride.width > 0 && padding.height >= 0 && padding.width >= 0,
            "\(layer): channels, kernel size and stride must be positive and padding not negative, got in \(inputChannels), "
            + "out \(outputChannels), kernel \(kernelSize), stride \(stride), padding \(padding)")
}

/// A convolution's `weight` of `weightShape` `[d0, d1, K_h, K_w]` and, when `bias`, its `bias` of
/// `biasCount`, drawn from U(−1/√fan_in, 1/√fan_in) with PyTorch's fan_in = d1·K_h·K_w.
func uniformConvolutionParameters<Scalar: Real>(weightShape: [Int], biasCount: Int, bias: Bool,
                                                generator: inout RandomGenerator) -> Parameters<Scalar> {
    let bound = 1 / Scalar(weightShape.dropFirst().reduce(1, *)).squareRoot()
    var parameters = Parameters<Scalar>()
    parameters.append("weight", .uniform(shape: weightShape, low: -bound, high: bound, generator: &generator))
    if bias { parameters.append("bias", .uniform(shape: [biasCount], low: -bound, high: bound, generator: &generator)) }
    return parameters
}

/// The configuration keys shared by `conv2d` and `conv_transpose2d`, read and checked.
struct ConvolutionSettings {
    let inputChannels: Int, outputChannels: Int
    let kernelSize: (height: Int, width: Int), stride: (height: Int, width: Int), padding: (height: Int, width: Int)
    let bias: Bool

    init(_ config: Config) throws {
        inputChannels = try config.int("in_channels")
        outputChannels = try config.int("out_channels")
        kernelSize = try config.pair("kernel_size")
        stride = try config.pair("stride", default: (1, 1))
        padding = try config.pair("padding", default: (0, 0))
        bias = try config.bool("bias", default: true)
        guard inputChannels > 0, outputChannels > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "in_channels and out_channels must be positive, got \(inputChannels) and \(outputChannels)")
        }
        guard kernelSize.height > 0, kernelSize.width > 0, stride.height > 0, stride.width > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "kernel_size and stride must be positive, got \(kernelSize) and \(stride)")
        }
        guard padding.height >= 0, padding.width >= 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "padding must not be negative, got \(padding)")
        }
        try TensorSize.check([outputChannels, inputChannels, kernelSize.height, kernelSize.width],
                             what: "weight [channels, channels, kernel height, kernel width]", op: config.op)
    }
}
