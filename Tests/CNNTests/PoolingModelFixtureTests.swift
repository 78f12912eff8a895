import XCTest
import NablaCore
import NablaVerify
import Backprop
import Optimizers
import CNN
import NablaTestSupport

/// The `sequential_cnn` fixtures: whole PyTorch training steps of small CNNs (conv2d → relu/tanh →
/// max/avg pool → flatten → linear, trained with SGD with momentum or AdamW).
final class PoolingModelFixtureTests: XCTestCase {
    func testSmallCNNTrainingStepsMatchPyTorch() throws {
        var registry = Registry<Double>()
        registerBackpropOps(into: &registry)
        registerOptimizerOps(into: &registry)
        registerCNNOps(into: &registry)
        let runner = FixtureRunner(registry: registry)
        let files = try libraryFixtureFiles(in: goldenDataDirectory)
            .filter { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("sequential_cnn") }
        XCTAssertGreaterThanOrEqual(files.count, 2, "GoldenData holds the sequential_cnn fixtures")
        var pools = Set<String>()
        for file in files {
            let fixture = try Fixture(contentsOf: file)
            XCTAssertEqual(fixture.kind, "model")
            XCTAssertGreaterThanOrEqual(fixture.steps.count, 3, fixture.name)
            if case .array(let layers)? = fixture.config["layers"] {
                for case .string(let op)? in layers.map({ $0["op"] }) where op.hasSuffix("pool2d") { pools.insert(op) }
            }
            let result = runner.run(fixture)
            XCTAssertEqual(result.status, .passed, "\(result.name): \(result.status.reason ?? "")")
            XCTAssertFalse(result.comparisons.isEmpty, "\(result.name) compared nothing")
        }
        XCTAssertEqual(pools, ["max_pool2d", "avg_pool2d"], "the models use both poolings")
    }
}
