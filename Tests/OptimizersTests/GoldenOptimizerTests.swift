import XCTest
import NablaCore
import NablaOps
import NablaVerify
import NablaTestSupport

/// Every PyTorch fixture of this chapter's optimizers, alone and training small MLPs.
final class GoldenOptimizerTests: XCTestCase {
    let ops = ["adagrad", "rmsprop", "adam", "adamw"]

    /// Each fixture in GoldenData with its optimizer's op name: its own for optimizer fixtures,
    /// `config.optimizer.op` for model fixtures.
    func fixtures() throws -> [(file: String, fixture: Fixture, optimizer: String)] {
        try libraryFixtureFiles(in: goldenDataDirectory).compactMap { file in
            let fixture = try Fixture(contentsOf: file)
            switch fixture.kind {
            case "optimizer": return (file, fixture, fixture.op)
            case "model":
                guard case .string(let op)? = fixture.config["optimizer"]?["op"] else { return nil }
                return (file, fixture, op)
            default: return nil
            }
        }
    }

    func testEveryOptimizerFixtureMatchesPyTorch() throws {
        let runner = FixtureRunner(registry: standardRegistry(Double.self))
        var optimizerFixtures: [String: Int] = [:], modelFixtures: [String: Int] = [:]
        for (file, fixture, op) in try fixtures() where ops.contains(op) {
            let result = runner.run(file: file)
            XCTAssertEqual(result.status, .passed, "\(result.name): \(result.status.reason ?? "")")
            XCTAssertFalse(result.comparisons.isEmpty, "\(result.name) compared nothing")
            if fixture.kind == "optimizer" {
                XCTAssertGreaterThanOrEqual(fixture.steps.count, 4, "\(fixture.name) has few steps")
                optimizerFixtures[op, default: 0] += 1
            } else {
                modelFixtures[op, default: 0] += 1
            }
        }
        for op in ops {
            XCTAssertGreaterThanOrEqual(optimizerFixtures[op] ?? 0, 5, "optimizer fixtures of \(op)")
            XCTAssertGreaterThanOrEqual(modelFixtures[op] ?? 0, 1, "model fixtures trained with \(op)")
        }
    }

    /// The fixtures would prove little if they never used the options: weight decay, and the
    /// betas, alpha and eps away from PyTorch's defaults.
    func testFixturesCoverWeightDecayAndNonDefaultSettings() throws {
        let optimizerFixtures = try fixtures().filter { $0.fixture.kind == "optimizer" }.map(\.fixture)
        func covered(_ op: String, _ condition: ([String: JSON]) -> Bool) -> Bool {
            optimizerFixtures.contains { $0.op == op && condition($0.config) }
        }
        func number(_ json: JSON?) -> Double? { if case .number(let n)? = json { return n } else { return nil } }
        for op in ops {
            XCTAssertTrue(covered(op) { (number($0["weight_decay"]) ?? 0) > 0 }, "\(op) with weight decay")
            XCTAssertTrue(covered(op) { number($0["weight_decay"]) == 0 }, "\(op) without weight decay")
            XCTAssertTrue(covered(op) { number($0["eps"]).map { $0 >= 1e-6 } ?? false }, "\(op) with a large eps")
        }
        XCTAssertTrue(covered("rmsprop") { number($0["alpha"]) != 0.99 }, "rmsprop with another alpha")
        for op in ["adam", "adamw"] {
            XCTAssertTrue(covered(op) { $0["betas"] != .array([.number(0.9), .number(0.999)]) }, "\(op) with other betas")
        }
    }
}
