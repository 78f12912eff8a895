import NablaCore

/// Checks a loss's gradient with respect to its input against central finite differences:
/// ∂L/∂x_i ≈ (L(x + h e_i) − L(x − h e_i)) / 2h, in float64.
public func checkLossGradients<L: Loss>(_ loss: L, input: Tensor<Double>, target: Tensor<Double>, op: String,
                                        options: GradientCheckOptions = GradientCheckOptions()) throws
    -> GradientCheckReport where L.Scalar == Double {
    var generator = RandomGenerator(seed: options.seed &+ 1)
    let (value, cache) = try loss.forward(input, target: target)
    let analytic = loss.backward(cache: cache)
    guard analytic.shape == input.shape else {
        throw NablaError.shapeMismatch(layer: op, message: "backward: the gradient has shape \(describe(shape: analytic.shape)), expected \(describe(shape: input.shape))")
    }
    var tracker = ErrorTracker(name: "input", count: input.count)
    for i in indicesToCheck(count: input.count, options: options, generator: &generator) {
        var perturbed = input
        perturbed.scalars[i] = input.scalars[i] + options.step
        let plus = try loss.forward(perturbed, target: target).loss - value
        perturbed.scalars[i] = input.scalars[i] - options.step
        let minus = try loss.forward(perturbed, target: target).loss - value
        tracker.record(index: i, analytic: analytic.scalars[i],
                       FiniteDifference(plus: plus, zero: 0, minus: minus, step: options.step,
                                        kinkThreshold: options.kinkThreshold))
    }
    return GradientCheckReport(op: op, inputShape: input.shape, trackers: [tracker], tolerance: options.tolerance)
}

/// A valid target for a loss's input: class labels, probabilities or values, seeded.
public func makeTarget(kind: TargetKind, inputShape: [Int], generator: inout RandomGenerator) -> Tensor<Double> {
    switch kind {
    case .classIndices:
        let classes = inputShape.last ?? 1
        return Tensor(shape: [inputShape.first ?? 1], element: { _ in Double(generator.int(below: max(classes, 1))) })
    case .probabilities:
        return Tensor.uniform(shape: inputShape, low: 0, high: 1, generator: &generator)
    case .values:
        return Tensor.normal(shape: inputShape, generator: &generator)
    }
}
