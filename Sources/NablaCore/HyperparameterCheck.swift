/// PyTorch's range checks on optimizer hyperparameters (`torch.optim` raises `ValueError`), one
/// rule per kind of setting, shared by every optimizer so each is validated the same way: the
/// first value out of range is an `invalidConfig` error that names the key.
public struct HyperparameterCheck {
    /// The optimizer's name, which every message starts with.
    public let op: String

    /// Checks for the optimizer named `op`.
    public init(op: String) { self.op = op }

    /// x ≥ 0 for every (key, x), in order: learning rates, ε, weight decay.
    public func nonNegative(_ values: (key: String, value: Double)...) throws {
        for (key, value) in values where !(value >= 0) {
            throw NablaError.invalidConfig(op: op, message: "'\(key)' must be ≥ 0, got \(value)")
        }
    }

    /// 0 ≤ x < 1: the decay rates of running averages (Adam's betas, RMSProp's alpha) and momentum,
    /// which weighs the past steps: at 1 or more the velocity never decays and training diverges.
    public func decayRate(_ key: String, _ value: Double) throws {
        guard value >= 0 && value < 1 else {
            throw NablaError.invalidConfig(op: op, message: "'\(key)' must be in [0, 1), got \(value)")
        }
    }

    /// 0 ≤ x ≤ 1: fractions (SGD's dampening).
    public func fraction(_ key: String, _ value: Double) throws {
        guard value >= 0 && value <= 1 else {
            throw NablaError.invalidConfig(op: op, message: "'\(key)' must be in [0, 1], got \(value)")
        }
    }
}

/// Stops with the error's message: for hyperparameters written in code, where a value out of
/// range is a programming mistake rather than bad input.
public func requireValid(_ check: () throws -> Void) {
    do { try check() } catch { fatalError("\(error)") }
}
