import Foundation
import NablaCore

/// One golden-v1 fixture file, parsed (see `GOLDEN-FORMAT.md`): what PyTorch computed for one op.
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
    public let steps: [Step]

    /// One optimizer or model step: the gradients fed in (optimizer), the loss before the update
    /// (model), and the parameters after it.
    public struct Step: Sendable {
        public let grads: [String: Tensor<Double>]
        public let loss: Tensor<Double>?
        public let paramsAfter: [String: Tensor<Double>]
    }

    /// Reads and parses a fixture; every problem is a `NablaError.malformed` naming the file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NablaError.io(file: path, message: "cannot read the file")
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
        name = (try? string("name")) ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard ["layer", "loss", "optimizer", "model"].contains(kind) else {
            throw malformed("unknown kind \"\(kind)\" (expected layer, loss, optimizer or model)")
        }
        switch root["config"] {
        case nil, .null?: config = [:]
        case .object(let members)?: config = members
        case let other?: throw malformed("\"config\" must be an object, got \(other.kindName)")
        }
        let tolerance = root["tolerance"]
        func toleranceValue(_ key: String, default value: Double) throws -> Double {
            guard let entry = tolerance?[key] else { return value }
            guard case .number(let number) = entry, number >= 0 else { throw malformed("tolerance.\(key) must be a non-negative number") }
            return number
        }
        rtol = try toleranceValue("rtol", default: 1e-5)
        atol = try toleranceValue("atol", default: 1e-8)

        func tensors(_ key: String, in object: [String: JSON]? = nil, path: String? = nil) throws -> [String: Tensor<Double>] {
            let where_ = path ?? key
            guard let value = (object ?? root)[key], value != .null else { return [:] }
            guard case .object(let members) = value else { throw malformed("\"\(where_)\" must be an object of tensors") }
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

        var steps: [Step] = []
        if let stepsJSON = root["steps"] {
            guard case .array(let list) = stepsJSON else { throw malformed("\"steps\" must be an array") }
            for (i, stepJSON) in list.enumerated() {
                guard case .object(let step) = stepJSON else { throw malformed("steps[\(i)] must be an object") }
                let loss = try step["loss"].map { try Fixture.tensor($0, path: "steps[\(i)].loss", file: file) }
                steps.append(Step(grads: try tensors("grads", in: step, path: "steps[\(i)].grads"), loss: loss,
                                  paramsAfter: try tensors("params_after", in: step, path: "steps[\(i)].params_after")))
            }
        }
        self.steps = steps
        try checkRequiredParts()
    }

    /// What each kind must contain to be runnable at all.
    private func checkRequiredParts() throws {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: message) }
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
        default:
            guard inputs["x"] != nil else { throw malformed("a model fixture needs inputs.x") }
            guard !steps.isEmpty else { throw malformed("a model fixture needs steps") }
        }
    }

    /// `{"shape": [...], "data": [...]}` as a tensor; the data count must match the shape.
    static func tensor(_ json: JSON, path: String, file: String) throws -> Tensor<Double> {
        func malformed(_ message: String) -> NablaError { .malformed(file: file, message: "\(path): \(message)") }
        guard case .array(let shapeJSON)? = json["shape"] else { throw malformed("a tensor needs \"shape\": [...]") }
        guard case .array(let dataJSON)? = json["data"] else { throw malformed("a tensor needs \"data\": [...]") }
        let shape = try shapeJSON.map { value -> Int in
            guard case .number(let n) = value, n >= 0, n.rounded() == n else { throw malformed("shape must hold non-negative integers") }
            return Int(n)
        }
        let data = try dataJSON.enumerated().map { i, value -> Double in
            guard case .number(let n) = value else { throw malformed("data[\(i)] is \(value.kindName), not a number") }
            return n
        }
        let needed = shape.reduce(1, *)
        guard data.count == needed else {
            throw malformed("data has \(data.count) numbers but shape \(describe(shape: shape)) needs \(needed)")
        }
        return Tensor(shape: shape, scalars: data)
    }
}
