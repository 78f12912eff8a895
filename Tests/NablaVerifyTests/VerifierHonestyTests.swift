import Foundation
import XCTest
import NablaCore
import NablaOps
import NablaVerify
import NablaTestSupport

/// Issue 10, items 2–5: the verifier never says PASS without having checked. Each test is a
/// fixture that passed before (comparing nothing, or comparing against ∞) or ran with a default
/// the fixture did not ask for.
final class VerifierHonestyTests: XCTestCase {
    let runner = FixtureRunner(registry: standardRegistry(Double.self))
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "nabla-verifier-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `text` as the fixture file case.json, as `nabla verify` would.
    func run(_ text: String) -> FixtureResult {
        let path = directory + "/case.json"
        XCTAssertNoThrow(try text.write(toFile: path, atomically: false, encoding: .utf8))
        return runner.run(file: path)
    }

    /// Asserts a result is not a pass, and that its reason mentions every fragment.
    func assertNotPassed(_ result: FixtureResult, mentioning fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(result.passed, "passed, but should not have", file: file, line: line)
        let reason = result.status.reason ?? ""
        for fragment in fragments {
            XCTAssertTrue(reason.contains(fragment), "\"\(reason)\" does not mention \"\(fragment)\"", file: file, line: line)
        }
    }

    let sgd = """
    {"format": "golden-v1", "kind": "optimizer", "op": "sgd", "tolerance": {"rtol": 1e-9, "atol": 1e-12},
     "config": {"lr": 0.1, "momentum": 0.9},
     "params": {"w": {"shape": [2], "data": [1.0, 2.0]}},
     "steps": [{"grads": {"w": {"shape": [2], "data": [0.5, -1.0]}},
                "params_after": {"w": {"shape": [2], "data": [0.95, 2.1]}}}]}
    """

    func testTheBaseFixturesPass() {
        XCTAssertEqual(run(sgd).status, .passed)
    }

    // MARK: item 2: ∞ never passes

    func testAnExpectedValueOf1e999IsRefusedNotComparedAsInfinity() {
        let result = run(sgd.replacingOccurrences(of: "[0.95, 2.1]", with: "[0.95, 1e999]"))
        assertNotPassed(result, mentioning: ["case.json", "1e999", "too large"])
    }

    func testAnInfiniteExpectedValueFailsTheComparison() {
        let want = Tensor<Double>(shape: [2], scalars: [1, .infinity])
        let comparison = TensorComparison(name: "y", got: Tensor(shape: [2], scalars: [1, 5]), want: want, rtol: 1e-6, atol: 1e-9)
        XCTAssertFalse(comparison.passed)
        // ∞ against ∞ is no check either.
        XCTAssertFalse(TensorComparison(name: "y", got: want, want: want, rtol: 1e-6, atol: 1e-9).passed)
    }

    // MARK: item 3: nothing compared is a failure

    func testAMisspelledParamsAfterIsNotAPass() {
        let result = run(sgd.replacingOccurrences(of: "params_after", with: "params_aftr"))
        assertNotPassed(result, mentioning: ["params_aftr", "grads, params_after, state_after"])
        let model = (try? String(contentsOfFile: goldenDataDirectory + "/sequential_mlp_relu_ce.json", encoding: .utf8)) ?? ""
        assertNotPassed(run(model.replacingOccurrences(of: "\"params_after\"", with: "\"params_afterr\"")), mentioning: ["params_afterr"])
    }

