import NablaCore

/// Checks a layer's backward against central finite differences, in float64.
///
/// A random upstream gradient g (not all ones) makes this a check of the vector–Jacobian product:
/// for every checked element θ_i of the input and of each parameter,
///
///     ∂(g · y)/∂θ_i ≈ Σ_j g_j (y_j(θ + h e_i) − y_j(θ − h e_i)) / 2h
///
/// The differences y₊ − y₋ are taken element by element before the sum, so outputs that do not
/// depend on θ_i cancel exactly instead of adding rounding noise.
public func checkLayerGradients<L: Layer>(_ layer: L, input: Tensor<Double>, op: String,
                                          options: GradientCheckOptions = GradientCheckOptions()) throws
    -> GradientCheckReport where L.Scalar == Double {
    var generator = RandomGenerator(seed: options.seed &+ 1)
    func run(_ layer: L, _ x: Tensor<Double>) throws -> (Tensor<Double>, L.Cache) {
        // Every forward pass sees the same context, so a random layer draws the same mask each time.
        var context = ForwardContext(isTraining: options.training, generator: RandomGenerator(seed: options.seed &+ 2))
        var copy = layer
        return try copy.forward(x, context: &context)
    }
    let (y0, cache) = try run(layer, input)
    let upstream = Tensor<Double>.normal(shape: y0.shape, generator: &generator)
    let (inputGradient, parameterGradients) = layer.backward(upstream, cache: cache)

    // g · (y(θ') − y(θ)), the change of the checked scalar under a perturbation.
    func change(_ y: Tensor<Double>) -> Double {
        var total = 0.0
        for j in 0..<y.count { total += upstream.scalars[j] * (y.scalars[j] - y0.scalars[j]) }
        return total
    }
    func checkTensor(name: String, analytic: Tensor<Double>, value: Tensor<Double>,
                     evaluate: (Tensor<Double>) throws -> Tensor<Double>) throws -> ErrorTracker {
        guard analytic.shape == value.shape else {
            throw NablaError.shapeMismatch(layer: op, message: "backward: the gradient of '\(name)' has shape \(describe(shape: analytic.shape)), expected \(describe(shape: value.shape))")
        }
        var tracker = ErrorTracker(name: name, count: value.count)
        for i in indicesToCheck(count: value.count, options: options, generator: &generator) {
            var perturbed = value
            perturbed.scalars[i] = value.scalars[i] + options.step
            let plus = change(try evaluate(perturbed))
            perturbed.scalars[i] = value.scalars[i] - options.step
            let minus = change(try evaluate(perturbed))
            let difference = FiniteDifference(plus: plus, zero: 0, minus: minus, step: options.step,
                                              kinkThreshold: options.kinkThreshold)
            tracker.record(index: i, analytic: analytic.scalars[i], difference)
        }
        return tracker
    }

    var trackers = [try checkTensor(name: "x", analytic: inputGradient, value: input) { try run(layer, $0).0 }]
    for name in layer.parameters.names {
        guard let analytic = parameterGradients.tensor(named: name) else {
            throw NablaError.shapeMismatch(layer: op, message: "backward returned no gradient for parameter '\(name)' (it returned: \(parameterGradients.names.joined(separator: ", ")))")
        }
        trackers.append(try checkTensor(name: name, analytic: analytic, value: layer.parameters[name]) { value in
            var changed = layer
            changed.parameters[name] = value
            return try run(changed, input).0
        })
    }
    return GradientCheckReport(op: op, inputShape: input.shape, trackers: trackers, tolerance: options.tolerance)
}

/// Records every checked element of one tensor (its analytic and numerical gradient) and the
/// kinks; judged once the scale over all of an op's tensors is known.
struct ErrorTracker {
    let name: String
    let count: Int
    var checked = 0
    var kinks: [Int] = []
    var elements: [(index: Int, analytic: Double, numeric: Double)] = []

    init(name: String, count: Int) {
        self.name = name
        self.count = count
    }

    mutating func record(index: Int, analytic: Double, _ difference: FiniteDifference) {
        checked += 1
        if difference.isKink {
            kinks.append(index)
            return
        }
        elements.append((index, analytic, difference.central))
    }

    /// The largest |a| or |n| recorded: this tensor's share of the gradient's scale.
    var largestMagnitude: Double {
        elements.reduce(0) { max($0, abs($1.analytic), abs($1.numeric)) }
    }

    /// Each element passes when its relative error is within `tolerance` or its absolute error
    /// within `absoluteBound` (see `GradientTest`).
    func result(tolerance: Double, absoluteBound: Double) -> TensorGradientCheck {
        var maxRelative = 0.0, maxAbsolute = 0.0, byAbsolute = 0, failed = 0
        var worst: (index: Int, analytic: Double, numeric: Double, relative: Double)?
        var worstFailure: (index: Int, analytic: Double, numeric: Double, absolute: Double)?
        for element in elements {
            let relative = gradientRelativeError(element.analytic, element.numeric)
            let absolute = abs(element.analytic - element.numeric)
            // NaN passes no comparison: written as negations so it counts as a failure.
            let passesRelative = relative <= tolerance, passesAbsolute = absolute <= absoluteBound
            if !passesRelative && passesAbsolute { byAbsolute += 1 }
            if !passesRelative && !passesAbsolute {
                failed += 1
                if worstFailure == nil || !(absolute <= worstFailure!.absolute) {
                    worstFailure = (element.index, element.analytic, element.numeric, absolute)
                }
            }
            maxRelative = max(maxRelative, relative.isNaN ? .infinity : relative)
            maxAbsolute = max(maxAbsolute, absolute.isNaN ? .infinity : absolute)
            if worst == nil || relative >= worst!.relative { worst = (element.index, element.analytic, element.numeric, relative) }
        }
        let shown = worstFailure.map { ($0.index, $0.analytic, $0.numeric) } ?? worst.map { ($0.index, $0.analytic, $0.numeric) }
        return TensorGradientCheck(name: name, elementCount: count, checkedCount: checked, maxRelativeError: maxRelative,
                                   maxAbsoluteError: maxAbsolute, absoluteBound: absoluteBound,
                                   passedByAbsoluteTest: byAbsolute, failedCount: failed,
                                   worstIndex: shown?.0, worstAnalytic: shown?.1 ?? 0, worstNumeric: shown?.2 ?? 0,
                                   kinkIndices: kinks)
    }
}
