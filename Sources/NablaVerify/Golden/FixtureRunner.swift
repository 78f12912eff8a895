import Foundation
import NablaCore

/// Runs golden-v1 fixtures against the ops of a registry and compares every tensor.
public struct FixtureRunner {
    public let registry: Registry<Double>

    public init(registry: Registry<Double>) { self.registry = registry }

    /// Reads and runs the fixture at `path`; never throws: every problem becomes the result's status.
    public func run(file path: String) -> FixtureResult {
        run(file: path) { try Fixture(contentsOf: path) }
    }

    /// Runs the fixture whose file content is `bytes`; `path` names it.
    public func run(contents bytes: [UInt8], file path: String) -> FixtureResult {
        run(file: path) { try Fixture(json: try JSON.parse(bytes, file: path), file: path) }
    }

    /// Runs the fixture `read` gives, or reports why there is none.
    private func run(file path: String, _ read: () throws -> Fixture) -> FixtureResult {
        let fixture: Fixture
        do {
            fixture = try read()
        } catch {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let status: FixtureStatus
            if case .unsupported(let message)? = error as? NablaError { status = .unsupported(message) } else { status = .malformed("\(error)") }
            return FixtureResult(file: path, name: name, op: "?", comparisons: [], status: status)
        }
        return run(fixture)
    }

    public func run(_ fixture: Fixture) -> FixtureResult {
        let status: FixtureStatus
        // What was compared before an error stays in the result: its diagnosis may explain the error.
        var check = Checker(fixture: fixture)
        do {
            switch fixture.kind {
            case "layer": try runLayer(fixture, &check)
            case "loss": try runLoss(fixture, &check)
            case "optimizer": try runOptimizer(fixture, &check)
            default: try runModel(fixture, &check)
            }
            if let failure = check.comparisons.first(where: { !$0.passed }) {
                status = .failed(failure.diagnosis?.message ?? "\(failure.name): \(failure.problem ?? "differs beyond the tolerance")")
            } else if check.comparisons.isEmpty {
                // A PASS must mean that something was checked.
                status = .failed("nothing was compared: the fixture holds no value Nabla could check")
            } else {
                status = .passed
            }
        } catch let error as NablaError {
            switch error {
            case .unsupported(let message): status = .unsupported(message)
            case .malformed, .io: status = .malformed(error.description)
            default: status = .failed(error.description)
            }
        } catch let missing as NotImplemented {
            // An exercise's stub: recorded, so its checker says "not started" rather than "failed".
            status = NotImplemented.placeholder(missing.reference, .failed(missing.description))
        } catch {
            status = .failed("\(error)")
        }
        return FixtureResult(file: fixture.file, name: fixture.name, op: fixture.op, comparisons: check.comparisons, status: status)
    }

    /// Collects comparisons with the fixture's tolerance.
    struct Checker {
        let fixture: Fixture
        var comparisons: [TensorComparison] = []

        mutating func compare(_ name: String, got: Tensor<Double>?, want: Tensor<Double>, clues: DiagnosisClues = DiagnosisClues()) {
            guard let got else {
                comparisons.append(TensorComparison(name: name, failure: "the fixture has it, Nabla computed none"))
                return
            }
            var comparison = TensorComparison(name: name, got: got, want: want, rtol: fixture.rtol, atol: fixture.atol)
            if !comparison.passed {
                comparison.diagnosis = diagnose(name, got: got, want: want, clues: clues, rtol: fixture.rtol, atol: fixture.atol)
            }
            comparisons.append(comparison)
        }
    }

    // MARK: layer

    /// Removes `training` from a layer's config and returns it (true when absent: PyTorch modules
    /// start in training mode; batch norm fixtures say which mode they used).
    private func takeTrainingFlag(_ config: inout [String: JSON], where place: String, fixture: Fixture) throws -> Bool {
        guard let training = config.removeValue(forKey: "training") else { return true }
        guard case .bool(let flag) = training else {
            throw NablaError.malformed(file: fixture.file, message: "\(place).training must be true or false")
        }
        return flag
    }

