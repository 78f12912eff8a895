import NablaCore
import Backprop

/// One hidden layer of a deep network seen on a batch: its outputs, and how much gradient reaches
/// its weights.
public struct LayerReading: Equatable, Sendable {
    /// Statistics of act(h W_lᵀ + b_l) over the batch.
    public let activations: ActivationStatistics
    /// ‖∂L/∂W_l‖, the Frobenius norm of the gradient of the batch's mean cross-entropy loss.
    public let weightGradientNorm: Double
}

extension DeepNetwork {
    /// Pushes `images` `[N, inputs]` forward, keeping every hidden layer's output, then backward
    /// from the softmax cross-entropy against `labels`: one reading per hidden layer, first to last.
    public mutating func probe(images: Tensor<Float>, labels: Tensor<Float>) throws -> [LayerReading] {
        var context = ForwardContext.evaluation
        var x = images
        var caches: [Any] = []
        var hiddenOutputs: [Tensor<Float>] = []
        for i in model.layers.indices {
            let (y, cache) = try model.layers[i].forwardErasingCache(x, context: &context)
            caches.append(cache)
            if i < 2 * depth && i % 2 == 1 { hiddenOutputs.append(y) }
            x = y
        }
        let (_, scoreGradient) = try CrossEntropyLoss<Float>().lossAndGradient(x, target: labels)
        let gradients = model.parameterGradients(scoreGradient, cache: caches)
        return (0..<depth).map { l in
            LayerReading(activations: ActivationStatistics(hiddenOutputs[l]),
                         weightGradientNorm: frobeniusNorm(gradients["\(linearPosition(ofHiddenLayer: l)).weight"]))
        }
    }
}

/// ‖t‖ = √(Σ t²), summed in Double in order.
func frobeniusNorm(_ tensor: Tensor<Float>) -> Double {
    tensor.withUnsafeBufferPointer { t in t.reduce(0.0) { $0 + Double($1) * Double($1) } }.squareRoot()
}
