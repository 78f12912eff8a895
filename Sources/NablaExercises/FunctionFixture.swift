import Foundation
import NablaCore
import NablaVerify

/// A PyTorch fixture of an exercise that writes a function rather than a layer, a loss or an
/// optimizer (ridge regression's solution, a logistic loss and its gradients, a learning-rate
/// schedule): named inputs (tensors in golden-v1's `{"shape", "data"}` form, or plain numbers)
/// and the outputs PyTorch computed from them. The format is described in
/// `GoldenData/exercises/README.md`; `Tools/golden/make_exercise_fixtures.py` writes them.
struct FunctionFixture {
    let name: String
    let inputs: [String: Tensor<Double>]
    let numbers: [String: Double]
    let outputs: [String: Tensor<Double>]
    let rtol: Double, atol: Double

    init(contentsOf path: String) throws {
        let json = try JSON.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
        func malformed(_ message: String) -> NablaError { .malformed(file: path, message: message) }
        guard case .object(let top) = json else { throw malformed("an exercise fixture is a JSON object") }
        guard case .string("nabla-exercise-v1")? = top["format"] else { throw malformed("\"format\" must be \"nabla-exercise-v1\"") }
        guard case .string(let name)? = top["name"] else { throw malformed("\"name\" must be a string") }
        guard case .object(let inputJSON)? = top["inputs"], case .object(let outputJSON)? = top["outputs"] else {
            throw malformed("an exercise fixture needs \"inputs\" and \"outputs\" objects")
        }
        var inputs: [String: Tensor<Double>] = [:], numbers: [String: Double] = [:], outputs: [String: Tensor<Double>] = [:]
        for (key, value) in inputJSON {
            if case .number(let n) = value { numbers[key] = n } else { inputs[key] = try Fixture.tensor(value, path: "inputs.\(key)", file: path) }
        }
        for (key, value) in outputJSON {
            outputs[key] = try Fixture.tensor(value, path: "outputs.\(key)", file: path)
        }
        var rtol = 1e-6, atol = 1e-9
        if case .object(let tolerance)? = top["tolerance"] {
            if case .number(let r)? = tolerance["rtol"] { rtol = r }
            if case .number(let a)? = tolerance["atol"] { atol = a }
        }
        (self.name, self.inputs, self.numbers, self.outputs, self.rtol, self.atol) = (name, inputs, numbers, outputs, rtol, atol)
    }

    func input(_ key: String) throws -> Tensor<Double> {
        guard let tensor = inputs[key] else { throw NablaError.malformed(file: name, message: "the fixture has no input tensor '\(key)'") }
        return tensor
    }

    func number(_ key: String) throws -> Double {
        guard let value = numbers[key] else { throw NablaError.malformed(file: name, message: "the fixture has no input number '\(key)'") }
        return value
    }

    /// Every output compared with `got` (same keys), the first failure diagnosed.
    func compare(_ got: [String: Tensor<Double>], clues: DiagnosisClues) -> CheckResult {
        let check = "fixture \(name)"
        var largest = 0.0
        for key in outputs.keys.sorted() {
            let want = outputs[key]!
            guard let value = got[key] else { return .failed(check, "your function gave no '\(key)'") }
            if let diagnosis = diagnose(key, got: value, want: want, clues: clues, rtol: rtol, atol: atol) {
                return .failed(check, diagnosis.message, mistake: diagnosis.mistake)
            }
            largest = max(largest, zip(value.scalars, want.scalars).map { abs($0 - $1) }.max() ?? 0)
        }
        return .passed(check, "\(outputs.count) outputs equal PyTorch's (largest |error| \(String(format: "%.1e", largest)))")
    }
}

extension ExerciseCheck {
    /// One result per function fixture named `prefix_*.json`: `run` computes the outputs from a
    /// fixture. The batch size N, for the diagnosis of a missing 1/N, is the rows of input `x`.
    static func functionFixtures(_ prefix: String,
                                 _ run: @escaping (Implementation, FunctionFixture) throws -> [String: Tensor<Double>]) -> ExerciseCheck {
        ExerciseCheck("PyTorch fixtures") { implementation, environment in
            let files = try fixtureFiles(in: [environment.fixtureDirectory]).filter {
                URL(fileURLWithPath: $0).lastPathComponent.hasPrefix(prefix + "_")
            }
            guard !files.isEmpty else {
                throw NablaError.io(file: environment.fixtureDirectory, message: "no fixture named \(prefix)_*.json: run the check from the repository (or give --golden-data)")
            }
            return try files.map { file in
                let fixture = try FunctionFixture(contentsOf: file)
                return fixture.compare(try run(implementation, fixture), clues: DiagnosisClues(batchSize: fixture.inputs["x"]?.shape.first))
            }
        }
    }
}

/// A scalar as a tensor of shape [], to compare it like any output.
func scalar(_ value: Double) -> Tensor<Double> { Tensor(scalar: value) }
