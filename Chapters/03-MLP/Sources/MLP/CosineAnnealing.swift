import Foundation
import NablaCore
import NablaTrain

/// Half a cosine from η₀ down to η_min over `period` epochs (PyTorch's `CosineAnnealingLR`,
/// T_max = period):
///
///     η_e = η_min + (η₀ − η_min) (1 + cos(π e / T_max)) / 2
///
/// Fast at first, slow at the end; past T_max the cosine climbs back up, as in PyTorch. Chapter 7
/// sets it beside the other schedules.
public struct CosineAnnealing: LearningRateSchedule {
    public let initial: Double, minimum: Double, period: Int

    public init(initial: Double, period: Int, minimum: Double = 0) {
        require(period > 0, "CosineAnnealing: period must be > 0, got \(period)")
        (self.initial, self.minimum, self.period) = (initial, minimum, period)
    }

    public func learningRate(epoch: Int) -> Double {
        minimum + (initial - minimum) * (1 + cos(Double.pi * Double(epoch) / Double(period))) / 2
    }
}

extension TrainingSettings {
    /// Cosine annealing from `learningRate` to 0 over `epochs`, or nil for a constant rate.
    public var learningRateSchedule: (any LearningRateSchedule)? {
        cosineSchedule ? CosineAnnealing(initial: learningRate, period: epochs) : nil
    }
}
