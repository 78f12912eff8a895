/// An optimizer whose state for each parameter can be read and replaced, under PyTorch's names
/// (`optimizer.state[p]`): `momentum_buffer` (SGD, RMSProp with momentum), `exp_avg` and
/// `exp_avg_sq` (Adam, AdamW), `square_avg` and `grad_avg` (RMSProp), `sum` (AdaGrad), and `step`,
/// the count of steps taken, as a scalar tensor. Golden fixtures use it to start from a given state
/// (`state_before`) and to compare the state after each step (`state_after`).
public protocol StatefulOptimizer<Scalar>: Optimizer {
    /// The state kept for the parameter `key`; empty before its first update.
    func state(forKey key: String) -> [String: Tensor<Scalar>]

    /// Replaces the state of the parameter `key` (of shape `parameterShape`), as if `state["step"]`
    /// updates had been made. Throws `unsupported` for a name this optimizer does not keep and
    /// `invalidConfig` for a missing name or a shape that does not match.
    mutating func setState(_ state: [String: Tensor<Scalar>], forKey key: String, parameterShape: [Int]) throws
}

/// The entries given for one parameter's optimizer state, read with the checks every optimizer
/// needs: only known names, each tensor of the parameter's shape, `step` a whole number ≥ 0.
public struct OptimizerStateEntries<Scalar: Real> {
    /// The optimizer and the parameter the state belongs to, for messages.
    public let op: String, key: String
    /// The state by PyTorch's names.
    public let entries: [String: Tensor<Scalar>]
    /// The shape every state tensor must have: the parameter's.
    public let parameterShape: [Int]

    /// Throws `unsupported` when `entries` holds a name outside `known`.
    public init(op: String, key: String, entries: [String: Tensor<Scalar>], parameterShape: [Int], known: [String]) throws {
        if let unknown = entries.keys.sorted().first(where: { !known.contains($0) }) {
            throw NablaError.unsupported("optimizer state '\(unknown)' of '\(key)': \(op) keeps "
                                         + (known.isEmpty ? "no state here" : known.joined(separator: ", ")))
        }
        self.op = op
        self.key = key
        self.entries = entries
        self.parameterShape = parameterShape
    }

    /// The tensor `name`, which must be present and shaped like the parameter.
    public func tensor(_ name: String) throws -> Tensor<Scalar> {
        guard let tensor = entries[name] else {
            throw NablaError.invalidConfig(op: op, message: "the state of '\(key)' needs '\(name)' (it has: \(entries.keys.sorted().joined(separator: ", ")))")
        }
        guard tensor.shape == parameterShape else {
            throw NablaError.invalidConfig(op: op, message: "state '\(name)' of '\(key)' has shape \(describe(shape: tensor.shape)), "
                                           + "the parameter \(describe(shape: parameterShape))")
        }
        return tensor
    }

    /// `step`: one whole number, at least 0.
    public func step() throws -> Int {
        guard let tensor = entries["step"] else {
            throw NablaError.invalidConfig(op: op, message: "the state of '\(key)' needs 'step', the count of steps taken")
        }
        let value = tensor.count == 1 ? Double(tensor.scalars[0]) : -1
        guard value >= 0, value.rounded() == value, value <= Double(Int32.max) else {
            throw NablaError.invalidConfig(op: op, message: "state 'step' of '\(key)' must be one whole number ≥ 0, got \(tensor.scalars)")
        }
        return Int(value)
    }
}

extension Tensor {
    /// A step count as a state entry: a scalar tensor.
    public init(step: Int) { self.init(scalar: Scalar(Double(step))) }
}