    func testAStepThatComparesNothingIsAFailure() {
        assertNotPassed(run(sgd.replacingOccurrences(of: #""params_after": {"w": {"shape": [2], "data": [0.95, 2.1]}}"#,
                                                    with: #""params_after": {}"#)),
                        mentioning: ["steps[0]", "compare nothing"])
        // A state entry with no names compares nothing either: the runner refuses to call that a pass.
        assertNotPassed(run(sgd.replacingOccurrences(of: #""params_after": {"w": {"shape": [2], "data": [0.95, 2.1]}}"#,
                                                    with: #""state_after": {"w": {}}"#)),
                        mentioning: ["nothing was compared"])
    }

    // MARK: item 4: op, tolerance and config keys are checked

    func testAModelsOpIsChecked() {
        let model = (try? String(contentsOfFile: goldenDataDirectory + "/sequential_mlp_relu_ce.json", encoding: .utf8)) ?? ""
        XCTAssertEqual(run(model).status, .passed)
        XCTAssertTrue(model.contains("\"op\":\"sequential\""))
        let result = run(model.replacingOccurrences(of: "\"op\":\"sequential\"", with: "\"op\":\"conv3d\""))
        guard case .unsupported(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("conv3d"), reason)
    }

    func testToleranceMustBeAnObjectOfRtolAndAtol() {
        assertNotPassed(run(sgd.replacingOccurrences(of: #"{"rtol": 1e-9, "atol": 1e-12}"#, with: "1e-9")),
                        mentioning: ["tolerance", "must be an object"])
        assertNotPassed(run(sgd.replacingOccurrences(of: #""rtol": 1e-9"#, with: #""rtoll": 1e-9"#)),
                        mentioning: ["tolerance", "unknown key \"rtoll\""])
        assertNotPassed(run(sgd.replacingOccurrences(of: #""rtol": 1e-9"#, with: #""rtol": null"#)),
                        mentioning: ["rtol must be a non-negative number, got null"])
        assertNotPassed(run(sgd.replacingOccurrences(of: #""rtol": 1e-9"#, with: #""rtol": 1"#)),
                        mentioning: ["accepts 0 in place of any value"])
    }

    func testUnknownKeysInAModelsConfigAreUnsupported() {
        let model = VerifierHonestyFixtures.linearModelHead + """

         "steps": [{"loss": {"shape": [], "data": [1.868337057016479]},
                    "outputs": {"y": {"shape": [3, 2], "data": [-1.5, 2.5, -1.0, -1.875, -0.15, 0.6749999999999999]}},
                    "params_after": {"0.weight": {"shape": [2, 2], "data": [0.5532129272893063, -0.9493425311012806, 1.9467870727106937, 0.19934253110128064]}}},
                   {"loss": {"shape": [], "data": [1.760939071965273]},
                    "outputs": {"y": {"shape": [3, 2], "data": [-1.345472134913255, 2.345472134913255, -1.0278841928399465, -1.8471158071600535, -0.11883888114359231, 0.6438388811435922]}}}]}
        """
        XCTAssertEqual(run(model).status, .passed)
        let cases = [
            (#""bias": false}"#, #""bias": false, "bogus": 1}"#, "'bogus'"),
            (#""bias": false}"#, #""bias": null}"#, "'bias': null"),
            (#"{"op": "cross_entropy"}"#, #"{"op": "cross_entropy", "reduction": "sum"}"#, "'reduction'"),
            (#""lr": 0.1}"#, #""lr": 0.1, "foreach": true}"#, "'foreach'"),
            (#""optimizer": {"#, #""seed": 3, "optimizer": {"#, "'seed'"),
        ]
        for (old, new, fragment) in cases {
            let result = run(model.replacingOccurrences(of: old, with: new))
            guard case .unsupported(let reason) = result.status else { XCTFail("\(new): got \(result.status)"); continue }
            XCTAssertTrue(reason.contains(fragment), reason)
        }
    }

    // MARK: item 5 and the optional keys of GOLDEN-FORMAT 1.1

    func testModelOutputsAreCompared() {
        let withOutputs = VerifierHonestyFixtures.linearModelHead + """

         "steps": [{"outputs": {"y": {"shape": [3, 2], "data": [-1.5, 2.5, -1.0, -1.875, -0.15, 0.6749999999999999]}}},
                   {"outputs": {"y": {"shape": [3, 2], "data": [-1.345472134913255, 2.345472134913255, -1.0278841928399465, -1.8471158071600535, -0.11883888114359231, 0.6438388811435922]}}}]}
        """
        let passed = run(withOutputs)
        XCTAssertEqual(passed.status, .passed)
        XCTAssertEqual(passed.comparisons.map(\.name), ["steps[0].outputs.y", "steps[1].outputs.y"])
        assertNotPassed(run(withOutputs.replacingOccurrences(of: "-1.345472134913255", with: "-1.345")), mentioning: ["steps[1].outputs.y"])
    }

    func testBatchNormMomentumNullIsACumulativeAverageNotTheDefault() {
        let fixture = """
        {"format": "golden-v1", "kind": "layer", "op": "batch_norm1d", "tolerance": {"rtol": 1e-9, "atol": 1e-12},
         "config": {"num_features": 2, "eps": 1e-5, "momentum": null, "training": true},
         "params": {"weight": {"shape": [2], "data": [1.0, 1.0]}, "bias": {"shape": [2], "data": [0.0, 0.0]}},
         "buffers_before": {"running_mean": {"shape": [2], "data": [1.0, 1.0]}, "running_var": {"shape": [2], "data": [2.0, 2.0]}},
         "inputs": {"x": {"shape": [4, 2], "data": [1.0, 2.0, 3.0, -1.0, 0.5, 0.5, -2.0, 4.0]}},
         "outputs": {"y": {"shape": [4, 2], "data": [0.2105583899886371, 0.3378681955114161, 1.333536469928035, -1.2838991429433813, -0.07018612999621236, -0.47301547371598257, -1.4739087299204596, 1.4190464211479479]}},
         "buffers_after": {"running_mean": {"shape": [2], "data": [0.625, 1.375]}, "running_var": {"shape": [2], "data": [4.229166666666667, 4.5625]}}}
        """
        XCTAssertEqual(run(fixture).status, .passed, run(fixture).status.reason ?? "")
        // The same fixture read with PyTorch's default momentum 0.1 would fail buffers_after.
        assertNotPassed(run(fixture.replacingOccurrences(of: "\"momentum\": null", with: "\"momentum\": 0.1")),
                        mentioning: ["buffers_after.running_mean"])
        // Where Nabla does not implement None, null is unsupported, never the default.
        let result = run(fixture.replacingOccurrences(of: "\"eps\": 1e-5", with: "\"eps\": null"))
        guard case .unsupported(let reason) = result.status else { return XCTFail("got \(result.status)") }
        XCTAssertTrue(reason.contains("'eps': null"), reason)
    }

    func testOptimizerStateBeforeAndAfter() {
        // SGD from a momentum buffer [1, 1]: b = 0.9·b + g = [1.4, −0.1], w = w − 0.1·b.
        let sgdFromState = sgd
            .replacingOccurrences(of: #""params": {"#, with: #""state_before": {"w": {"momentum_buffer": {"shape": [2], "data": [1.0, 1.0]}}}, "params": {"#)
            .replacingOccurrences(of: "[0.95, 2.1]}}", with: #"[0.86, 2.01]}}, "state_after": {"w": {"momentum_buffer": {"shape": [2], "data": [1.4, -0.1]}}}"#)
        let result = run(sgdFromState)
        XCTAssertEqual(result.status, .passed, result.status.reason ?? "")
        XCTAssertTrue(result.comparisons.map(\.name).contains("steps[0].state_after.w.momentum_buffer"))
        assertNotPassed(run(sgdFromState.replacingOccurrences(of: "[1.4, -0.1]", with: "[1.4, -0.2]")),
                        mentioning: ["state_after.w.momentum_buffer"])
        assertNotPassed(run(sgdFromState.replacingOccurrences(of: #"{"momentum_buffer": {"shape": [2], "data": [1.0, 1.0]}}"#,
                                                             with: #"{"exp_avg": {"shape": [2], "data": [1.0, 1.0]}}"#)),
                        mentioning: ["'exp_avg'", "momentum_buffer"])

        // Adam after 5 steps already taken (bias corrections use t = 6).
        let adam = VerifierHonestyFixtures.adamWithState
        let adamResult = run(adam)
        XCTAssertEqual(adamResult.status, .passed, adamResult.status.reason ?? "")
        XCTAssertEqual(adamResult.comparisons.count, 4)
        assertNotPassed(run(adam.replacingOccurrences(of: "\"step\": 6", with: "\"step\": 7")), mentioning: ["state_after.w.step"])
        // Without state_before, Adam starts fresh (t = 1) and the same expectations fail.
        assertNotPassed(run(adam.replacingOccurrences(of: #""state_before": {"w": {"step": 5, "exp_avg": {"shape": [2], "data": [0.1, -0.2]}, "exp_avg_sq": {"shape": [2], "data": [0.05, 0.02]}}},"#,
                                                      with: "")), mentioning: ["steps[0]"])
    }
}
