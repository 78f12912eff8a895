import XCTest
import NablaCore
import NablaOps
import Optimizers
import NablaTestSupport

/// The optimizer `op` built by the standard registry from a JSON config, as fixtures build it.
func standardOptimizer(_ op: String, _ json: String) throws -> any Optimizer<Double> {
    try standardRegistry(Double.self).makeOptimizer(op, config: try config(json))
}

final class OptimizerConfigTests: XCTestCase {
    func testTheRegistryHasTheFourOptimizers() {
        let registry = standardRegistry(Double.self)
        for op in ["sgd", "adagrad", "rmsprop", "adam", "adamw"] { XCTAssertNotNil(registry.optimizers[op], op) }
    }

    func testConfigsUseTorchsDefaults() throws {
        // With only lr given, the first Adam step is still ≈ lr·sign(g).
        var adam = try standardOptimizer("adam", #"{"lr": 0.5}"#)
        var theta = vector([0.0])
        adam.update(&theta, gradient: vector([-2.0]), key: "theta")
        XCTAssertEqual(theta.scalars[0], 0.5, accuracy: 1e-8)
        XCTAssertEqual(try standardOptimizer("adamw", "{}").learningRate, 1e-3)
        XCTAssertEqual(try standardOptimizer("adagrad", "{}").learningRate, 1e-2)
        XCTAssertEqual(try standardOptimizer("rmsprop", "{}").learningRate, 1e-2)
    }

    /// Out-of-range values are `invalidConfig` errors that name the key, as torch's ValueErrors do.
    func testValuesOutOfRangeAreClearErrors() {
        let cases: [(op: String, config: String, key: String)] = [
            ("adam", #"{"lr": -0.001}"#, "'lr'"),
            ("adamw", #"{"lr": -1}"#, "'lr'"),
            ("adagrad", #"{"lr": -0.1}"#, "'lr'"),
            ("rmsprop", #"{"lr": -0.01}"#, "'lr'"),
            ("adam", #"{"betas": [1.0, 0.999]}"#, "'betas[0]'"),
            ("adam", #"{"betas": [0.9, 1.5]}"#, "'betas[1]'"),
            ("adamw", #"{"betas": [-0.1, 0.999]}"#, "'betas[0]'"),
            ("adam", #"{"betas": [0.9]}"#, "'betas'"),
            ("adam", #"{"eps": -1e-8}"#, "'eps'"),
            ("adamw", #"{"weight_decay": -0.01}"#, "'weight_decay'"),
            ("adam", #"{"amsgrad": true}"#, "'amsgrad'"),
            ("rmsprop", #"{"alpha": 1.0}"#, "'alpha'"),
            ("rmsprop", #"{"momentum": -0.9}"#, "'momentum'"),
            ("adagrad", #"{"lr_decay": -1}"#, "'lr_decay'"),
            ("adagrad", #"{"initial_accumulator_value": -0.1}"#, "'initial_accumulator_value'"),
            ("adam", #"{"lr": "fast"}"#, "'lr'"),
            // Issue 10, item 11: SGD is validated by the same rules as the others.
            ("sgd", #"{"lr": -1}"#, "'lr'"),
            ("sgd", #"{"lr": 0.1, "momentum": 1.5}"#, "'momentum'"),
            ("sgd", #"{"lr": 0.1, "momentum": -0.1}"#, "'momentum'"),
            ("sgd", #"{"lr": 0.1, "weight_decay": -1}"#, "'weight_decay'"),
            ("sgd", #"{"lr": 0.1, "momentum": 0.9, "dampening": 2}"#, "'dampening'"),
            ("rmsprop", #"{"momentum": 1.0}"#, "'momentum'"),
        ]
        for (op, json, key) in cases {
            XCTAssertThrowsError(try standardOptimizer(op, json), "\(op) \(json)") { error in
                guard case .invalidConfig(let reportedOp, let message) = error as? NablaError else {
                    return XCTFail("\(op) \(json): expected invalidConfig, got \(error)")
                }
                XCTAssertEqual(reportedOp, op)
                XCTAssertTrue(message.contains(key), "\(op) \(json): '\(message)' does not name \(key)")
            }
        }
    }

    /// A key no optimizer reads (a typo, or an option of another optimizer) is `unsupported`.
    func testUnknownKeysAreUnsupported() {
        for (op, json) in [("adam", #"{"momentum": 0.9}"#), ("adamw", #"{"beta1": 0.9}"#),
                           ("adagrad", #"{"alpha": 0.99}"#), ("rmsprop", #"{"betas": [0.9, 0.999]}"#)] {
            XCTAssertThrowsError(try standardOptimizer(op, json), "\(op) \(json)") { error in
                guard case .unsupported(let message) = error as? NablaError else {
                    return XCTFail("\(op) \(json): expected unsupported, got \(error)")
                }
                XCTAssertTrue(message.contains(op), message)
            }
        }
    }

    func testDefaultValuedOptionsAreAccepted() throws {
        _ = try standardOptimizer("adam", #"{"amsgrad": false}"#)
        _ = try standardOptimizer("rmsprop", #"{"momentum": 0, "centered": false}"#)
        _ = try standardOptimizer("adagrad", #"{"lr_decay": 0, "initial_accumulator_value": 0}"#)
    }
}
