import Foundation
import XCTest
import NablaCore
import NablaOps
import NablaVerify
import Backprop
import NablaTestSupport

/// Fixtures that are malformed, unsupported or disagree with the code must be reported as such,
/// naming the file and the problem.
final class FixtureErrorTests: XCTestCase {
    let runner = FixtureRunner(registry: standardRegistry(Double.self))
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-fixture-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func run(_ text: String) throws -> FixtureResult {
        let file = directory.appendingPathComponent("case.json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return runner.run(file: file.path)
    }

    let reluFixture = """
    {"format": "golden-v1", "kind": "layer", "op": "relu", "name": "relu_case",
     "tolerance": {"rtol": 1e-6, "atol": 1e-9},
     "inputs": {"x": {"shape": [2, 2], "data": [-1.0, 2.0, 3.0, -4.0]}},
     "outputs": {"y": {"shape": [2, 2], "data": [0.0, 2.0, 3.0, 0.0]}},
     "upstream": {"y": {"shape": [2, 2], "data": [0.5, 0.5, -1.0, 1.0]}},
     "grads": {"x": {"shape": [2, 2], "data": [0.0, 0.5, -1.0, 0.0]}}}
    """

    func testAValidFixturePasses() throws {
        XCTAssertEqual(try run(reluFixture).status, .passed)
    }

    func testWrongNumbersFailWithTheTensorNamed() throws {
        let result = try run(reluFixture.replacingOccurrences(of: "[0.0, 0.5, -1.0, 0.0]", with: "[0.0, 0.5, -1.0, 0.25]"))
        guard case .failed(let reason) = result.status else { return XCTFail("expected a failure, got \(result.status)") }
        XCTAssertTrue(reason.contains("grads.x"), reason)
        XCTAssertEqual(result.maxAbsoluteError, 0.25)
    }

    func testInvalidJSONIsMalformedWithLineAndColumn() throws {
        let result = try run("{\"format\": \"golden-v1\",\n \"kind\": }")
        guard case .malformed(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("case.json"), reason)
        XCTAssertTrue(reason.contains("line 2"), reason)
    }

    func testDataCountDisagreeingWithShapeIsMalformed() throws {
        let result = try run(reluFixture.replacingOccurrences(of: "[-1.0, 2.0, 3.0, -4.0]", with: "[-1.0, 2.0, 3.0]"))
        guard case .malformed(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("inputs.x: data has 3 numbers but shape [2, 2] needs 4"), reason)
    }

    func testMissingPartsAreMalformed() throws {
        let result = try run(#"{"format": "golden-v1", "kind": "layer", "op": "relu"}"#)
        guard case .malformed(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("inputs.x"), reason)
        let wrongFormat = try run(reluFixture.replacingOccurrences(of: "golden-v1", with: "golden-v9"))
        guard case .malformed = wrongFormat.status else { return XCTFail("got \(wrongFormat.status)") }
    }

    func testUnknownOpIsUnsupported() throws {
        let result = try run(reluFixture.replacingOccurrences(of: "\"op\": \"relu\"", with: "\"op\": \"gelu\""))
        guard case .unsupported(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("gelu"), reason)
        XCTAssertFalse(result.passed)
    }

    func testUnknownConfigKeyIsUnsupported() throws {
        let result = try run(reluFixture.replacingOccurrences(of: "\"name\": \"relu_case\",", with: "\"name\": \"relu_case\", \"config\": {\"inplace\": true},"))
        guard case .unsupported(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("'inplace'"), reason)
    }

    func testUnknownTopLevelKeysAreIgnored() throws {
        let result = try run(reluFixture.replacingOccurrences(of: "\"name\": \"relu_case\",", with: "\"name\": \"relu_case\", \"comment\": \"made by hand\","))
        XCTAssertEqual(result.status, .passed)
    }

    func testParameterShapeMismatchFailsNamingBothShapes() throws {
        let fixture = """
        {"format": "golden-v1", "kind": "layer", "op": "linear",
         "config": {"in_features": 2, "out_features": 1, "bias": false},
         "inputs": {"x": {"shape": [1, 2], "data": [1.0, 2.0]}},
         "params": {"weight": {"shape": [2, 1], "data": [1.0, 1.0]}},
         "outputs": {"y": {"shape": [1, 1], "data": [3.0]}}}
        """
        let result = try run(fixture)
        guard case .failed(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("[2, 1]") && reason.contains("[1, 2]"), reason)
    }

    func testMissingFileIsReported() {
        let result = runner.run(file: directory.appendingPathComponent("absent.json").path)
        guard case .malformed(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("absent.json"), reason)
    }

    /// A layer with a wrong backward, registered under a real op name, must fail that op's fixtures.
    func testABrokenBackwardFailsTheGoldenFixtures() throws {
        var registry = Registry<Double>()
        registry.register(BrokenTanh.self)
        let files = try libraryFixtureFiles(in: goldenDataDirectory).filter { $0.contains("/tanh_") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let result = FixtureRunner(registry: registry).run(file: file)
            guard case .failed(let reason) = result.status else { return XCTFail("\(file): got \(result.status)") }
            XCTAssertTrue(reason.contains("grads.x"), reason)
        }
    }
}

/// tanh with the classic mistake in backward: 1 − y instead of 1 − y².
struct BrokenTanh: RegisteredLayer {
    static var op: OpDescription { OpDescription("tanh", "a deliberately wrong tanh", exampleInputShape: [3, 4]) }
    var parameters = Parameters<Double>()

    init() {}
    init(config: Config, generator: inout RandomGenerator) throws {}

    func forward(_ input: Tensor<Double>, context: inout ForwardContext) -> (output: Tensor<Double>, cache: Tensor<Double>) {
        let y = input.map(Double.tanh)
        return (y, y)
    }

    func backward(_ outputGradient: Tensor<Double>, cache y: Tensor<Double>)
        -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        (outputGradient.zipMap(y) { dy, y in dy * (1 - y) }, Parameters())
    }
}
