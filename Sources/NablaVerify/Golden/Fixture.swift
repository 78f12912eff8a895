import Foundation
import NablaCore

/// One golden-v1 fixture file, parsed (see `GOLDEN-FORMAT.md`): what PyTorch computed for one op.
///
/// Parsing is strict wherever leniency could make a check pass without checking: `null` is never
/// read as "absent", a tolerance must be an object holding only `rtol` and `atol`, every number
/// must be finite, and a step holds only the keys the format defines.
public struct Fixture: Sendable {
    public let file: String
    public let kind: String, op: String, name: String
    public let config: [String: JSON]
    public let rtol: Double, atol: Double
    public let inputs: [String: Tensor<Double>]
    public let params: [String: Tensor<Double>]
    public let outputs: [String: Tensor<Double>]
    public let upstream: [String: Tensor<Double>]
    public let grads: [String: Tensor<Double>]
    public let buffersBefore: [String: Tensor<Double>]
    public let buffersAfter: [String: Tensor<Double>]
    /// Optimizer fixtures (optional): the state each parameter starts from, by parameter name, then
    /// by PyTorch's state name (`exp_avg`, `momentum_buffer`, `step` as a scalar tensor…).
    public let stateBefore: [String: [String: Tensor<Double>]]
    public let steps: [Step]

    /// One optimizer or model step: the gradients fed in (optimizer), the loss and the network's
    /// output before the update (model), and the parameters and optimizer state after it.
    public struct Step: Sendable {
        public let grads: [String: Tensor<Double>]
        public let loss: Tensor<Double>?
        public let outputs: [String: Tensor<Double>]
        public let paramsAfter: [String: Tensor<Double>]
        public let stateAfter: [String: [String: Tensor<Double>]]
    }

    /// The keys a step of each kind may hold.
    static let stepKeys: [String: Set<String>] = [
        "optimizer": ["grads", "params_after", "state_after"],
        "model": ["loss", "outputs", "params_after"],
    ]

    /// The tolerance when a fixture gives none (the format's example values are stricter).
    public static let defaultTolerance = (rtol: 1e-5, atol: 1e-8)

    /// Reads and parses a fixture; every problem is a `NablaError` naming the file.
    public init(contentsOf path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw NablaError.io(file: path, message: "is a directory, not a fixture file (pass the directory itself to search it)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NablaError.io(file: path, message: FileManager.default.fileExists(atPath: path) ? "cannot read the file (permissions?)" : "no such file")
        }
        try self.init(json: try JSON.parse([UInt8](data), file: path), file: path)
    }

