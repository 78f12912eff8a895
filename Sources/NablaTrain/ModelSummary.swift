import NablaCore
import NablaPlot  // grouped(_:)

/// One line per layer: its type, the shape it outputs, its parameters and its multiply-adds per
/// example, found by passing one example of `inputShape` (without the batch dimension) through the
/// model, so the shapes are the ones the code computes, not a second formula; then the totals.
/// Throws the first layer's shape error, if any.
///
///     layer              output shape        parameters   mult-adds
///     Conv2D             [6, 28, 28]                156     117,600
public func modelSummary(_ model: Sequential<Float>, inputShape: [Int]) throws -> String {
    func row(_ name: String, _ shape: String, _ parameters: String, _ multiplyAdds: String) -> String {
        name.padding(toLength: 19, withPad: " ", startingAt: 0) + shape.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(repeating: " ", count: max(0, 10 - parameters.count)) + parameters
            + String(repeating: " ", count: max(0, 12 - multiplyAdds.count)) + multiplyAdds
    }
    var lines = [row("layer", "output shape", "parameters", "mult-adds"), row("input", describe(shape: inputShape), "", "")]
    let layers = try layerSizes(model, inputShape: inputShape)
    for layer in layers {
        lines.append(row(layer.name, describe(shape: layer.outputShape), grouped(layer.parameters), grouped(layer.multiplyAdds)))
    }
    let totalParameters = layers.reduce(0) { $0 + $1.parameters }, totalMultiplyAdds = layers.reduce(0) { $0 + $1.multiplyAdds }
    lines.append("total: \(grouped(totalParameters)) parameters, \(grouped(totalMultiplyAdds)) multiply-adds per example "
                 + "(about \(grouped(3 * totalMultiplyAdds)) to train on it: forward, and backward's two products)")
    return lines.joined(separator: "\n")
}

/// The multiply-adds of one forward pass of one example of `inputShape` (without the batch).
public func multiplyAddsPerExample(_ model: Sequential<Float>, inputShape: [Int]) throws -> Int {
    try layerSizes(model, inputShape: inputShape).reduce(0) { $0 + $1.multiplyAdds }
}

/// Each layer's type, output shape (without the batch), parameters and multiply-adds per example.
private func layerSizes(_ model: Sequential<Float>, inputShape: [Int]) throws
    -> [(name: String, outputShape: [Int], parameters: Int, multiplyAdds: Int)] {
    var x = Tensor<Float>(zeros: [1] + inputShape)
    var context = ForwardContext.evaluation
    var sizes: [(name: String, outputShape: [Int], parameters: Int, multiplyAdds: Int)] = []
    for var layer in model.layers {
        let multiplyAdds = layer.multiplyAdds(exampleShape: Array(x.shape.dropFirst()))
        x = try layer.forwardErasingCache(x, context: &context).output
        sizes.append((layer.typeName, Array(x.shape.dropFirst()), layer.parameters.scalarCount, multiplyAdds))
    }
    return sizes
}
