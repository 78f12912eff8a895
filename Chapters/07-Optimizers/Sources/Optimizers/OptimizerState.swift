import NablaCore

// Each optimizer's state under PyTorch's names (`optimizer.state[p]`), for golden fixtures that
// start from a given state (`state_before`) or compare the state after a step (`state_after`).

extension Adam: StatefulOptimizer {
    public func state(forKey key: String) -> [String: Tensor<Scalar>] {
        guard let moments = moments[key] else { return [:] }
        return ["step": Tensor(step: moments.step), "exp_avg": moments.mean, "exp_avg_sq": moments.squares]
    }

    public mutating func setState(_ state: [String: Tensor<Scalar>], forKey key: String, parameterShape: [Int]) throws {
        let entries = try OptimizerStateEntries(op: Self.opName, key: key, entries: state, parameterShape: parameterShape,
                                                known: ["step", "exp_avg", "exp_avg_sq"])
        moments[key] = state.isEmpty ? nil : (try entries.tensor("exp_avg"), try entries.tensor("exp_avg_sq"), try entries.step())
    }
}

extension AdamW: StatefulOptimizer {
    public func state(forKey key: String) -> [String: Tensor<Scalar>] { adam.state(forKey: key) }

    public mutating func setState(_ state: [String: Tensor<Scalar>], forKey key: String, parameterShape: [Int]) throws {
        do {
            try adam.setState(state, forKey: key, parameterShape: parameterShape)
        } catch let error as NablaError {
            // The same names and checks as Adam's, reported under this op's name.
            throw NablaError.invalidConfig(op: Self.opName, message: error.description)
        }
    }
}

extension AdaGrad: StatefulOptimizer {
    public func state(forKey key: String) -> [String: Tensor<Scalar>] {
        guard let accumulator = accumulators[key] else { return [:] }
        return ["step": Tensor(step: accumulator.step), "sum": accumulator.sum]
    }

    public mutating func setState(_ state: [String: Tensor<Scalar>], forKey key: String, parameterShape: [Int]) throws {
        let entries = try OptimizerStateEntries(op: Self.opName, key: key, entries: state, parameterShape: parameterShape,
                                                known: ["step", "sum"])
        accumulators[key] = state.isEmpty ? nil : (try entries.tensor("sum"), try entries.step())
    }
}

extension RMSProp: StatefulOptimizer {
    /// `square_avg` and `step` always; `momentum_buffer` with momentum, `grad_avg` when centered.
    public func state(forKey key: String) -> [String: Tensor<Scalar>] {
        guard let averages = averages[key] else { return [:] }
        var state = ["step": Tensor(step: averages.step), "square_avg": averages.squares]
        if momentum > 0 { state["momentum_buffer"] = averages.buffer }
        if centered { state["grad_avg"] = averages.gradients }
        return state
    }

    public mutating func setState(_ state: [String: Tensor<Scalar>], forKey key: String, parameterShape: [Int]) throws {
        let known = ["step", "square_avg"] + (momentum > 0 ? ["momentum_buffer"] : []) + (centered ? ["grad_avg"] : [])
        let entries = try OptimizerStateEntries(op: Self.opName, key: key, entries: state, parameterShape: parameterShape,
                                                known: known)
        guard !state.isEmpty else { averages[key] = nil; return }
        let zeros = Tensor<Scalar>(zeros: parameterShape)
        averages[key] = (try entries.tensor("square_avg"), centered ? try entries.tensor("grad_avg") : zeros,
                         momentum > 0 ? try entries.tensor("momentum_buffer") : zeros, try entries.step())
    }
}