    private func runLayer(_ fixture: Fixture, _ check: inout Checker) throws {
        var config = fixture.config
        let isTraining = try takeTrainingFlag(&config, where: "config", fixture: fixture)
        var generator = RandomGenerator(seed: 0)
        var layer = try registry.makeLayer(fixture.op, config: config, generator: &generator)
        layer.parameters = try assign(fixture.params, to: layer.parameters, what: "params", fixture: fixture)
        if !fixture.buffersBefore.isEmpty {
            layer.buffers = try assign(fixture.buffersBefore, to: layer.buffers, what: "buffers_before", fixture: fixture)
        }
        var masks = fixture.inputs
        masks.removeValue(forKey: "x")
        var context = ForwardContext(isTraining: isTraining, fixedMasks: masks)
        let x = fixture.inputs["x"]!
        let (y, cache) = try layer.forwardErasingCache(x, context: &context)
        let batchSize = x.shape.first
        check.compare("outputs.y", got: y, want: fixture.outputs["y"]!, clues: DiagnosisClues(input: x, batchSize: batchSize))
        for key in fixture.outputs.keys where key != "y" {
            throw NablaError.unsupported("output '\(key)' of a layer fixture (only y is defined)")
        }
        if let upstream = fixture.upstream["y"] {
            guard upstream.shape == y.shape else {
                throw NablaError.malformed(file: fixture.file, message: "upstream.y has shape \(describe(shape: upstream.shape)), the output \(describe(shape: y.shape))")
            }
            let (dx, parameterGradients) = layer.backward(upstream, erasedCache: cache)
            for (name, want) in fixture.grads.sorted(by: { $0.key < $1.key }) {
                let clues = DiagnosisClues(input: name == "x" ? x : nil, upstream: upstream, batchSize: batchSize)
                if name == "x" {
                    check.compare("grads.x", got: dx, want: want, clues: clues)
                } else if let got = parameterGradients.tensor(named: name) {
                    check.compare("grads.\(name)", got: got, want: want, clues: clues)
                } else {
                    throw NablaError.failedComparison("grads.\(name): \(fixture.op) has no parameter '\(name)' (it has: \(layer.parameters.names.joined(separator: ", ")))")
                }
            }
        }
        for (name, want) in fixture.buffersAfter.sorted(by: { $0.key < $1.key }) {
            check.compare("buffers_after.\(name)", got: layer.buffers.tensor(named: name), want: want)
        }
    }

    /// The fixture's tensors in place of the layer's own, checking names and shapes match exactly.
    private func assign(_ given: [String: Tensor<Double>], to current: Parameters<Double>, what: String,
                        fixture: Fixture) throws -> Parameters<Double> {
        var result = current
        for name in current.names {
            guard let tensor = given[name] else {
                throw NablaError.failedComparison("\(fixture.op) has \(what == "params" ? "parameter" : "buffer") '\(name)' but the fixture's \(what) has none")
            }
            guard tensor.shape == current[name].shape else {
                throw NablaError.failedComparison("\(what).\(name) has shape \(describe(shape: tensor.shape)), \(fixture.op) expects \(describe(shape: current[name].shape))")
            }
            result[name] = tensor
        }
        for name in given.keys where !current.names.contains(name) {
            throw NablaError.failedComparison("the fixture's \(what) has '\(name)', which \(fixture.op) does not have (it has: \(current.names.joined(separator: ", ")))")
        }
        return result
    }

    // MARK: loss

    private func runLoss(_ fixture: Fixture, _ check: inout Checker) throws {
        let loss = try registry.makeLoss(fixture.op, config: fixture.config)
        guard let target = fixture.inputs["target"] else {
            throw NablaError.malformed(file: fixture.file, message: "a loss fixture needs inputs.target")
        }
        let input = fixture.inputs["input"]!
        let (value, gradient) = try loss.lossAndGradient(input, target: target)
        let clues = DiagnosisClues(input: input, batchSize: input.shape.first)
        check.compare("outputs.loss", got: Tensor(shape: fixture.outputs["loss"]!.shape, scalars: [value]),
                      want: fixture.outputs["loss"]!, clues: clues)
        for (name, want) in fixture.grads.sorted(by: { $0.key < $1.key }) {
            guard name == "input" else { throw NablaError.unsupported("the gradient of a loss with respect to '\(name)'") }
            check.compare("grads.input", got: gradient, want: want, clues: clues)
        }
    }

