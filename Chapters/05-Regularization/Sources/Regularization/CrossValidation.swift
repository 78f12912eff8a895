import NablaCore
import NablaData
import NablaTrain

/// k-fold cross-validation: split the training images into k folds of (nearly) equal size; for
/// each fold, train on the other k − 1 and measure accuracy on it. The mean over folds estimates
/// how the model does on unseen images using every image for validation once, and the spread
/// shows how much a single hold-out split can be trusted.
public struct CrossValidation: Sendable {
    public var experiment: RegularizationExperiment
    public let foldCount: Int

    public init(experiment: RegularizationExperiment, foldCount: Int) {
        require(foldCount >= 2, "CrossValidation: k must be at least 2, got \(foldCount)")
        self.experiment = experiment
        self.foldCount = foldCount
    }

    /// The positions of each fold: a seeded shuffle of 0..<count dealt into k folds.
    public static func folds(count: Int, k: Int, seed: UInt64) -> [[Int]] {
        var generator = RandomGenerator(seed: seed)
        let order = generator.permutation(count)
        return (0..<k).map { fold in
            stride(from: fold, to: count, by: k).map { order[$0] }.sorted()
        }
    }

    /// The accuracy on each held-out fold. Early stopping is switched off: it would pick its epoch
    /// on the very fold being measured, and the estimate would be optimistic. Each fold is
    /// normalised with its own training part's statistics.
    public func run(images: ImageDataset, test: ImageDataset, threads: Int,
                    report: (Int, RegularizationResult) -> Void = { _, _ in }) throws -> [Double] {
        var fixed = experiment
        fixed.recipe.earlyStoppingPatience = nil
        var accuracies: [Double] = []
        for (index, heldOut) in Self.folds(count: images.count, k: foldCount, seed: experiment.seed &+ 7).enumerated() {
            let heldOutSet = Set(heldOut)
            let training = images.subset((0..<images.count).filter { !heldOutSet.contains($0) })
            let normalization = Normalization(statisticsOf: training)
            let splits = DataSplits(training: NormalizedImages(training, normalization: normalization),
                                    validation: NormalizedImages(images.subset(heldOut), normalization: normalization),
                                    test: NormalizedImages(test, normalization: normalization))
            let result = try fixed.run(on: splits, threads: threads, label: "fold \(index + 1)/\(foldCount)")
            report(index, result)
            accuracies.append(result.validationAccuracy)
        }
        return accuracies
    }
}

/// Mean and sample standard deviation.
public func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, standardDeviation: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.count > 1 ? values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1) : 0
    return (mean, variance.squareRoot())
}
