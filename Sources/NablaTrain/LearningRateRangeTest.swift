import Foundation
import NablaCore
import NablaData

/// The learning-rate range test (Leslie N. Smith, "Cyclical Learning Rates for Training Neural
/// Networks", 2017, section 3.3; fast.ai's `lr_find`): train for a few hundred steps while the rate
/// grows exponentially from tiny to huge, and watch the loss. While the rate is too small the loss
/// barely moves; over a range it falls fast; then the steps overshoot and it explodes. A good rate
/// lies in the falling range, below the minimum.
///
/// The rate of step t = 0 … T−1 is
///
///     r_t = r_start · (r_end / r_start)^(t / (T − 1))
///
/// and the loss is smoothed with an exponential moving average, debiased as Adam debiases its
/// moments (the first values would otherwise be pulled towards 0):
///
///     s_t = β·s_{t−1} + (1 − β)·L_t,    ŝ_t = s_t / (1 − β^(t+1))
///
/// The test stops early when ŝ_t exceeds `divergenceFactor` times the lowest ŝ so far, or the
/// loss stops being finite. The suggested rate is fast.ai's rule: a tenth of the rate where ŝ is
/// lowest (at the minimum itself the loss is already about to climb).
public struct LearningRateRangeTest: Sendable {
    public var startRate = 1e-7
    public var endRate = 10.0
    /// T, the number of steps when the loss never diverges.
    public var steps = 300
    /// β of the moving average.
    public var smoothing = 0.98
    /// The test stops when the smoothed loss exceeds this multiple of its lowest value.
    public var divergenceFactor = 4.0

    public init() {}

    /// One step of the test.
    public struct Point: Sendable {
        public let learningRate: Double
        public let loss: Double
        public let smoothedLoss: Double
    }

    /// The steps taken, and why the test ended.
    public struct Result: Sendable {
        public let points: [Point]
        /// "the loss diverged at 2.1", "the loss is NaN at 4.7", "reached 10" or "interrupted".
        public let ending: String

        /// The point of lowest smoothed loss (nil when no step was taken).
        public var minimum: Point? { points.min { $0.smoothedLoss < $1.smoothedLoss } }

        /// A tenth of the rate at the minimum of the smoothed loss (fast.ai's suggestion).
        public var suggestedRate: Double? { minimum.map { $0.learningRate / 10 } }
    }

    /// r_t for step `t`.
    public func learningRate(step t: Int) -> Double {
        startRate * Foundation.pow(endRate / startRate, Double(t) / Double(max(steps - 1, 1)))
    }

    /// Runs the test on a copy of `trainer` (its model, optimizer and generator are left as they
    /// were), drawing batches of `trainer.batchSize` from `data` in a seeded random order, as
    /// many epochs as it takes. Ctrl-C ends it early with the steps taken so far. Throws what a
    /// training step throws (a shape mismatch), never `TrainingDiverged`: divergence is the result.
    public func run(_ trainer: ClassifierTrainer, on data: some ClassificationData, showProgress: Bool) throws -> Result {
        precondition(steps >= 2 && startRate > 0 && endRate > startRate, "LearningRateRangeTest: needs steps ≥ 2 and 0 < start < end")
        var trainer = trainer
        trainer.stopsOnNonFiniteValues = false
        var context = ForwardContext(isTraining: true, generator: RandomGenerator(seed: trainer.generator.next()))
        var batches: [ArraySlice<Int>] = []
        var progress = ProgressDisplay(total: steps, label: "lr range test", enabled: showProgress)
        var points: [Point] = [], average = 0.0, lowest = Double.infinity
        var ending = "reached \(String(format: "%g", endRate))"
        for t in 0..<steps {
            if batches.isEmpty {
                let order = trainer.generator.permutation(data.count)
                batches = trainingBatchRanges(count: order.count, batchSize: trainer.batchSize).ranges.map { order[$0] }.reversed()
            }
            let rate = learningRate(step: t)
            trainer.optimizer.learningRate = rate
            let (features, labels) = data.batch(batches.removeLast())
            let loss = Double(try trainer.trainStep(features, labels, context: &context).loss)
            progress.update(t + 1, itemsPerSecondUnit: "steps/s", items: t + 1)
            guard loss.isFinite else {
                ending = "the loss is \(loss.isNaN ? "NaN" : "infinite") at rate \(String(format: "%.3g", rate))"
                break
            }
            // s_t = β·s_{t−1} + (1 − β)·L_t,  ŝ_t = s_t / (1 − β^(t+1))
            average = smoothing * average + (1 - smoothing) * loss
            let smoothed = average / (1 - Foundation.pow(smoothing, Double(t + 1)))
            points.append(Point(learningRate: rate, loss: loss, smoothedLoss: smoothed))
            lowest = min(lowest, smoothed)
            if smoothed > divergenceFactor * lowest {
                ending = "the loss diverged at rate \(String(format: "%.3g", rate))"
                break
            }
            if Interruption.isRequested {
                ending = "interrupted after \(t + 1) steps"
                break
            }
        }
        progress.finish()
        return Result(points: points, ending: ending)
    }
}