    // MARK: optimizer

    private func runOptimizer(_ fixture: Fixture, _ check: inout Checker) throws {
        var optimizer = try registry.makeOptimizer(fixture.op, config: fixture.config)
        var parameters = fixture.params
        let usesState = !fixture.stateBefore.isEmpty || fixture.steps.contains { !$0.stateAfter.isEmpty }
        if usesState && !(optimizer is any StatefulOptimizer<Double>) {
            throw NablaError.unsupported("optimizer state (state_before, state_after) of '\(fixture.op)': it does not expose its state")
        }
        if var stateful = optimizer as? any StatefulOptimizer<Double> {
            for (name, state) in fixture.stateBefore.sorted(by: { $0.key < $1.key }) {
                guard let parameter = parameters[name] else {
                    throw NablaError.failedComparison("state_before has '\(name)', which params does not have")
                }
                try stateful.setState(state, forKey: name, parameterShape: parameter.shape)
            }
            optimizer = stateful
        }
        for (index, step) in fixture.steps.enumerated() {
            let before = parameters
            for name in parameters.keys.sorted() {
                guard let gradient = step.grads[name] else {
                    throw NablaError.malformed(file: fixture.file, message: "steps[\(index)].grads has no '\(name)'")
                }
                guard gradient.shape == parameters[name]!.shape else {
                    throw NablaError.malformed(file: fixture.file, message: "steps[\(index)].grads.\(name) has shape \(describe(shape: gradient.shape)), the parameter \(describe(shape: parameters[name]!.shape))")
                }
                optimizer.update(&parameters[name]!, gradient: gradient, key: name)
            }
            for (name, want) in step.paramsAfter.sorted(by: { $0.key < $1.key }) {
                check.compare("steps[\(index)].params_after.\(name)", got: parameters[name], want: want)
                // A wrong step is diagnosed on the update θ_after − θ_before, where a factor or a sign shows.
                if let got = parameters[name], let start = before[name], !check.comparisons[check.comparisons.count - 1].passed,
                   got.shape == want.shape, start.shape == want.shape {
                    check.comparisons[check.comparisons.count - 1].diagnosis =
                        diagnose("steps[\(index)].params_after.\(name) − params before (the update)", got: got - start, want: want - start,
                                 rtol: fixture.rtol, atol: fixture.atol)
                }
            }
            if let stateful = optimizer as? any StatefulOptimizer<Double> {
                for (name, wanted) in step.stateAfter.sorted(by: { $0.key < $1.key }) {
                    let state = stateful.state(forKey: name)
                    for (entry, want) in wanted.sorted(by: { $0.key < $1.key }) {
                        check.compare("steps[\(index)].state_after.\(name).\(entry)", got: state[entry], want: want)
                    }
                }
            }
        }
    }

    // MARK: model

