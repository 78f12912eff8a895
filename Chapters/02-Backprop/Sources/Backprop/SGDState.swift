import NablaCore

/// SGD's state is PyTorch's `momentum_buffer`, kept only with momentum; it has no step count.
extension SGD: StatefulOptimizer {
    public func state(forKey key: String) -> [String: Tensor<Scalar>] {
        velocity[key].map { ["momentum_buffer": $0] } ?? [:]
    }

    /// A buffer given means the next step is not the first: b ← μ b + (1 − τ) g.
    public mutating func setState(_ state: [String: Tensor<Scalar>], forKey key: String, parameterShape: [Int]) throws {
        let entries = try OptimizerStateEntries(op: Self.opName, key: key, entries: state, parameterShape: parameterShape,
                                                known: momentum != 0 ? ["momentum_buffer"] : [])
        velocity[key] = state.isEmpty ? nil : try entries.tensor("momentum_buffer")
    }
}
