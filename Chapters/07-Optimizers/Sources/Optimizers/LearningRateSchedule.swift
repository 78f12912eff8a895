import Foundation
import NablaCore

/// A learning rate as a function of the epoch (or of the step, when a schedule changes it every
/// step): the closed forms of PyTorch's `torch.optim.lr_scheduler`s. Set it before each epoch:
///
///     optimizer.learningRate = schedule.learningRate(epoch: epoch)
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for `epoch` = 0, 1, 2, …
    func learningRate(epoch: Int) -> Double
}

/// Multiplies the learning rate by γ every `stepSize` epochs (`StepLR`):
///
///     η_e = η₀ γ^⌊e / stepSize⌋
public struct StepDecay: LearningRateSchedule {
    public let initial: Double, stepSize: Int, gamma: Double

    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        require(stepSize > 0, "StepDecay: stepSize must be > 0, got \(stepSize)")
        self.initial = initial
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func learningRate(epoch: Int) -> Double {
        initial * pow(gamma, Double(epoch / stepSize))
    }
}

/// Half a cosine from η₀ down to η_min over `period` epochs (`CosineAnnealingLR`, T_max = period):
///
///     η_e = η_min + (η₀ − η_min) (1 + cos(π e / T_max)) / 2
///
/// Fast at first, slow at the end; past T_max the cosine climbs back up, as in PyTorch.
public struct CosineAnnealing: LearningRateSchedule {
    public let initial: Double, minimum: Double, period: Int

    public init(initial: Double, period: Int, minimum: Double = 0) {
        require(period > 0, "CosineAnnealing: period must be > 0, got \(period)")
        self.initial = initial
        self.minimum = minimum
        self.period = period
    }

    public func learningRate(epoch: Int) -> Double {
        minimum + (initial - minimum) * (1 + cos(Double.pi * Double(epoch) / Double(period))) / 2
    }
}

/// Climbs linearly to η₀ over the first `steps` epochs, then stays there
/// (`LinearLR` with start_factor 1/steps and total_iters steps − 1):
///
///     η_e = η₀ min(1, (e + 1) / steps)
///
/// Adam's first steps are about η long whatever the gradient, because v̂ rests on only a few
/// gradients; warming up keeps those early steps short.
public struct LinearWarmup: LearningRateSchedule {
    public let initial: Double, steps: Int

    public init(initial: Double, steps: Int) {
        require(steps > 0, "LinearWarmup: steps must be > 0, got \(steps)")
        self.initial = initial
        self.steps = steps
    }

    public func learningRate(epoch: Int) -> Double {
        initial * min(1, Double(epoch + 1) / Double(steps))
    }
}
