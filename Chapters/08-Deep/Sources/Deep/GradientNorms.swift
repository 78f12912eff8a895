import Backprop
import NablaCore
import NablaTrain

/// How much gradient reaches each convolution of a network: ‖dL/dW‖ (the Frobenius norm, √Σ w²
/// of the gradient) of every convolution's weight on the main path, first to last, from one batch
/// in training mode, with softmax cross-entropy.
///
/// In a plain network, dL/dW of layer l is dL/dy_L times the Jacobians of every layer above l; in
/// a residual network each unit's Jacobian is I + ∂F/∂x, so the product always holds a path that
/// skips every F. The plain network's first layers receive a gradient that depends on the product
/// of many Jacobians; the residual network's do not.
///
/// Returns each convolution's parameter name (`3.conv1.weight`) and norm; the projections of the
/// shortcuts (`downsample`) are left out, so a plain network and its residual twin list the same
/// layers. Throws what the model's forward pass throws for `features` of the wrong shape.
public func convolutionGradientNorms(_ model: Sequential<Float>, features: Tensor<Float>, labels: Tensor<Float>) throws
    -> [(layer: String, norm: Double)] {
    var model = model, context = ForwardContext(isTraining: true)
    let (logits, cache) = try model.forward(features, context: &context)
    let (_, dLogits) = try CrossEntropyLoss<Float>().lossAndGradient(logits, target: labels)
    let gradients = model.parameterGradients(dLogits, cache: cache)
    return gradients.pairs.compactMap { name, gradient in
        guard gradient.rank == 4, !name.contains("downsample") else { return nil }
        // ‖dL/dW‖ = √(Σ g²)
        let norm = gradient.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        return (name, norm)
    }
}
