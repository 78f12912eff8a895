import NablaCore
import NablaTrain

/// Exercise 7.4 — The one-cycle schedule (Smith and Topin, 2019): warm up from a low rate to a
/// peak, then anneal far below the start, both halves as cosines. PyTorch:
/// `torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy="cos",
/// div_factor, final_div_factor)`. The text: Chapters/07-Optimizers/EXERCISES.md #4.
///
///     η₀ = max_lr / div_factor,   η_min = η₀ / final_div_factor,   s = pct_start · T − 1
///     cos(a → b, p) = b + (a − b)(1 + cos πp)/2
///     step k ≤ s:  η = cos(η₀ → max_lr, k/s)
///     step k > s:  η = cos(max_lr → η_min, (k − s)/(T − 1 − s))
///
/// `learningRate(epoch:)` takes the step k = 0, 1, …, T − 1 (Nabla's trainer calls it once per
/// epoch, so T is then the number of epochs). Check it: `nabla exercises check one-cycle`.
public struct OneCycle: LearningRateSchedule {
    public let maxLearningRate: Double, totalSteps: Int, pctStart: Double, divFactor: Double, finalDivFactor: Double

    /// PyTorch's defaults for everything but max_lr and total_steps.
    public init(maxLearningRate: Double, totalSteps: Int, pctStart: Double = 0.3, divFactor: Double = 25, finalDivFactor: Double = 1e4) {
        (self.maxLearningRate, self.totalSteps, self.pctStart) = (maxLearningRate, totalSteps, pctStart)
        (self.divFactor, self.finalDivFactor) = (divFactor, finalDivFactor)
    }

    public func learningRate(epoch step: Int) -> Double {
        // Your code.
        NotImplemented.placeholder("Chapters/07-Optimizers/EXERCISES.md #4", 0)
    }
}
