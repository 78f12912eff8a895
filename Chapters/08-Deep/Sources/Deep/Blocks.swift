import Backprop
import CNN
import NablaCore
import Regularization

/// A 3×3 convolution that keeps the size (padding 1), without bias (the batch norm after it has
/// one): torchvision's `conv3x3`.
func conv3x3<Scalar: Real>(_ inputChannels: Int, _ outputChannels: Int, stride: Int = 1,
                           generator: inout RandomGenerator) -> Conv2D<Scalar> {
    Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, stride: stride, padding: 1,
           bias: false, generator: &generator)
}

/// A 1×1 convolution without bias: torchvision's `conv1x1`.
func conv1x1<Scalar: Real>(_ inputChannels: Int, _ outputChannels: Int, stride: Int = 1,
                           generator: inout RandomGenerator) -> Conv2D<Scalar> {
    Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, stride: stride,
           bias: false, generator: &generator)
}

/// The shortcut a block needs: the identity when it keeps the shape, else torchvision's
/// `downsample` (a strided 1×1 convolution to the new channels, and batch norm); `.removed` for a
/// plain block.
func shortcut<Scalar: Real>(from inputChannels: Int, to outputChannels: Int, stride: Int, plain: Bool,
                            generator: inout RandomGenerator) -> Residual<Scalar>.Shortcut {
    if plain { return .removed }
    if stride == 1 && inputChannels == outputChannels { return .identity }
    return .projection(Sequential(conv1x1(inputChannels, outputChannels, stride: stride, generator: &generator),
                                  BatchNorm2D(featureCount: outputChannels)))
}

/// The basic block of ResNet-18/34 (He et al., 2016, Fig. 2 left; torchvision's `BasicBlock`):
///
///     F(x) = bn2(conv2(ReLU(bn1(conv1(x)))))          conv1: 3×3, stride s;  conv2: 3×3
///     y    = ReLU(F(x) + S(x))                          (see `Residual`)
///
/// Shapes: x [N, inPlanes, H, W] → y [N, planes, H/s, W/s]. Multiply-adds per output position:
/// 9·inPlanes·planes + 9·planes² (and inPlanes·planes for a projection).
public struct BasicBlock<Scalar: Real>: ResidualLayer {
    public var residual: Residual<Scalar>

    /// `plain`: the same layers without the shortcut, for the comparison of He et al.'s Fig. 4.
    public init(inPlanes: Int, planes: Int, stride: Int = 1, plain: Bool = false, generator: inout RandomGenerator) {
        let main = Sequential<Scalar>(named: [
            "conv1": conv3x3(inPlanes, planes, stride: stride, generator: &generator), "bn1": BatchNorm2D(featureCount: planes),
            "relu": ReLU(),
            "conv2": conv3x3(planes, planes, generator: &generator), "bn2": BatchNorm2D(featureCount: planes),
        ])
        residual = Residual(main: main, shortcut: shortcut(from: inPlanes, to: planes, stride: stride, plain: plain,
                                                           generator: &generator))
    }
}

/// The bottleneck block of ResNet-50 and deeper (He et al., 2016, Fig. 5 right; torchvision's
/// `Bottleneck`, stride on the 3×3 as in "ResNet v1.5"): a 1×1 convolution narrows the channels to
/// `planes`, the 3×3 works on the narrow map, a 1×1 widens it to 4·planes. For 4·planes = 256
/// channels in and out it costs 256·64 + 9·64² + 64·256 ≈ 70k multiply-adds per position; a basic
/// block of two 3×3 convolutions on 256 channels, 18·256² ≈ 1.2M.
///
///     F(x) = bn3(conv3(ReLU(bn2(conv2(ReLU(bn1(conv1(x))))))))     conv1 1×1, conv2 3×3 stride s, conv3 1×1
///     y    = ReLU(F(x) + S(x))
///
/// Shapes: x [N, inPlanes, H, W] → y [N, 4·planes, H/s, W/s].
public struct Bottleneck<Scalar: Real>: ResidualLayer {
    /// The output has `expansion`·planes channels (torchvision's `Bottleneck.expansion`).
    public static var expansion: Int { 4 }

    public var residual: Residual<Scalar>

    public init(inPlanes: Int, planes: Int, stride: Int = 1, plain: Bool = false, generator: inout RandomGenerator) {
        let outPlanes = planes * Self.expansion
        let main = Sequential<Scalar>(named: [
            "conv1": conv1x1(inPlanes, planes, generator: &generator), "bn1": BatchNorm2D(featureCount: planes),
            "relu1": ReLU(),
            "conv2": conv3x3(planes, planes, stride: stride, generator: &generator), "bn2": BatchNorm2D(featureCount: planes),
            "relu2": ReLU(),
            "conv3": conv1x1(planes, outPlanes, generator: &generator), "bn3": BatchNorm2D(featureCount: outPlanes),
        ])
        residual = Residual(main: main, shortcut: shortcut(from: inPlanes, to: outPlanes, stride: stride, plain: plain,
                                                           generator: &generator))
    }
}

/// A block that is one `Residual` unit (`BasicBlock`, `Bottleneck`): its parameters, buffers,
/// forward and backward are the unit's.
public protocol ResidualLayer<Scalar>: Layer where Cache == Residual<Scalar>.Cache {
    associatedtype Scalar
    var residual: Residual<Scalar> { get set }
}

extension ResidualLayer {
    public var parameters: Parameters<Scalar> {
        get { residual.parameters }
        set { residual.parameters = newValue }
    }

    public var buffers: Parameters<Scalar> {
        get { residual.buffers }
        set { residual.buffers = newValue }
    }

    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        try residual.forward(input, context: &context)
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        residual.backward(outputGradient, cache: cache)
    }

    public func multiplyAdds(exampleShape: [Int]) -> Int { residual.multiplyAdds(exampleShape: exampleShape) }
}
