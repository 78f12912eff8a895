import Foundation
import NablaCore
import NablaTrain

// Learning-rate schedules: closed forms of PyTorch's `torch.optim.lr_scheduler`s, each a
// `LearningRateSchedule` (NablaTrain) that the training loop asks before every epoch. Cosine
// annealing, which the MNIST chapters train with, is chapter 3's (MLP/CosineAnnealing.swift).

/// Multiplies the learning rate by γ every `stepSize` epochs (`StepLR`):
///
///     η_e = η₀ γ^⌊e / stepSize⌋
public struct StepDecay: LearningRateSchedule {
    public let initial: Double, stepSize: Int, gamma: Double

    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        require(stepSize > 0, "StepDecay: stepSize must be > 0, got \(stepSize)")
        (self.initial, self.stepSize, self.gamma) = (initial, stepSize, gamma)
    }

    public func learningRate(epoch: Int) -> Double {
        initial * pow(gamma, Double(epoch / stepSize))
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
