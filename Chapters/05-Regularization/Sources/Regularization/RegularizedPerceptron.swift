import NablaCore
import Backprop

/// Chapter 3's perceptron with this chapter's layers in each hidden block:
///
///     Linear → [BatchNorm1D] → ReLU → [Dropout(p)]     … then a final Linear to the scores
///
/// With batch norm the linear layer has no bias: batch norm subtracts the batch mean, which
/// cancels any bias, and its own β takes that role.
public func regularizedPerceptron(inputs: Int, hidden: [Int], classes: Int, dropout: Double, batchNorm: Bool,
                                  generator: inout RandomGenerator) -> Sequential<Float> {
    var layers: [any Layer<Float>] = []
    var width = inputs
    for size in hidden {
        layers.append(Linear<Float>(inputFeatures: width, outputFeatures: size, bias: !batchNorm, generator: &generator))
        if batchNorm { layers.append(BatchNorm1D<Float>(featureCount: size)) }
        layers.append(ReLU<Float>())
        if dropout > 0 { layers.append(Dropout<Float>(probability: dropout)) }
        width = size
    }
    layers.append(Linear<Float>(inputFeatures: width, outputFeatures: classes, generator: &generator))
    return Sequential(layers)
}
