/// Training stopped because a loss or a gradient stopped being a finite number (NaN or ±∞):
/// every later step would only spread it. Says where it first appeared and what usually causes it.
///
///     training diverged at epoch 1, step 3 of 430: the loss is nan; the first non-finite values are
///     the output of layer 2 (Linear). Hint: the learning rate 1000000 is probably too large; try
///     one ten times smaller.
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable, Sendable {
    /// Counted from 1.
    public let epoch: Int, step: Int
    public let stepsPerEpoch: Int
    /// What is not finite: "the loss is nan", "the gradient of 0.weight holds inf".
    public let what: String
    /// Where it first appears: "the output of layer 2 (Linear)"; nil when not narrowed down.
    public let firstAppearance: String?
    /// The learning rate of the step, for the hint.
    public let learningRate: Double

    /// The stop at `step` of `epoch` (both from 1), saying `what` is not finite and where it first appears.
    public init(epoch: Int, step: Int, stepsPerEpoch: Int, what: String, firstAppearance: String?, learningRate: Double) {
        self.epoch = epoch
        self.step = step
        self.stepsPerEpoch = stepsPerEpoch
        self.what = what
        self.firstAppearance = firstAppearance
        self.learningRate = learningRate
    }

    public var description: String {
        var text = "training diverged at epoch \(epoch), step \(step) of \(stepsPerEpoch): \(what)"
        if let firstAppearance { text += "; the first non-finite values are \(firstAppearance)" }
        return text + ". Hint: the learning rate \(formatted(learningRate)) is probably too large; try one ten times "
            + "smaller (a weight decay or an initialisation that is too large can do this too)."
    }

    private func formatted(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