    private func runModel(_ fixture: Fixture, _ check: inout Checker) throws {
        func malformed(_ message: String) -> NablaError { .malformed(file: fixture.file, message: message) }
        guard fixture.op == "sequential" else {
            throw NablaError.unsupported("model op '\(fixture.op)' (golden-v1 defines only 'sequential')")
        }
        if let unknown = fixture.config.keys.sorted().first(where: { !["layers", "loss", "optimizer"].contains($0) }) {
            throw NablaError.unsupported("config key '\(unknown)' of a sequential model (it has layers, loss and optimizer)")
        }
        guard case .array(let layerConfigs)? = fixture.config["layers"] else { throw malformed("config.layers must be an array") }
        guard case .object(var lossConfig)? = fixture.config["loss"] else { throw malformed("config.loss must be an object") }
        guard case .object(var optimizerConfig)? = fixture.config["optimizer"] else { throw malformed("config.optimizer must be an object") }
        func opName(_ config: inout [String: JSON], _ where_: String) throws -> String {
            guard case .string(let op)? = config.removeValue(forKey: "op") else { throw malformed("\(where_) needs an \"op\" string") }
            return op
        }
        var generator = RandomGenerator(seed: 0)
        var layers: [any Layer<Double>] = []
        for (index, layerJSON) in layerConfigs.enumerated() {
            guard case .object(var config) = layerJSON else { throw malformed("config.layers[\(index)] must be an object") }
            // Every step runs the whole model in training mode; a layer may say so, not the opposite.
            guard try takeTrainingFlag(&config, where: "config.layers[\(index)]", fixture: fixture) else {
                throw NablaError.unsupported("config.layers[\(index)].training is false: a model fixture trains every layer in training mode")
            }
            layers.append(try registry.makeLayer(try opName(&config, "config.layers[\(index)]"), config: config, generator: &generator))
        }
        var model = Sequential(layers)
        let loss = try registry.makeLoss(try opName(&lossConfig, "config.loss"), config: lossConfig)
        var optimizer = try registry.makeOptimizer(try opName(&optimizerConfig, "config.optimizer"), config: optimizerConfig)

        // The state_dict holds parameters and buffers under one namespace.
        let parameterNames = Set(model.parameters.names), bufferNames = Set(model.buffers.names)
        model.parameters = try assign(fixture.params.filter { parameterNames.contains($0.key) }, to: model.parameters,
                                      what: "params", fixture: fixture)
        model.buffers = try assign(fixture.params.filter { bufferNames.contains($0.key) }, to: model.buffers,
                                   what: "params (buffers)", fixture: fixture)
        for name in fixture.params.keys where !parameterNames.contains(name) && !bufferNames.contains(name) {
            throw NablaError.failedComparison("params has '\(name)', which the model does not have (it has: \(model.parameters.names.joined(separator: ", ")))")
        }
        guard let target = fixture.inputs["target"] else { throw malformed("a model fixture needs inputs.target") }

        for (index, step) in fixture.steps.enumerated() {
            var context = ForwardContext(isTraining: true)
            let (scores, cache) = try model.forward(fixture.inputs["x"]!, context: &context)
            let (value, scoreGradient) = try loss.lossAndGradient(scores, target: target)
            if let want = step.loss {
                guard want.count == 1 else { throw malformed("steps[\(index)].loss must be a scalar, got shape \(describe(shape: want.shape))") }
                check.compare("steps[\(index)].loss", got: Tensor(shape: want.shape, scalars: [value]), want: want)
            }
            for (name, want) in step.outputs.sorted(by: { $0.key < $1.key }) {
                guard name == "y" else { throw NablaError.unsupported("steps[\(index)].outputs.\(name) (a model step's output is y)") }
                check.compare("steps[\(index)].outputs.y", got: scores, want: want)
            }
            let (_, gradients) = model.backward(scoreGradient, cache: cache)
            for (i, layer) in model.layers.enumerated() {
                var layerParameters = layer.parameters
                optimizer.update(&layerParameters, gradients: subset(gradients, layer: i), keyPrefix: "\(i).")
                model.layers[i].parameters = layerParameters
            }
            let state = model.parameters, buffers = model.buffers
            for (name, want) in step.paramsAfter.sorted(by: { $0.key < $1.key }) {
                check.compare("steps[\(index)].params_after.\(name)",
                              got: state.tensor(named: name) ?? buffers.tensor(named: name), want: want)
            }
        }
    }

    /// The gradients of layer `i`, without the `i.` prefix.
    private func subset(_ all: Parameters<Double>, layer i: Int) -> Parameters<Double> {
        var own = Parameters<Double>()
        for (name, tensor) in all.pairs where name.hasPrefix("\(i).") { own.append(String(name.dropFirst("\(i).".count)), tensor) }
        return own
    }
}

extension NablaError {
    /// The fixture and the code disagree about names or shapes: a failure, not malformed input.
    static func failedComparison(_ message: String) -> NablaError { .shapeMismatch(layer: "fixture", message: message) }
}
