import Foundation
import NablaCore
import NablaVerify

/// A layer as an exercise implements it: built from a fixture's configuration.
public typealias LayerMaker = (Config, inout RandomGenerator) throws -> any Layer<Double>
/// A loss built from a fixture's configuration.
public typealias LossMaker = (Config) throws -> any Loss<Double>
/// An optimizer built from a fixture's configuration.
public typealias OptimizerMaker = (Config) throws -> any Optimizer<Double>

/// The checks of an exercise that writes a layer, a loss or an optimizer: every PyTorch fixture
/// of `GoldenData/exercises` whose op is `op.name` (forward, then each gradient or step, each
/// failure diagnosed), then for layers and losses the gradient check in Double at the op's
/// example configuration and shape.
enum OpChecks {
    static func layer(_ op: OpDescription) -> [ExerciseCheck<LayerMaker>] {
        let register: (@escaping LayerMaker) -> Registry<Double> = { make in
            var registry = Registry<Double>()
            registry.register(op, layer: make)
            return registry
        }
        return [fixtures(op, register), gradientCheck(op, register)]
    }

    static func loss(_ op: OpDescription, targetKind: TargetKind) -> [ExerciseCheck<LossMaker>] {
        let register: (@escaping LossMaker) -> Registry<Double> = { make in
            var registry = Registry<Double>()
            registry.register(op, targetKind: targetKind, loss: make)
            return registry
        }
        return [fixtures(op, register), gradientCheck(op, register)]
    }

    static func optimizer(_ op: OpDescription) -> [ExerciseCheck<OptimizerMaker>] {
        [fixtures(op) { make in
            var registry = Registry<Double>()
            registry.register(op, optimizer: make)
            return registry
        }]
    }

    /// One result per fixture of `op`, named after the fixture.
    static func fixtures<I>(_ op: OpDescription, _ registry: @escaping (I) -> Registry<Double>) -> ExerciseCheck<I> {
        ExerciseCheck("PyTorch fixtures") { implementation, environment in
            let files = try fixtureFiles(in: [environment.fixtureDirectory]).filter {
                URL(fileURLWithPath: $0).lastPathComponent.hasPrefix(op.name + "_")
            }
            guard !files.isEmpty else {
                throw NablaError.io(file: environment.fixtureDirectory, message: "no fixture named \(op.name)_*.json: run the check from the repository (or give --golden-data)")
            }
            let runner = FixtureRunner(registry: registry(implementation))
            return files.map { file in
                let result = runner.run(file: file)
                let name = "fixture \(result.name)"
                if result.passed {
                    let largest = result.maxAbsoluteError.map { String(format: "%.1e", $0) } ?? "?"
                    return .passed(name, "\(result.comparisons.count) tensors equal PyTorch's (largest |error| \(largest))")
                }
                // The diagnosis of the first tensor that differs says more than what stopped the run after it.
                let diagnosis = result.comparisons.first { !$0.passed }?.diagnosis
                return .failed(name, diagnosis?.message ?? result.status.reason ?? result.status.label, mistake: diagnosis?.mistake)
            }
        }
    }

    /// dL/dx (and dL/dθ) of the implementation against central differences of its own forward.
    static func gradientCheck<I>(_ op: OpDescription, _ registry: @escaping (I) -> Registry<Double>) -> ExerciseCheck<I> {
        ExerciseCheck("gradient check") { implementation, _ in
            let report = try checkGradients(op: op.name, registry: registry(implementation))
            return report.tensors.map { tensor in
                let name = "gradient check d\(tensor.name) at \(describe(shape: report.inputShape))"
                let largest = "largest relative error \(String(format: "%.1e", tensor.maxRelativeError))"
                if tensor.passed { return .passed(name, "\(tensor.checkedCount) elements, \(largest)") }
                let worst = tensor.worstIndex.map { "; element \($0): backward gives \(String(format: "%.6g", tensor.worstAnalytic)), finite differences \(String(format: "%.6g", tensor.worstNumeric))" } ?? ""
                return .failed(name, "backward does not match your forward at \(tensor.failedCount) of \(tensor.checkedCount) elements (\(largest)\(worst))")
            }
        }
    }
}
