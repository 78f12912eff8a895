import NablaCore

/// Gradient-checks a registered op by name: builds it with its example configuration (or
/// `config`), draws a seeded input of its example shape (or `inputShape`) and runs the check.
public func checkGradients(op: String, registry: Registry<Double>, inputShape: [Int]? = nil,
                           config: [String: JSON]? = nil,
                           options: GradientCheckOptions = GradientCheckOptions()) throws -> GradientCheckReport {
    if let shape = inputShape {
        // An empty tensor would check nothing, and a huge one would be allocated before any check.
        guard !shape.isEmpty, shape.allSatisfy({ $0 >= 1 }) else {
            throw NablaError.invalidConfig(op: op, message: "the input shape \(describe(shape: shape)) must have sizes of at least 1")
        }
        if let problem = TensorSize.problem(with: shape) {
            throw NablaError.invalidConfig(op: op, message: "the input shape is too large: \(problem)")
        }
    }
    var generator = RandomGenerator(seed: options.seed)
    if let entry = registry.layers[op] {
        let shape = inputShape ?? entry.exampleInputShape
        let layer = try registry.makeLayer(op, config: config ?? entry.exampleConfig, generator: &generator)
        let input = Tensor<Double>.normal(shape: shape, generator: &generator)
        return try checkOpenedLayer(layer, input: input, op: op, options: options)
    }
    if let entry = registry.losses[op] {
        let shape = inputShape ?? entry.exampleInputShape
        let loss = try registry.makeLoss(op, config: config ?? entry.exampleConfig)
        let input = Tensor<Double>.normal(shape: shape, generator: &generator)
        let target = makeTarget(kind: entry.targetKind, inputShape: shape, generator: &generator)
        return try checkOpenedLoss(loss, input: input, target: target, op: op, options: options)
    }
    if registry.optimizers[op] != nil {
        throw NablaError.unsupported("'\(op)' is an optimizer: it has no gradient to check; `nabla verify` compares it with PyTorch")
    }
    throw NablaError.unsupported("no layer or loss named '\(op)' is registered (registered: "
                                 + (Array(registry.layers.keys) + registry.losses.keys).sorted().joined(separator: ", ") + ")")
}

// Generic functions open the `any Layer` / `any Loss` existentials, so the check sees the concrete type.
private func checkOpenedLayer<L: Layer>(_ layer: L, input: Tensor<Double>, op: String,
                                        options: GradientCheckOptions) throws -> GradientCheckReport where L.Scalar == Double {
    try checkLayerGradients(layer, input: input, op: op, options: options)
}

private func checkOpenedLoss<L: Loss>(_ loss: L, input: Tensor<Double>, target: Tensor<Double>, op: String,
                                      options: GradientCheckOptions) throws -> GradientCheckReport where L.Scalar == Double {
    try checkLossGradients(loss, input: input, target: target, op: op, options: options)
}
