import NablaCore

/// The sizes of a convolution layer: channels in and out, and the kernel, stride and zero padding
/// along (height, width).
public struct ConvolutionSizes: Sendable {
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)

    /// Stops, naming `layer`, when the sizes cannot work: channels, kernel and stride must be
    /// positive, padding not negative. (A configuration read from a file is checked with a thrown
    /// error before it gets here.)
    public init(_ layer: String, inputChannels: Int, outputChannels: Int, kernelSize: (height: Int, width: Int),
                stride: (height: Int, width: Int), padding: (height: Int, width: Int)) {
        require(inputChannels > 0 && outputChannels > 0 && kernelSize.height > 0 && kernelSize.width > 0
                && stride.height > 0 && stride.width > 0 && padding.height >= 0 && padding.width >= 0,
                "\(layer): channels, kernel size and stride must be positive and padding not negative, got in \(inputChannels), "
                + "out \(outputChannels), kernel \(kernelSize), stride \(stride), padding \(padding)")
        (self.inputChannels, self.outputChannels, self.kernelSize) = (inputChannels, outputChannels, kernelSize)
        (self.stride, self.padding) = (stride, padding)
    }

    /// A `weight` of `weightShape` `[d0, d1, K_h, K_w]` and, when `bias`, a `bias` of C_out values,
    /// drawn from U(−1/√fan_in, 1/√fan_in) with PyTorch's fan_in = d1·K_h·K_w.
    func uniformParameters<Scalar: Real>(weightShape: [Int], bias: Bool, generator: inout RandomGenerator) -> Parameters<Scalar> {
        let bound = 1 / Scalar(weightShape.dropFirst().reduce(1, *)).squareRoot()
        var parameters = Parameters<Scalar>()
        parameters.append("weight", .uniform(shape: weightShape, low: -bound, high: bound, generator: &generator))
        if bias { parameters.append("bias", .uniform(shape: [outputChannels], low: -bound, high: bound, generator: &generator)) }
        return parameters
    }
}

/// What backward needs from a convolution's forward pass: the input and the sizes worked out from it.
public struct ConvolutionCache<Scalar: Real> {
    public let input: Tensor<Scalar>
    public let geometry: ConvolutionGeometry
}

/// What `Conv2D` and `ConvTranspose2D` share: their sizes, and how they are built from them.
public protocol ConvolutionLayer: Layer {
    var sizes: ConvolutionSizes { get }
    /// The sizes of this layer applied to an input of `shape`; throws, naming both shapes, when
    /// the input does not fit.
    func geometry(forInput shape: [Int]) throws -> ConvolutionGeometry
    /// The shape of the weight, in PyTorch's layout for this layer.
    static func weightShape(_ sizes: ConvolutionSizes) -> [Int]
    init(sizes: ConvolutionSizes, parameters: Parameters<Scalar>)
}

extension ConvolutionLayer {
    /// The weight (`weightShape`) and, when `bias`, the bias drawn from U(−1/√fan_in, 1/√fan_in), as
    /// PyTorch's constructor draws them.
    public init(sizes: ConvolutionSizes, bias: Bool = true, generator: inout RandomGenerator) {
        self.init(sizes: sizes, parameters: sizes.uniformParameters(weightShape: Self.weightShape(sizes), bias: bias,
                                                                      generator: &generator))
    }

    public init(inputChannels: Int, outputChannels: Int, kernelSize: (height: Int, width: Int),
                stride: (height: Int, width: Int) = (1, 1), padding: (height: Int, width: Int) = (0, 0),
                bias: Bool = true, generator: inout RandomGenerator) {
        self.init(sizes: ConvolutionSizes("\(Self.self)", inputChannels: inputChannels, outputChannels: outputChannels,
                                          kernelSize: kernelSize, stride: stride, padding: padding),
                  bias: bias, generator: &generator)
    }

    /// A square kernel, with the same stride and padding along both axes.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        self.init(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: (kernelSize, kernelSize),
                  stride: (stride, stride), padding: (padding, padding), bias: bias, generator: &generator)
    }

    public var inputChannels: Int { sizes.inputChannels }
    public var outputChannels: Int { sizes.outputChannels }
    public var kernelSize: (height: Int, width: Int) { sizes.kernelSize }
    public var stride: (height: Int, width: Int) { sizes.stride }
    public var padding: (height: Int, width: Int) { sizes.padding }
    public var hasBias: Bool { parameters.tensor(named: "bias") != nil }

    /// C_in·K_h·K_w products for each of the C_out·H_out·W_out outputs (a transposed convolution:
    /// the same count as the convolution it transposes).
    public func multiplyAdds(exampleShape: [Int]) -> Int {
        guard let g = try? geometry(forInput: [1] + exampleShape) else { return 0 }
        return g.multiplyAdds
    }
}
