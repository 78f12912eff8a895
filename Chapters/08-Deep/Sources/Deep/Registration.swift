import NablaCore

// How this chapter's layers are found by name: an op name, a summary for `nabla gradcheck --list`,
// an example to check, and how each is built from a fixture's configuration with PyTorch's keys
// (torchvision's for the blocks). The lessons are AdaptiveAvgPool2D.swift, Residual.swift and
// Blocks.swift.

/// Registers this chapter's layers, so `nabla gradcheck basic_block` and golden fixtures find them.
public func registerDeepOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(layers: [AdaptiveAvgPool2D<Scalar>.self, BasicBlock<Scalar>.self, Bottleneck<Scalar>.self])
}

extension AdaptiveAvgPool2D: RegisteredLayer {
    public static var op: OpDescription {
        OpDescription("adaptive_avg_pool2d", "y[n,c,i,j] = mean of x over window (i, j); output_size 1: global average pooling",
                      exampleConfig: ["output_size": .array([.number(2), .number(3)])], exampleInputShape: [2, 2, 5, 7])
    }

    /// From `nn.AdaptiveAvgPool2d`'s key: output_size, an integer or an [h, w] pair.
    public init(config: Config, generator: inout RandomGenerator) throws {
        let size = try config.pair("output_size")
        guard size.0 > 0, size.1 > 0 else {
            throw NablaError.invalidConfig(op: "adaptive_avg_pool2d", message: "output_size must be positive, got \(size)")
        }
        self.init(outputSize: size)
    }
}

/// `basic_block` and `bottleneck` read torchvision's keys: inplanes, planes, stride (default 1);
/// `plain` (default false) is Nabla's: the block without its shortcut.
public protocol RegisteredResidualBlock: ResidualLayer, RegisteredLayer {
    init(inPlanes: Int, planes: Int, stride: Int, plain: Bool, generator: inout RandomGenerator)
}

extension RegisteredResidualBlock {
    public init(config: Config, generator: inout RandomGenerator) throws {
        let inPlanes = try config.int("inplanes"), planes = try config.int("planes"), stride = try config.int("stride", default: 1)
        guard inPlanes > 0, planes > 0, stride > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "inplanes, planes and stride must be positive, got \(inPlanes), \(planes) and \(stride)")
        }
        try TensorSize.check([4, planes, max(inPlanes, planes), 3, 3], what: "a convolution's weight", op: config.op)
        self.init(inPlanes: inPlanes, planes: planes, stride: stride, plain: try config.bool("plain", default: false), generator: &generator)
    }
}

extension BasicBlock: RegisteredResidualBlock {
    public static var op: OpDescription {
        OpDescription("basic_block", "y = ReLU(bn2(conv2(ReLU(bn1(conv1(x))))) + shortcut(x)), torchvision's BasicBlock",
                      exampleConfig: ["inplanes": .number(2), "planes": .number(3), "stride": .number(2)],
                      exampleInputShape: [2, 2, 5, 5])
    }
}

extension Bottleneck: RegisteredResidualBlock {
    public static var op: OpDescription {
        OpDescription("bottleneck", "y = ReLU(F(x) + shortcut(x)), F = 1×1, 3×3, 1×1 convolutions with batch norm; torchvision's Bottleneck",
                      exampleConfig: ["inplanes": .number(4), "planes": .number(2), "stride": .number(2)],
                      exampleInputShape: [2, 4, 4, 4])
    }
}
