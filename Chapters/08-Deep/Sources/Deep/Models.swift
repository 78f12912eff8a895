import Backprop
import CNN
import NablaCore
import Regularization

/// A VGG stage (Simonyan & Zisserman, 2015): `convolutions` 3×3 convolutions (each with batch norm
/// and ReLU), then a 2×2 max pool that halves the size. Two 3×3 convolutions see a 5×5 window, as
/// one 5×5 does, with 18·C² weights instead of 25·C² and one more ReLU between them.
///
/// Shapes: [N, inputChannels, H, W] → [N, outputChannels, H/2, W/2].
public func vggStage<Scalar: Real>(_ inputChannels: Int, _ outputChannels: Int, convolutions: Int = 2,
                                   generator: inout RandomGenerator) throws -> [any Layer<Scalar>] {
    var layers: [any Layer<Scalar>] = []
    for i in 0..<convolutions {
        layers += [conv3x3(i == 0 ? inputChannels : outputChannels, outputChannels, generator: &generator) as Conv2D<Scalar>,
                   BatchNorm2D<Scalar>(featureCount: outputChannels), ReLU<Scalar>()]
    }
    return layers + [try MaxPool2D<Scalar>(kernelSize: 2, stride: 2)]
}

/// A small VGG-style network: one stage per width (each halving the size), global average pooling,
/// one linear layer. For 28×28 inputs and widths [32, 64, 128]: 28 → 14 → 7 → 3.
public func vggNet<Scalar: Real>(widths: [Int] = [32, 64, 128], inputChannels: Int = 1, classes: Int = 10,
                                 generator: inout RandomGenerator) throws -> Sequential<Scalar> {
    var layers: [any Layer<Scalar>] = [], channels = inputChannels
    for width in widths {
        layers += try vggStage(channels, width, generator: &generator)
        channels = width
    }
    return Sequential(layers + [AdaptiveAvgPool2D<Scalar>(outputSize: 1), Flatten<Scalar>(),
                                Linear<Scalar>(inputFeatures: channels, outputFeatures: classes, generator: &generator)])
}

/// A ResNet for small images (He et al., 2016, section 4.2, the CIFAR-10 networks): a 3×3 stem,
/// then one stage per width, each of `blocksPerStage` basic blocks, the first block of every stage
/// but the first halving the size and doubling the channels (with a projection shortcut), then
/// global average pooling and one linear layer. With blocks [3, 3, 3] and widths [16, 32, 64] it
/// is ResNet-20: 1 + 2·9 + 1 = 20 layers with weights. `plain`: the same network without shortcuts.
///
/// For 28×28 inputs: 28 → 14 → 7. Shapes: [N, inputChannels, H, W] → [N, classes].
public func resNet<Scalar: Real>(blocksPerStage: [Int] = [1, 1, 1], widths: [Int] = [16, 32, 64],
                                 inputChannels: Int = 1, classes: Int = 10, plain: Bool = false,
                                 generator: inout RandomGenerator) throws -> Sequential<Scalar> {
    var layers: [any Layer<Scalar>] = [conv3x3(inputChannels, widths[0], generator: &generator) as Conv2D<Scalar>,
                                       BatchNorm2D<Scalar>(featureCount: widths[0]), ReLU<Scalar>()]
    var channels = widths[0]
    for (stage, (blocks, width)) in zip(blocksPerStage, widths).enumerated() {
        for block in 0..<blocks {
            let stride = stage > 0 && block == 0 ? 2 : 1
            layers.append(BasicBlock<Scalar>(inPlanes: channels, planes: width, stride: stride, plain: plain, generator: &generator))
            channels = width
        }
    }
    return Sequential(layers + [AdaptiveAvgPool2D<Scalar>(outputSize: 1), Flatten<Scalar>(),
                                Linear<Scalar>(inputFeatures: channels, outputFeatures: classes, generator: &generator)])
}
