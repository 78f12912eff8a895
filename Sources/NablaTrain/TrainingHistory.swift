import NablaCore

/// What a run records besides its report, for its plots: the loss and learning rate of every
/// step, and for every weight (each parameter of rank ≥ 2) its update/weight ratio ‖Δθ‖/‖θ‖ at the
/// last step of each epoch (Karpathy's rule of thumb: about 1e-3; much larger, the rate is too
/// high; much smaller, too low).
public struct TrainingHistory: Sendable {
    /// The training loss of each step, as the batch was trained on.
    public var stepLosses: [Double] = []
    /// The learning rate of each step.
    public var stepLearningRates: [Double] = []
    /// The steps of each epoch, in order (to place the steps on an epoch axis).
    public var stepsPerEpoch: [Int] = []
    /// For each weight, by state_dict name, its ratio at the end of each epoch.
    public var updateRatios: [(name: String, ratios: [Double])] = []

    public init() {}

    /// Adds the ratios of one epoch's last step, by weight name.
    mutating func appendRatios(_ ratios: [(String, Double)]) {
        for (name, ratio) in ratios {
            if let i = updateRatios.firstIndex(where: { $0.name == name }) {
                updateRatios[i].ratios.append(ratio)
            } else {
                updateRatios.append((name, [ratio]))
            }
        }
    }
}

/// ‖after − before‖ / ‖before‖ (0 when `before` is all zeros).
func updateRatio(before: Tensor<Float>, after: Tensor<Float>) -> Double {
    var change = 0.0, size = 0.0
    for (old, new) in zip(before.scalars, after.scalars) {
        change += Double(new - old) * Double(new - old)
        size += Double(old) * Double(old)
    }
    return size > 0 ? (change / size).squareRoot() : 0
}
