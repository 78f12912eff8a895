import NablaCore

// How this chapter's layers are found by name: golden-v1 op names, a summary for
// `nabla gradcheck --list`, an example to check, and how each is built from a fixture's
// configuration. The lessons are Conv2D.swift, ConvTranspose2D.swift, MaxPool2D.swift,
// AvgPool2D.swift and Upsample.swift.

/// Registers this chapter's layers, so `nabla gradcheck conv2d`, golden fixtures and model
/// descriptions find them by their PyTorch names.
public func registerCNNOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(layers: [Conv2D<Scalar>.self, ConvTranspose2D<Scalar>.self, MaxPool2D<Scalar>.self,
                               AvgPool2D<Scalar>.self, Upsample<Scalar>.self])
}

// MARK: - Convolutions

/// `conv2d` and `conv_transpose2d` read the same keys: in_channels, out_channels, kernel_size,
/// stride (default 1), padding (default 0), bias (default true); sizes are an integer or an [h, w] pair.
public protocol RegisteredConvolution: ConvolutionLayer, RegisteredLayer {}

extension RegisteredConvolution {
    /// The description of `name` with `summary`, checked with a rectangular kernel, stride and padding.
    static func convolutionOp(_ name: String, _ summary: String, exampleInputShape: [Int]) -> OpDescription {
        OpDescription(name, summary, exampleConfig: [
            "in_channels": .number(2), "out_channels": .number(3), "kernel_size": .array([.number(3), .number(2)]),
            "stride": .array([.number(2), .number(1)]), "padding": .array([.number(1), .number(0)]), "bias": .bool(true),
        ], exampleInputShape: exampleInputShape)
    }

    public init(config: Config, generator: inout RandomGenerator) throws {
        let inputChannels = try config.int("in_channels"), outputChannels = try config.int("out_channels")
        let kernelSize = try config.pair("kernel_size")
        let stride = try config.pair("stride", default: (1, 1)), padding = try config.pair("padding", default: (0, 0))
        guard inputChannels > 0, outputChannels > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "in_channels and out_channels must be positive, got \(inputChannels) and \(outputChannels)")
        }
        guard kernelSize.0 > 0, kernelSize.1 > 0, stride.0 > 0, stride.1 > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "kernel_size and stride must be positive, got \(kernelSize) and \(stride)")
        }
        guard padding.0 >= 0, padding.1 >= 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "padding must not be negative, got \(padding)")
        }
        try TensorSize.check([outputChannels, inputChannels, kernelSize.0, kernelSize.1],
                             what: "weight [channels, channels, kernel height, kernel width]", op: config.op)
        self.init(sizes: ConvolutionSizes(config.op, inputChannels: inputChannels, outputChannels: outputChannels,
                                          kernelSize: kernelSize, stride: stride, padding: padding),
                  bias: try config.bool("bias", default: true), generator: &generator)
    }
}

extension Conv2D: RegisteredConvolution {
    public static var op: OpDescription {
        convolutionOp("conv2d", "2-D convolution (cross-correlation), NCHW, weight [out, in, kh, kw]", exampleInputShape: [2, 2, 6, 5])
    }
}

extension ConvTranspose2D: RegisteredConvolution {
    public static var op: OpDescription {
        convolutionOp("conv_transpose2d", "2-D transposed convolution, NCHW, weight [in, out, kh, kw]", exampleInputShape: [2, 2, 3, 4])
    }
}

// MARK: - Pooling and upsampling

/// `max_pool2d` and `avg_pool2d` read kernel_size, stride (default: kernel_size) and padding
/// (default 0), each an integer or an [h, w] pair.
public protocol RegisteredPooling: RegisteredLayer, WindowPooling {}

extension RegisteredPooling {
    /// The op with an example window: `kernel`, `stride` and `padding` as [h, w] pairs.
    static func poolingOp(_ name: String, _ summary: String, kernel: [Double], stride: [Double], padding: [Double],
                          exampleInputShape: [Int]) -> OpDescription {
        func pair(_ values: [Double]) -> JSON { .array(values.map { .number($0) }) }
        return OpDescription(name, summary, exampleConfig: ["kernel_size": pair(kernel), "stride": pair(stride), "padding": pair(padding)],
                             exampleInputShape: exampleInputShape)
    }

    public init(config: Config, generator: inout RandomGenerator) throws {
        let kernel = try config.pair("kernel_size")
        self.init(window: try PoolingWindow(kernel: kernel, stride: try config.pair("stride", default: kernel),
                                            padding: try config.pair("padding", default: (0, 0)), layer: config.op))
    }
}

extension MaxPool2D: RegisteredPooling {
    public static var op: OpDescription {
        poolingOp("max_pool2d", "y = max of each kh×kw window (NCHW; stride, padding with −∞)",
                  kernel: [2, 3], stride: [2, 1], padding: [1, 1], exampleInputShape: [2, 3, 5, 6])
    }
}

extension AvgPool2D: RegisteredPooling {
    public static var op: OpDescription {
        poolingOp("avg_pool2d", "y = mean of each kh×kw window (NCHW; stride, zero padding counted)",
                  kernel: [3, 2], stride: [2, 1], padding: [1, 0], exampleInputShape: [2, 3, 6, 5])
    }
}

extension Upsample: RegisteredLayer {
    public static var op: OpDescription {
        OpDescription("upsample_nearest2d", "y = x with each cell repeated scale_h × scale_w times (nearest, NCHW)",
                      exampleConfig: ["scale_factor": .array([.number(2), .number(3)])],
                      exampleInputShape: [2, 2, 3, 4])
    }

    /// `scale_factor`: a positive integer or an `[h, w]` pair of them.
    public init(config: Config, generator: inout RandomGenerator) throws {
        let factors = try config.pair("scale_factor")
        self.init(scale: try UpsampleScale(height: factors.0, width: factors.1, layer: config.op))
    }
}
