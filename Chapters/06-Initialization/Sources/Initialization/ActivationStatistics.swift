import NablaCore

/// What a hidden layer's outputs look like on a batch `[N, units]`: the numbers that show a signal
/// vanishing, exploding, saturating a tanh or killing ReLUs.
public struct ActivationStatistics: Equatable, Sendable {
    /// The mean over all N · units values.
    public let mean: Double
    /// The (population) standard deviation over all N · units values.
    public let standardDeviation: Double
    /// The fraction of values with |a| > `saturationThreshold`. For a tanh at 0.99 the local
    /// derivative 1 − a² is below 0.02 there: almost no gradient passes.
    public let saturatedFraction: Double
    /// The fraction of units that output exactly 0 for every example of the batch. For a ReLU,
    /// such a unit passes no gradient, so its incoming weights do not learn from this batch.
    public let deadUnitFraction: Double

    /// The mean of a², μ² + σ²: the second moment that Kaiming initialisation keeps from layer to layer.
    public var meanSquare: Double { mean * mean + standardDeviation * standardDeviation }

    @_specialize(where Scalar == Float)
    public init<Scalar: Real>(_ activations: Tensor<Scalar>, saturationThreshold: Double = 0.99) {
        require(activations.rank == 2 && activations.count > 0,
                "ActivationStatistics: needs a non-empty batch [N, units], got \(describe(shape: activations.shape))")
        let rows = activations.shape[0], units = activations.shape[1], count = Double(activations.count)
        var sum = 0.0, saturated = 0
        var alive = [Bool](repeating: false, count: units)
        activations.withUnsafeBufferPointer { a in
            alive.withUnsafeMutableBufferPointer { alive in
                for n in 0..<rows {
                    for j in 0..<units {
                        let value = Double(a[n * units + j])
                        sum += value
                        if abs(value) > saturationThreshold { saturated += 1 }
                        if value != 0 { alive[j] = true }
                    }
                }
            }
        }
        let mean = sum / count
        // σ² = (1/M) Σ (a − μ)², in a second pass: no cancellation when μ is large
        let squaredDeviations = activations.withUnsafeBufferPointer { a in
            a.reduce(0.0) { total, value in total + (Double(value) - mean) * (Double(value) - mean) }
        }
        self.mean = mean
        standardDeviation = (squaredDeviations / count).squareRoot()
        saturatedFraction = Double(saturated) / count
        deadUnitFraction = Double(alive.filter { !$0 }.count) / Double(units)
    }
}
