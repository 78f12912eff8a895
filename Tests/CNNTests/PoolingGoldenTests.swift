import XCTest
import NablaCore
import NablaVerify
import CNN
import NablaTestSupport

/// The PyTorch fixtures of max_pool2d, avg_pool2d and upsample_nearest2d (GoldenData/).
final class PoolingGoldenTests: XCTestCase {
    let ops = ["max_pool2d", "avg_pool2d", "upsample_nearest2d"]

    func poolingFixtures() throws -> [(file: String, fixture: Fixture)] {
        try libraryFixtureFiles(in: goldenDataDirectory).compactMap { file in
            let fixture = try Fixture(contentsOf: file)
            return fixture.kind == "layer" && ops.contains(fixture.op) ? (file, fixture) : nil
        }
    }

    func testEveryPoolingFixtureMatchesPyTorch() throws {
        let runner = FixtureRunner(registry: poolingRegistry(Double.self))
        var counts: [String: Int] = [:]
        for (file, fixture) in try poolingFixtures() {
            let result = runner.run(file: file)
            XCTAssertEqual(result.status, .passed, "\(result.name): \(result.status.reason ?? "")")
            XCTAssertEqual(result.comparisons.map(\.name), ["outputs.y", "grads.x"], result.name)
            counts[fixture.op, default: 0] += 1
        }
        XCTAssertGreaterThanOrEqual(counts["max_pool2d"] ?? 0, 8)
        XCTAssertGreaterThanOrEqual(counts["avg_pool2d"] ?? 0, 8)
        XCTAssertGreaterThanOrEqual(counts["upsample_nearest2d"] ?? 0, 5)
    }

    /// The fixtures exercise what differs between implementations: rectangular kernels, unequal
    /// strides, strides larger than the kernel, padding, the default stride, and (max) ties.
    func testFixturesCoverTheAwkwardConfigurations() throws {
        let fixtures = try poolingFixtures().map(\.fixture)
        func pair(_ json: JSON?) -> [Int]? {
            switch json {
            case .number(let n)?: return [Int(n), Int(n)]
            case .array(let values)?: return values.compactMap { if case .number(let n) = $0 { Int(n) } else { nil } }
            default: return nil
            }
        }
        for op in ["max_pool2d", "avg_pool2d"] {
            let configs = fixtures.filter { $0.op == op }.map(\.config)
            XCTAssertTrue(configs.contains { pair($0["kernel_size"]).map { $0[0] != $0[1] } ?? false }, "\(op): rectangular kernel")
            XCTAssertTrue(configs.contains { pair($0["stride"]).map { $0[0] != $0[1] } ?? false }, "\(op): unequal strides")
            XCTAssertTrue(configs.contains { c in
                guard let k = pair(c["kernel_size"]), let s = pair(c["stride"]) else { return false }
                return s[0] > k[0] || s[1] > k[1]
            }, "\(op): stride larger than the kernel")
            XCTAssertTrue(configs.contains { (pair($0["padding"]) ?? [0, 0]) != [0, 0] }, "\(op): padding")
            XCTAssertTrue(configs.contains { $0["stride"] == nil }, "\(op): default stride")
        }
        XCTAssertTrue(fixtures.contains { $0.name.contains("ties") }, "max_pool2d: ties")
        XCTAssertTrue(fixtures.contains { $0.op == "upsample_nearest2d" && pair($0.config["scale_factor"]).map { $0[0] != $0[1] } ?? false },
                      "upsample_nearest2d: unequal factors")
    }
}
