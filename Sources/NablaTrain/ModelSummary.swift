import NablaCore

/// One line per layer: its type, the shape it outputs, its parameters and its multiply-adds per
/// example, found by passing one example of `inputShape` (without the batch dimension) through the
/// model, so the shapes are the ones the code computes, not a second formula; then the totals.
/// Throws the first layer's shape error, if any.
///
///     layer              output shape        parameters   mult-adds
///     Conv2D             [6, 28, 28]                156     117,600
public func modelSummary(_ model: Sequential<Float>, inputShape: [Int]) throws -> String {
    var x = Tensor<Float>(zeros: [1] + inputShape)
    var context = ForwardContext.evaluation
    func row(_ name: String, _ shape: String, _ parameters: String, _ multiplyAdds: String) -> String {
        name.padding(toLength: 19, withPad: " ", startingAt: 0) + shape.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(repeating: " ", count: max(0, 10 - parameters.count)) + parameters
            + String(repeating: " ", count: max(0, 12 - multiplyAdds.count)) + multiplyAdds
    }
    var lines = [row("layer", "output shape", "parameters", "mult-adds"), row("input", describe(shape: inputShape), "", "")]
    var totalParameters = 0, totalMultiplyAdds = 0
    for var layer in model.layers {
        let multiplyAdds = layer.multiplyAdds(exampleShape: Array(x.shape.dropFirst()))
        x = try layer.forwardErasingCache(x, context: &context).output
        let count = layer.parameters.scalarCount
        totalParameters += count
        totalMultiplyAdds += multiplyAdds
        lines.append(row(layer.typeName, describe(shape: Array(x.shape.dropFirst())), grouped(count), grouped(multiplyAdds)))
    }
    lines.append("total: \(grouped(totalParameters)) parameters, \(grouped(totalMultiplyAdds)) multiply-adds per example "
                 + "(about \(grouped(3 * totalMultiplyAdds)) to train on it: forward, and backward's two products)")
    return lines.joined(separator: "\n")
}

/// `61,706`: digits in groups of three.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { result += "," }
        result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
}
