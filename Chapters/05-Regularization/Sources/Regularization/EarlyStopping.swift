import NablaCore

/// Early stopping: watch the validation accuracy after every epoch, remember the weights of the
/// best epoch, and stop once `patience` epochs in a row have not beaten it. Training then ends
/// with the best weights, not the last ones — the model from before it began to overfit.
public struct EarlyStopping {
    /// How many epochs without a new best are tolerated.
    public let patience: Int
    public private(set) var bestAccuracy = -Double.infinity
    public private(set) var bestEpoch = 0
    /// A copy of the model at `bestEpoch` (weights and batch-norm statistics).
    public private(set) var bestModel: Sequential<Float>?

    public init(patience: Int) {
        require(patience >= 1, "EarlyStopping: patience must be at least 1, got \(patience)")
        self.patience = patience
    }

    /// Records an epoch's validation accuracy; returns true when training should stop.
    public mutating func shouldStop(afterEpoch epoch: Int, validationAccuracy: Double, model: Sequential<Float>) -> Bool {
        if validationAccuracy > bestAccuracy {
            bestAccuracy = validationAccuracy
            bestEpoch = epoch
            bestModel = model
        }
        return epoch - bestEpoch >= patience
    }
}
