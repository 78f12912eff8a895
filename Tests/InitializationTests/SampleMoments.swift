import NablaCore

/// What the tests measure on a sample of weights, in Double.
struct SampleMoments {
    let count: Int
    let mean: Double
    let standardDeviation: Double
    let minimum: Double
    let maximum: Double
    /// The fraction of values within one standard deviation of the mean: 0.6827 for a normal
    /// distribution, 1/√3 = 0.5774 for a uniform one.
    let fractionWithinOneDeviation: Double

    init(_ tensor: Tensor<Float>) {
        let values = tensor.scalars.map(Double.init)
        count = values.count
        mean = values.reduce(0, +) / Double(count)
        let mean = self.mean
        standardDeviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)).squareRoot()
        minimum = values.min()!
        maximum = values.max()!
        let deviation = standardDeviation
        fractionWithinOneDeviation = Double(values.filter { abs($0 - mean) <= deviation }.count) / Double(count)
    }

    /// The standard error of the sample standard deviation, relative to σ: √((κ − 1) / (4N)) for a
    /// distribution of kurtosis κ (3 for a normal: 1/√(2N); 9/5 for a uniform: √(1/(5N))).
    func relativeErrorOfDeviation(kurtosis: Double) -> Double {
        ((kurtosis - 1) / (4 * Double(count))).squareRoot()
    }
}

/// Kurtosis E[(x − μ)⁴] / σ⁴ of the two shapes of distribution the schemes draw from.
enum Kurtosis {
    static let normal = 3.0
    static let uniform = 9.0 / 5.0
}

/// The fraction of a normal distribution within one standard deviation of its mean, erf(1/√2).
let normalWithinOneDeviation = 0.682689492137
/// The same for a uniform distribution: the interval [−σ, σ] of [−√3σ, √3σ].
let uniformWithinOneDeviation = 1 / 3.0.squareRoot()
