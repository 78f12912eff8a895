import NablaCore

/// What `Conv2D` and `ConvTranspose2D` share: their sizes, how they are built from those sizes, and
/// how their weights start.
public protocol ConvolutionLayer: Layer {
    var inputChannels: Int { get }
    var outputChannels: Int { get }
    init(inputChannels: Int, outputChannels: Int, kernelSize: (height: Int, width: Int),
         stride: (height: Int, width: Int), padding: (height: Int, width: Int), bias: Bool, generator: inout RandomGenerator)
}

extension ConvolutionLayer {
    /// A square kernel, with the same stride and padding along both axes.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        self.init(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: (kernelSize, kernelSize),
                  stride: (stride, stride), padding: (padding, padding), bias: bias, generator: &generator)
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
