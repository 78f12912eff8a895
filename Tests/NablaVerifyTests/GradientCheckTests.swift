import XCTest
import NablaCore
import NablaOps
import NablaVerify
import Backprop

final class GradientCheckTests: XCTestCase {
    let registry = standardRegistry(Double.self)

    /// Shapes to try per op, beyond its example: odd and non-square sizes, other ranks. Image ops
    /// keep their example's channels and vary the batch, height and width.
    func shapes(for op: String) -> [[Int]] {
        if let example = registry.layers[op]?.exampleInputShape, example.count == 4 {
            let (channels, height, width) = (example[1], example[2], example[3])
            return [[1, channels, height + 1, width + 2], [3, channels, height + 2, width]]
        }
        switch op {
        case "linear": return [[1, 5], [7, 5], [2, 3, 5]]
        case "cross_entropy", "multiclass_hinge": return [[1, 2], [6, 3], [9, 10]]
        case "flatten": return [[3, 5], [1, 2, 3, 4]]
        // Not [2, C]: with two values per channel x̂ = ±d/√(d² + ε) barely depends on x (dx ~ ε), and
        // the finite difference of an O(1) output cannot resolve an O(1e-5) slope.
        case "batch_norm1d": return [[3, 3], [9, 3], [2, 3, 4]]
        case "layer_norm": return [[1, 3, 4], [5, 3, 4], [2, 2, 3, 4]]
        default: return [[1], [5, 3], [2, 3, 4]]
        }
    }

    func testEveryRegisteredLayerAndLossPassesOverShapesAndSeeds() throws {
        let ops = (Array(registry.layers.keys) + registry.losses.keys).sorted()
        XCTAssertGreaterThanOrEqual(ops.count, 13)
        for op in ops {
            for shape in [nil] + shapes(for: op).map(Optional.some) {
                for seed: UInt64 in [0, 1, 2] {
                    var options = GradientCheckOptions()
                    options.seed = seed
                    let report = try checkGradients(op: op, registry: registry, inputShape: shape, options: options)
                    XCTAssertTrue(report.passed, "\(op) shape \(shape ?? []) seed \(seed): max rel error \(report.maxRelativeError)")
                    XCTAssertLessThan(report.maxRelativeError, 1e-7)
                    XCTAssertTrue(report.tensors.allSatisfy { $0.checkedCount > 0 })
                }
            }
        }
    }

    func testLargeTensorsAreSampledWithAtLeastTenElementsEach() throws {
        let report = try checkGradients(op: "linear", registry: registry, inputShape: [30, 40],
                                        config: ["in_features": .number(40), "out_features": .number(20)])
        for tensor in report.tensors {
            XCTAssertGreaterThanOrEqual(tensor.checkedCount, min(10, tensor.elementCount), tensor.name)
        }
        XCTAssertEqual(report.tensors.map(\.name), ["x", "weight", "bias"])
        XCTAssertEqual(report.tensors.last?.checkedCount, 20, "a small bias is checked at every element")
        XCTAssertTrue(report.passed)
    }

    func testAWrongBackwardFails() throws {
        let report = try checkLayerGradients(BrokenTanh(), input: Tensor(shape: [2, 3], scalars: [0.1, -0.5, 0.9, 1.3, -2, 0.3]), op: "tanh")
        XCTAssertFalse(report.passed)
        XCTAssertGreaterThan(report.maxRelativeError, 1e-2)
    }

    func testAWrongLossGradientFails() throws {
        struct HalfGradientMSE: Loss {
            func forward(_ input: Tensor<Double>, target: Tensor<Double>) throws -> (loss: Double, cache: Tensor<Double>) {
                let r = input - target
                return ((r * r).mean(), r)
            }
            func backward(cache r: Tensor<Double>) -> Tensor<Double> { r / Double(r.count) }
        }
        var generator = RandomGenerator(seed: 0)
        let x = Tensor<Double>.normal(shape: [3, 2], generator: &generator)
        let report = try checkLossGradients(HalfGradientMSE(), input: x, target: x * 0, op: "half_mse")
        XCTAssertFalse(report.passed)
    }

    func testKinksAreDetectedAndReportedNotCompared() throws {
        // Exact zeros sit on ReLU's kink: the one-sided slopes there are 0 and 1.
        let input = Tensor<Double>(shape: [2, 3], scalars: [0, 1.5, -0.7, 0, 2.0, -1.0])
        let report = try checkLayerGradients(ReLU<Double>(), input: input, op: "relu")
        XCTAssertEqual(report.tensors[0].kinkIndices, [0, 3])
        XCTAssertEqual(report.tensors[0].checkedCount, 6)
        XCTAssertTrue(report.passed, "the four smooth points agree")
        XCTAssertLessThan(report.maxRelativeError, 1e-9)
    }

    func testSmoothOpsReportNoKinks() throws {
        for op in ["tanh", "sigmoid", "softmax", "log_softmax", "linear", "cross_entropy", "bce_with_logits", "mse_loss"] {
            XCTAssertEqual(try checkGradients(op: op, registry: registry).kinkCount, 0, op)
        }
    }

    func testUnknownOpAndOptimizerAreClearErrors() {
        XCTAssertThrowsError(try checkGradients(op: "gelu", registry: registry)) { error in
            XCTAssertTrue("\(error)".contains("no layer or loss named 'gelu'"), "\(error)")
        }
        XCTAssertThrowsError(try checkGradients(op: "sgd", registry: registry)) { error in
            XCTAssertTrue("\(error)".contains("optimizer"), "\(error)")
        }
    }

    func testRelativeErrorDefinition() {
        XCTAssertEqual(gradientRelativeError(1, 1), 0)
        XCTAssertEqual(gradientRelativeError(1, 3), 0.5)
        XCTAssertEqual(gradientRelativeError(0, 1e-10), 1e-10 / 1e-8, accuracy: 1e-18)
    }
}
