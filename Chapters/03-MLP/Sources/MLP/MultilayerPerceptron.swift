import NablaCore
import Backprop

/// A multilayer perceptron: Linear → ReLU → … → Linear, one hidden layer per entry of `hidden`.
///
///     h₁ = relu(x W₁ᵀ + b₁),  h₂ = relu(h₁ W₂ᵀ + b₂),  …,  scores = h_L W_outᵀ + b_out
///
/// The scores are logits: the softmax lives in the loss (cross-entropy on logits is stable, and
/// its gradient is simply softmax − onehot). Weights start as PyTorch's `nn.Linear` defaults.
public func multilayerPerceptron<Scalar: Real>(inputs: Int, hidden: [Int], classes: Int,
                                               generator: inout RandomGenerator) -> Sequential<Scalar> {
    var layers: [any Layer<Scalar>] = []
    var width = inputs
    for size in hidden {
        layers.append(Linear<Scalar>(inputFeatures: width, outputFeatures: size, generator: &generator))
        layers.append(ReLU<Scalar>())
        width = size
    }
    layers.append(Linear<Scalar>(inputFeatures: width, outputFeatures: classes, generator: &generator))
    return Sequential(layers)
}

/// `784-512-256-10`: the widths of a perceptron's layers, for summaries and reports.
public func describeWidths(inputs: Int, hidden: [Int], classes: Int) -> String {
    ([inputs] + hidden + [classes]).map(String.init).joined(separator: "-")
}
