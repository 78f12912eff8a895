import CNN
import NablaCore
import Regularization

/// Batch norm folded into the convolution before it, for inference. At test time batch norm is a
/// fixed affine map per output channel o, with μ and σ² its running statistics:
///
///     bn(conv(x))[o] = γ_o · (Σ W[o]·x + b_o − μ_o) / √(σ²_o + ε) + β_o
///
/// so one convolution with
///
///     W′[o] = W[o] · γ_o / √(σ²_o + ε)
///     b′_o  = (b_o − μ_o) · γ_o / √(σ²_o + ε) + β_o          (b_o = 0 for a convolution without bias)
///
/// gives the same outputs with one pass instead of two (PyTorch's `fuse_conv_bn_eval`). Only for
/// evaluation: in training, μ and σ² are the batch's and change with every batch.
/// Throws `NablaError.shapeMismatch` when the batch norm's channels are not the convolution's
/// output channels.
public func foldBatchNorm<Scalar: Real>(_ convolution: Conv2D<Scalar>, _ batchNorm: BatchNorm2D<Scalar>) throws -> Conv2D<Scalar> {
    let channels = convolution.outputChannels
    try checkShape(batchNorm.normalization.featureCount == channels, layer: "foldBatchNorm",
                   "the convolution has \(channels) output channels, the batch norm num_features = \(batchNorm.normalization.featureCount)")
    let gamma = batchNorm.parameters["weight"].scalars, beta = batchNorm.parameters["bias"].scalars
    let mean = batchNorm.buffers["running_mean"].scalars, variance = batchNorm.buffers["running_var"].scalars
    let epsilon = Scalar(batchNorm.normalization.epsilon)
    var weight = convolution.parameters["weight"].scalars
    let bias = convolution.parameters.tensor(named: "bias")?.scalars ?? [Scalar](repeating: 0, count: channels)
    var foldedBias = [Scalar](repeating: 0, count: channels)
    let perChannel = weight.count / channels
    for o in 0..<channels {
        // γ / √(σ² + ε)
        let scale = gamma[o] / (variance[o] + epsilon).squareRoot()
        // W′[o] = W[o] · scale
        for k in 0..<perChannel { weight[o * perChannel + k] *= scale }
        // b′ = (b − μ) · scale + β
        foldedBias[o] = (bias[o] - mean[o]) * scale + beta[o]
    }
    return Conv2D(sizes: convolution.sizes, parameters: Parameters([
        "weight": Tensor(shape: convolution.parameters["weight"].shape, scalars: weight),
        "bias": Tensor(shape: [channels], scalars: foldedBias),
    ]))
}

extension Sequential {
    /// The same model for inference with every convolution followed by a batch norm folded into one
    /// convolution (`foldBatchNorm`), inside residual blocks too. Each folded convolution keeps the
    /// convolution's name. The outputs in evaluation mode are the same up to rounding.
    public func foldingBatchNorms() throws -> Sequential {
        var layers: [any Layer<Scalar>] = [], names: [String] = []
        var i = 0
        while i < self.layers.count {
            if let convolution = self.layers[i] as? Conv2D<Scalar>, i + 1 < self.layers.count,
               let batchNorm = self.layers[i + 1] as? BatchNorm2D<Scalar> {
                layers.append(try foldBatchNorm(convolution, batchNorm))
                names.append(name(ofLayer: i))
                i += 2
                continue
            }
            var layer = self.layers[i]
            if var block = layer as? any ResidualLayer<Scalar> {
                try block.residual.foldBatchNorms()
                layer = block
            }
            layers.append(layer)
            names.append(name(ofLayer: i))
            i += 1
        }
        return Sequential(layers, names: names)
    }
}

extension Residual {
    /// Folds the batch norms of the main path and of the projection.
    mutating func foldBatchNorms() throws {
        main = try main.foldingBatchNorms()
        if case .projection(let projection) = shortcut { shortcut = .projection(try projection.foldingBatchNorms()) }
    }
}