    public init(json: JSON, file: String) throws {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: message) }
        guard case .object(let root) = json else { throw malformed("the top level must be a JSON object") }
        func string(_ key: String) throws -> String {
            guard let value = root[key] else { throw malformed("missing \"\(key)\"") }
            guard case .string(let text) = value else { throw malformed("\"\(key)\" must be a string, got \(value.kindName)") }
            return text
        }
        let format = try string("format")
        guard format == "golden-v1" else { throw malformed("format is \"\(format)\"; this verifier reads \"golden-v1\"") }
        self.file = file
        kind = try string("kind")
        op = try string("op")
        name = root["name"] == nil ? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent : try string("name")
        guard ["layer", "loss", "optimizer", "model"].contains(kind) else {
            throw malformed("unknown kind \"\(kind)\" (expected layer, loss, optimizer or model)")
        }
        switch root["config"] {
        case nil: config = [:]
        case .object(let members)?: config = members
        case let other?: throw malformed("\"config\" must be an object, got \(other.kindName) (leave it out or write {} for none)")
        }
        (rtol, atol) = try Fixture.tolerance(root["tolerance"], file: file)

        func tensors(_ key: String, in object: [String: JSON]? = nil, path: String? = nil) throws -> [String: Tensor<Double>] {
            let where_ = path ?? key
            guard let value = (object ?? root)[key] else { return [:] }
            guard case .object(let members) = value else {
                throw malformed("\"\(where_)\" must be an object of tensors, got \(value.kindName)")
            }
            var result: [String: Tensor<Double>] = [:]
            for (name, tensorJSON) in members {
                result[name] = try Fixture.tensor(tensorJSON, path: "\(where_).\(name)", file: file)
            }
            return result
        }
        inputs = try tensors("inputs")
        params = try tensors("params")
        outputs = try tensors("outputs")
        upstream = try tensors("upstream")
        grads = try tensors("grads")
        buffersBefore = try tensors("buffers_before")
        buffersAfter = try tensors("buffers_after")
        stateBefore = try Fixture.optimizerState(root["state_before"], path: "state_before", file: file)

        var steps: [Step] = []
        if let stepsJSON = root["steps"] {
            guard case .array(let list) = stepsJSON else { throw malformed("\"steps\" must be an array, got \(stepsJSON.kindName)") }
            for (i, stepJSON) in list.enumerated() {
                guard case .object(let step) = stepJSON else { throw malformed("steps[\(i)] must be an object") }
                // A misspelled key ("params_aftr") would otherwise leave the step comparing nothing.
                let known = Fixture.stepKeys[kind] ?? []
                if let unknown = step.keys.sorted().first(where: { !known.contains($0) }) {
                    throw NablaError.unsupported("steps[\(i)].\(unknown) is not part of a golden-v1 \(kind) step "
                                                 + "(known: \(known.sorted().joined(separator: ", ")))")
                }
                let loss = try step["loss"].map { try Fixture.tensor($0, path: "steps[\(i)].loss", file: file) }
                steps.append(Step(grads: try tensors("grads", in: step, path: "steps[\(i)].grads"), loss: loss,
                                  outputs: try tensors("outputs", in: step, path: "steps[\(i)].outputs"),
                                  paramsAfter: try tensors("params_after", in: step, path: "steps[\(i)].params_after"),
                                  stateAfter: try Fixture.optimizerState(step["state_after"], path: "steps[\(i)].state_after",
                                                                         file: file)))
            }
        }
        self.steps = steps
        try checkRequiredParts()
    }

    /// `"tolerance": {"rtol": r, "atol": a}`: absent means the defaults; anything else that is not
    /// exactly that (not an object, another key, a negative or non-number value) is malformed, so a
    /// misspelled key never silently falls back to a default.
    static func tolerance(_ json: JSON?, file: String) throws -> (rtol: Double, atol: Double) {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: "tolerance: \(message)") }
        guard let json else { return defaultTolerance }
        guard case .object(let members) = json else { throw malformed("must be an object {\"rtol\": …, \"atol\": …}, got \(json.kindName)") }
        if let unknown = members.keys.sorted().first(where: { $0 != "rtol" && $0 != "atol" }) {
            throw malformed("unknown key \"\(unknown)\" (a tolerance has rtol and atol)")
        }
        func value(_ key: String, default fallback: Double) throws -> Double {
            guard let entry = members[key] else { return fallback }
            guard case .number(let number) = entry, number >= 0 else {
                throw malformed("\(key) must be a non-negative number, got \(entry.serialized(indent: nil))")
            }
            return number
        }
        let rtol = try value("rtol", default: defaultTolerance.rtol), atol = try value("atol", default: defaultTolerance.atol)
        // |got − want| ≤ atol + rtol·|want| with rtol ≥ 1 accepts 0 for every value: no check at all.
        guard rtol < 1 else { throw malformed("rtol \(rtol) is 1 or more, which accepts 0 in place of any value") }
        return (rtol, atol)
    }

    /// `{"w": {"step": 5, "exp_avg": T, …}, …}`: each parameter's optimizer state by PyTorch's
    /// names; `step` is a number, stored as a scalar tensor.
    static func optimizerState(_ json: JSON?, path: String, file: String) throws -> [String: [String: Tensor<Double>]] {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: "\(path)\(message)") }
        guard let json else { return [:] }
        guard case .object(let parameters) = json else { throw malformed(" must be an object of parameters, got \(json.kindName)") }
        var result: [String: [String: Tensor<Double>]] = [:]
        for (parameter, stateJSON) in parameters {
            guard case .object(let entries) = stateJSON else { throw malformed(".\(parameter) must be an object of state tensors") }
            var state: [String: Tensor<Double>] = [:]
            for (name, value) in entries {
                if case .number(let number) = value {
                    state[name] = Tensor(scalar: number)
                } else {
                    state[name] = try tensor(value, path: "\(path).\(parameter).\(name)", file: file)
                }
            }
            result[parameter] = state
        }
        return result
    }

    /// What each kind must contain to be runnable at all, and to compare something.
    private func checkRequiredParts() throws {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: message) }
        if kind != "optimizer" && !stateBefore.isEmpty { throw malformed("state_before belongs to optimizer fixtures only") }
        switch kind {
        case "layer":
            guard inputs["x"] != nil else { throw malformed("a layer fixture needs inputs.x") }
            guard outputs["y"] != nil else { throw malformed("a layer fixture needs outputs.y") }
            if !grads.isEmpty && upstream["y"] == nil { throw malformed("grads are given but upstream.y is missing") }
        case "loss":
            guard inputs["input"] != nil else { throw malformed("a loss fixture needs inputs.input") }
            guard let loss = outputs["loss"] else { throw malformed("a loss fixture needs outputs.loss") }
            guard loss.count == 1 else { throw malformed("outputs.loss must be a scalar, got shape \(describe(shape: loss.shape))") }
        case "optimizer":
            guard !params.isEmpty else { throw malformed("an optimizer fixture needs params") }
            guard !steps.isEmpty else { throw malformed("an optimizer fixture needs steps") }
            for (i, step) in steps.enumerated() where step.paramsAfter.isEmpty && step.stateAfter.isEmpty {
                throw malformed("steps[\(i)] has neither params_after nor state_after: it would compare nothing")
            }
        default:
            guard inputs["x"] != nil else { throw malformed("a model fixture needs inputs.x") }
            guard !steps.isEmpty else { throw malformed("a model fixture needs steps") }
            for (i, step) in steps.enumerated() where step.paramsAfter.isEmpty && step.loss == nil && step.outputs.isEmpty {
                throw malformed("steps[\(i)] has none of loss, outputs and params_after: it would compare nothing")
            }
        }
    }

    /// `{"shape": [...], "data": [...]}` as a tensor. The shape is checked before anything is
    /// allocated (whole non-negative numbers whose product neither overflows nor exceeds
    /// `TensorSize.maximumElements`), then the data count must match it.
    public static func tensor(_ json: JSON, path: String, file: String) throws -> Tensor<Double> {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: "\(path): \(message)") }
        guard case .object(let members) = json else { throw malformed("a tensor must be {\"shape\": [...], \"data\": [...]}, got \(json.kindName)") }
        guard case .array(let shapeJSON)? = members["shape"] else { throw malformed("a tensor needs \"shape\": [...]") }
        guard case .array(let dataJSON)? = members["data"] else { throw malformed("a tensor needs \"data\": [...]") }
        if let unknown = members.keys.sorted().first(where: { $0 != "shape" && $0 != "data" }) {
            throw malformed("unknown key \"\(unknown)\" in a tensor (a tensor has shape and data)")
        }
        let shape = try shapeJSON.map { value -> Int in
            // 2^53: beyond it a Double no longer holds every whole number, and Int(n) could trap.
            guard case .number(let n) = value, n >= 0, n.rounded() == n, n < 9_007_199_254_740_992 else {
                throw malformed("shape must hold whole numbers from 0 to 2^53, got \(value.serialized(indent: nil))")
            }
            return Int(n)
        }
        if let problem = TensorSize.problem(with: shape) { throw malformed("shape \(problem)") }
        let needed = TensorSize.elementCount(shape)!
        guard dataJSON.count == needed else {
            throw malformed("data has \(dataJSON.count) numbers but shape \(describe(shape: shape)) needs \(needed)")
        }
        let data = try dataJSON.enumerated().map { i, value -> Double in
            guard case .number(let n) = value else { throw malformed("data[\(i)] is \(value.kindName), not a number") }
            // The JSON reader refuses 1e999; a value built in code could still be infinite.
            guard n.isFinite else { throw malformed("data[\(i)] is \(n), not a finite number") }
            return n
        }
        return Tensor(shape: shape, scalars: data)
    }
}
