import Foundation
import XCTest
import NablaCore
import NablaOps
import NablaVerify

/// Issue 10, items 7 and 8: a fixture's nesting and sizes are checked before they are used, and
/// one bad file in a directory is that file's failure while the others still run.
final class FixtureLimitTests: XCTestCase {
    let runner = FixtureRunner(registry: standardRegistry(Double.self))

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "nabla-fixture-limits-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    let relu = """
    {"format": "golden-v1", "kind": "layer", "op": "relu", "tolerance": {"rtol": 1e-6, "atol": 1e-9},
     "inputs": {"x": {"shape": [2], "data": [-1.0, 2.0]}}, "outputs": {"y": {"shape": [2], "data": [0.0, 2.0]}}}
    """

    func testADeeplyNestedFileFailsAloneInADirectoryRun() throws {
        let directory = try temporaryDirectory()
        let deep = "{\"format\": \"golden-v1\", \"x\": " + String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000) + "}"
        try deep.write(toFile: directory + "/a_deep.json", atomically: false, encoding: .utf8)
        try relu.write(toFile: directory + "/b_relu.json", atomically: false, encoding: .utf8)
        let results = try fixtureFiles(in: [directory]).map { runner.run(file: $0) }
        XCTAssertEqual(results.count, 2)
        guard case .malformed(let reason) = results[0].status else { return XCTFail("got \(results[0].status)") }
        XCTAssertTrue(reason.contains("a_deep.json") && reason.contains("nested more than 100 deep"), reason)
        XCTAssertEqual(results[1].status, .passed)
    }

    func testShapesThatWrapOrExceedTheBoundAreMalformed() throws {
        let directory = try temporaryDirectory()
        let cases = [
            ("[1099511627776, 1099511627776, 1099511627776]", "multiply to more than 2^63"),
            ("[4611686018427387904, 2, 5, 6]", "whole numbers from 0 to 2^53, got 4.6"),
            ("[1e19]", "whole numbers from 0 to 2^53"),
            ("[100000, 100000]", "more than the 134217728 one tensor may hold"),
            ("[-1]", "whole numbers from 0 to 2^53, got -1"),
        ]
        for (shape, fragment) in cases {
            let text = relu.replacingOccurrences(of: #""x": {"shape": [2], "data": [-1.0, 2.0]}"#, with: #""x": {"shape": \#(shape), "data": []}"#)
            try text.write(toFile: directory + "/case.json", atomically: false, encoding: .utf8)
            let result = runner.run(file: directory + "/case.json")
            guard case .malformed(let reason) = result.status else { XCTFail("\(shape): got \(result.status)"); continue }
            XCTAssertTrue(reason.contains("inputs.x") && reason.contains(fragment), reason)
            XCTAssertFalse(reason.contains("-9223372036854775808"), reason)
        }
    }

    func testHugeLayerSizesInAConfigAreClearErrors() throws {
        let directory = try temporaryDirectory()
        let configs = [
            ("batch_norm1d", #"{"num_features": 1e12}"#, "beyond ±2147483647"),
            ("linear", #"{"in_features": 100000, "out_features": 100000}"#, "weight [out_features, in_features]: the sizes [100000, 100000]"),
            ("conv2d", #"{"in_channels": 1000, "out_channels": 1000, "kernel_size": 1000}"#, "more than the 134217728"),
            ("layer_norm", #"{"normalized_shape": [65536, 65536]}"#, "normalized_shape"),
        ]
        for (op, config, fragment) in configs {
            let text = relu.replacingOccurrences(of: "\"op\": \"relu\"", with: "\"op\": \"\(op)\", \"config\": \(config)")
            try text.write(toFile: directory + "/case.json", atomically: false, encoding: .utf8)
            let result = runner.run(file: directory + "/case.json")
            XCTAssertFalse(result.passed)
            XCTAssertTrue(result.status.reason?.contains(fragment) == true, "\(op): \(result.status)")
        }
    }

    func testGradientCheckShapesAreCheckedBeforeAllocating() {
        let registry = standardRegistry(Double.self)
        for (shape, fragment) in [([-1], "at least 1"), ([0, 3], "at least 1"), ([1 << 62, 4], "more than 2^63"),
                                  ([100_000, 100_000], "more than the 134217728")] {
            XCTAssertThrowsError(try checkGradients(op: "relu", registry: registry, inputShape: shape)) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(shape): \(error)")
            }
        }
    }
}
