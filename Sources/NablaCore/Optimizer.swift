/// The contract every optimizer follows: one update of one parameter tensor from its gradient.
///
/// `key` names the parameter (`"0.weight"`), so the optimizer can keep its own state for it:
/// a momentum buffer, Adam's moments, a step count.
public protocol Optimizer<Scalar> {
    associatedtype Scalar: Real

    /// The step size; schedules change it between epochs.
    var learningRate: Double { get set }

    /// θ ← update(θ, dL/dθ, state[key]).
    mutating func update(_ parameter: inout Tensor<Scalar>, gradient: Tensor<Scalar>, key: String)
}

extension Optimizer {
    /// Updates every tensor of `parameters` from the same-named gradient.
    public mutating func update(_ parameters: inout Parameters<Scalar>, gradients: Parameters<Scalar>,
                                keyPrefix: String = "") {
        for (position, name) in parameters.names.enumerated() {
            guard let gradient = gradients.tensor(named: name) else {
                fatalError("\(Self.self).update: no gradient for parameter '\(name)'")
            }
            update(&parameters[position: position], gradient: gradient, key: keyPrefix + name)
        }
    }
}
