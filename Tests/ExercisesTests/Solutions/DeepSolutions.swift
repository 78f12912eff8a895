import Backprop
import CNN
import Deep
import NablaCore
import NablaExercises
import Regularization

// Reference solution of chapter 8's exercise and typical wrong versions.

struct PreActBlockSolution: Layer {
    typealias Scalar = Double
    var block: PreActBlock<Double>
    var version = Version.reference

    var parameters: Parameters<Double> { get { block.parameters } set { block.parameters = newValue } }
    var buffers: Parameters<Double> { get { block.buffers } set { block.buffers = newValue } }

    struct Cache {
        let bn1: BatchNorm2D<Double>.Cache, relu1: Tensor<Double>, conv1: ConvolutionCache<Double>
        let bn2: BatchNorm2D<Double>.Cache, relu2: Tensor<Double>, conv2: ConvolutionCache<Double>
    }

    mutating func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Cache) {
        let (n1, bn1) = try block.bn1.forward(x, context: &context)
        let (a, relu1) = ReLU<Double>().forward(n1, context: &context)
        let (c1, conv1) = try block.conv1.forward(a, context: &context)
        let (n2, bn2) = try block.bn2.forward(c1, context: &context)
        let (h, relu2) = ReLU<Double>().forward(n2, context: &context)
        let (f, conv2) = try block.conv2.forward(h, context: &context)
        return (x + f, Cache(bn1: bn1, relu1: relu1, conv1: conv1, bn2: bn2, relu2: relu2, conv2: conv2))
    }

    func backward(_ dy: Tensor<Double>, cache: Cache) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let (dh, g2) = block.conv2.backward(dy, cache: cache.conv2)
        let (dn2, _) = ReLU<Double>().backward(dh, cache: cache.relu2)
        let (dc1, gBN2) = block.bn2.backward(dn2, cache: cache.bn2)
        let (da, g1) = block.conv1.backward(dc1, cache: cache.conv1)
        let (dn1, _) = ReLU<Double>().backward(da, cache: cache.relu1)
        let (dxBranch, gBN1) = block.bn1.backward(dn1, cache: cache.bn1)
        // the mistake: every parameter gradient divided by the batch size once more
        let scale = version == .meanOverBatch ? 1 / Double(dy.shape[0]) : 1
        var gradients = Parameters<Double>()
        for (name, g) in gBN1.prefixed("bn1").merged(with: g1.prefixed("conv1")).merged(with: gBN2.prefixed("bn2"))
            .merged(with: g2.prefixed("conv2")).pairs { gradients.append(name, g * scale) }
        // dL/dx = dy (the shortcut) + the branch's; the mistake: the branch's alone
        return (version == .missingShortcut ? dxBranch : dy + dxBranch, gradients)
    }
}

enum DeepSolutions {
    static func preActBlock(_ version: Version = .reference) -> LayerMaker {
        { config, generator in PreActBlockSolution(block: PreActBlock(channels: try config.int("channels"), generator: &generator), version: version) }
    }
}
