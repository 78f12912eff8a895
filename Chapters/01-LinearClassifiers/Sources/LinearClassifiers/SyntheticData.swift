import Foundation
import NablaCore

/// Points with real-valued targets: inputs `[N, D]` and targets `[N]`.
public struct RegressionData<Scalar: Real> {
    public var inputs: Tensor<Scalar>
    public var targets: Tensor<Scalar>

    public init(inputs: Tensor<Scalar>, targets: Tensor<Scalar>) {
        require(inputs.rank == 2 && targets.shape == [inputs.shape[0]],
                "RegressionData: inputs must be [N, D] and targets [N], got \(describe(shape: inputs.shape)) and \(describe(shape: targets.shape))")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.shape[0] }

    /// y = X w + b + ε, with each feature of X drawn from N(0, 1) and ε from N(0, σ²).
    public static func linear(weights: [Scalar], bias: Scalar, count: Int, noiseStandardDeviation: Scalar,
                              generator: inout RandomGenerator) -> RegressionData {
        let inputs = Tensor<Scalar>.normal(shape: [count, weights.count], generator: &generator)
        let targets = Tensor<Scalar>(shape: [count]) { n in
            var y = bias
            for (d, w) in weights.enumerated() { y += w * inputs.scalars[n * weights.count + d] }
            return y + generator.normal(mean: 0, standardDeviation: noiseStandardDeviation)
        }
        return RegressionData(inputs: inputs, targets: targets)
    }

    /// The same data with a `fraction` of the targets, chosen at random, moved up by `shift`:
    /// gross errors such as a sensor that sometimes misreads, which no Gaussian would produce.
    public func withOutliers(fraction: Double, shift: Scalar, generator: inout RandomGenerator) -> RegressionData {
        var copy = self
        let outlierCount = Int((fraction * Double(count)).rounded())
        for n in generator.permutation(count).prefix(outlierCount) { copy.targets.scalars[n] += shift }
        return copy
    }
}

/// Points with class labels: inputs `[N, D]` and one label in 0..<classes per point.
public struct LabeledData<Scalar: Real> {
    public var inputs: Tensor<Scalar>
    public var labels: [Int]
    public let classes: Int

    public init(inputs: Tensor<Scalar>, labels: [Int], classes: Int) {
        require(inputs.rank == 2 && inputs.shape[0] == labels.count,
                "LabeledData: inputs \(describe(shape: inputs.shape)) need one label per row, got \(labels.count)")
        require(labels.allSatisfy { (0..<classes).contains($0) }, "LabeledData: labels must lie in 0..<\(classes)")
        self.inputs = inputs
        self.labels = labels
        self.classes = classes
    }

    public var count: Int { labels.count }

    /// The points at `indices`, in that order.
    public func subset(_ indices: some Collection<Int>) -> LabeledData {
        let features = inputs.shape[1]
        var scalars: [Scalar] = []
        scalars.reserveCapacity(indices.count * features)
        for n in indices { scalars += inputs.scalars[(n * features)..<((n + 1) * features)] }
        return LabeledData(inputs: Tensor(shape: [indices.count, features], scalars: scalars),
                                  labels: indices.map { labels[$0] }, classes: classes)
    }

    /// A random split: `trainFraction` of the points for training, the rest held out for testing.
    public func split(trainFraction: Double, generator: inout RandomGenerator)
        -> (train: LabeledData, test: LabeledData) {
        let order = generator.permutation(count)
        let trainCount = Int((trainFraction * Double(count)).rounded())
        return (subset(order[..<trainCount]), subset(order[trainCount...]))
    }

    /// The same labels with new features for each point, e.g. from a feature transform.
    public func withInputs(_ newInputs: Tensor<Scalar>) -> LabeledData {
        LabeledData(inputs: newInputs, labels: labels, classes: classes)
    }

    /// Gaussian blobs in 2-D: class k is centred at radius·(cos 2πk/K, sin 2πk/K), with spread σ.
    public static func blobs(classes: Int, pointsPerClass: Int, radius: Double = 2, spread: Double = 0.8,
                             generator: inout RandomGenerator) -> LabeledData {
        var points: [Scalar] = [], labels: [Int] = []
        for k in 0..<classes {
            let angle = 2 * Double.pi * Double(k) / Double(classes)
            for _ in 0..<pointsPerClass {
                points.append(Scalar(radius * cos(angle) + spread * generator.normal()))
                points.append(Scalar(radius * sin(angle) + spread * generator.normal()))
                labels.append(k)
            }
        }
        return LabeledData(inputs: Tensor(shape: [labels.count, 2], scalars: points), labels: labels,
                                  classes: classes)
    }

    /// CS231n's spirals: K arms winding out from the centre. Along arm k the radius r grows evenly
    /// from 0 to 1 while the angle t goes from 4k to 4(k + 1) radians, plus noise on t; the point
    /// is (r sin t, r cos t). No straight line separates one arm from the others.
    public static func spirals(classes: Int, pointsPerClass: Int, angleNoise: Double = 0.2,
                               generator: inout RandomGenerator) -> LabeledData {
        var points: [Scalar] = [], labels: [Int] = []
        for k in 0..<classes {
            for i in 0..<pointsPerClass {
                let progress = pointsPerClass > 1 ? Double(i) / Double(pointsPerClass - 1) : 0
                let angle = 4 * (Double(k) + progress) + angleNoise * generator.normal()
                points.append(Scalar(progress * sin(angle)))
                points.append(Scalar(progress * cos(angle)))
                labels.append(k)
            }
        }
        return LabeledData(inputs: Tensor(shape: [labels.count, 2], scalars: points), labels: labels,
                                  classes: classes)
    }
}
