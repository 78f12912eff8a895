import NablaCore

/// One line per layer: its type, the shape it outputs and its parameter count, found by passing one
/// example of `inputShape` (without the batch dimension) through the model, so the shapes are the
/// ones the code computes, not a second formula. Throws the first layer's shape error, if any.
public func modelSummary(_ model: Sequential<Float>, inputShape: [Int]) throws -> String {
    var x = Tensor<Float>(zeros: [1] + inputShape)
    var context = ForwardContext.evaluation
    var lines = ["layer              output shape        parameters", "input              \(describe(shape: inputShape))"]
    var total = 0
    for var layer in model.layers {
        x = try layer.forwardErasingCache(x, context: &context).output
        let count = layer.parameters.scalarCount
        total += count
        lines.append(layer.typeName.padding(toLength: 19, withPad: " ", startingAt: 0)
                     + describe(shape: Array(x.shape.dropFirst())).padding(toLength: 20, withPad: " ", startingAt: 0)
                     + String(count))
    }
    lines.append("total parameters: \(total)")
    return lines.joined(separator: "\n")
}
