import XCTest
import NablaCore
import NablaVerify
import NablaOps
import NablaTestSupport

/// The PyTorch fixtures of this chapter's layers (GoldenData/), including the batch-norm MLP
/// whose running statistics are compared after every training step.
final class RegularizationGoldenTests: XCTestCase {
    func testEveryFixtureOfThisChapterMatchesPyTorch() throws {
        let runner = FixtureRunner(registry: standardRegistry(Double.self))
        var counts: [String: Int] = [:]
        for file in try libraryFixtureFiles(in: goldenDataDirectory) {
            let fixture = try Fixture(contentsOf: file)
            let key = fixture.op == "sequential" ? fixture.name : fixture.op
            guard ["batch_norm1d", "batch_norm2d", "layer_norm", "dropout"].contains(key) || key.hasPrefix("sequential_bn") else { continue }
            let result = runner.run(file: file)
            XCTAssertEqual(result.status, .passed, "\(result.name): \(result.status.reason ?? "")")
            counts[fixture.op, default: 0] += 1
            if fixture.op.hasPrefix("batch_norm") {
                XCTAssertTrue(result.comparisons.map(\.name).contains("buffers_after.running_var"), result.name)
            }
        }
        XCTAssertEqual(counts["batch_norm1d"], 4)
        XCTAssertEqual(counts["batch_norm2d"], 3)
        XCTAssertEqual(counts["layer_norm"], 4)
        XCTAssertEqual(counts["dropout"], 3)
        XCTAssertEqual(counts["sequential"], 2)
    }
}
