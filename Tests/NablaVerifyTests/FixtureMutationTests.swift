import Foundation
import XCTest
import NablaCore
import NablaOps
import NablaVerify
import NablaTestSupport

/// Issue 10, "prove the kinds gone": seeded mutations of golden fixtures, run as `nabla verify`
/// runs them. Each must end in a verdict (an error naming the file and the problem, or a
/// comparison); none may crash or hang, and none may PASS while comparing nothing or comparing
/// against infinity.
final class FixtureMutationTests: XCTestCase {
    static let inputCount = 12_000

    /// Committed fixtures of every kind (the smaller ones, so the run stays short), and the
    /// optional keys of golden-v1.1.
    func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let files = try libraryFixtureFiles(in: goldenDataDirectory)
        var chosen: [(String, [UInt8])] = []
        var perKind: [String: Int] = [:]
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let kind = (try? Fixture(contentsOf: file))?.kind ?? "?"
            guard bytes.count < 6_000, perKind[kind, default: 0] < 6 else { continue }
            perKind[kind, default: 0] += 1
            chosen.append((URL(fileURLWithPath: file).lastPathComponent, bytes))
        }
        XCTAssertEqual(Set(perKind.keys), ["layer", "loss", "optimizer", "model"])
        chosen.append(("state.json", Array(VerifierHonestyFixtures.adamWithState.utf8)))
        chosen.append(("outputs.json", Array(VerifierHonestyFixtures.modelWithOutputs.utf8)))
        return chosen
    }

    func testFixtureMutations() throws {
        let seeds = try seeds()
        let runner = FixtureRunner(registry: standardRegistry(Double.self))
        for seed in seeds { XCTAssertEqual(runner.run(contents: seed.bytes, file: seed.name).status, .passed, seed.name) }
        var mutator = InputMutator(seed: 12)
        var campaign = MutationCampaign(parser: "fixture JSON")
        var passedWithInfinity = 0
        for i in 0..<Self.inputCount {
            let seed = seeds[i % seeds.count]
            let input = i % 3 == 0 ? mutator.mutate(seed.bytes) : mutator.mutateJSON(seed.bytes)
            let file = "mutant-\(i)-\(seed.name)"
            campaign.record {
                let result = runner.run(contents: input, file: file)
                if result.passed {
                    XCTAssertFalse(result.comparisons.isEmpty, "\(file) passed comparing nothing")
                    if containsInfiniteNumber(input) { passedWithInfinity += 1 }
                    return .success(())
                }
                let reason = result.status.reason ?? ""
                XCTAssertFalse(reason.isEmpty, "\(file): \(result.status.label) without a reason")
                if case .malformed = result.status { XCTAssertTrue(reason.contains(file), "\(file): \(reason)") }
                return .failure(MutationRejection(message: reason, name: file, label: result.status.label))
            }
        }
        print(campaign.summary)
        XCTAssertEqual(passedWithInfinity, 0, "fixtures holding a number beyond a Double passed")
        XCTAssertGreaterThanOrEqual(campaign.inputs, 10_000)
        XCTAssertLessThan(campaign.slowestSeconds, 2, "an input took \(campaign.slowestSeconds) s")
        XCTAssertLessThan(campaign.memoryGrowth, 512 << 20, "peak memory grew by \(campaign.memoryGrowth) bytes")
    }

    /// Whether the text holds a number token that reads as ±∞ (an independent scan, not the parser's).
    func containsInfiniteNumber(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        var token = ""
        for character in text + " " {
            if "+-0123456789.eE".contains(character) {
                token.append(character)
            } else {
                if let value = Double(token), value.isInfinite { return true }
                token = ""
            }
        }
        return false
    }
}

/// The hand-made fixtures of `VerifierHonestyTests` that use golden-v1.1's optional keys, as seeds.
enum VerifierHonestyFixtures {
    static let adamWithState = """
    {"format": "golden-v1", "kind": "optimizer", "op": "adam", "tolerance": {"rtol": 1e-9, "atol": 1e-12},
     "config": {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0},
     "params": {"w": {"shape": [2], "data": [1.0, -2.0]}},
     "state_before": {"w": {"step": 5, "exp_avg": {"shape": [2], "data": [0.1, -0.2]}, "exp_avg_sq": {"shape": [2], "data": [0.05, 0.02]}}},
     "steps": [{"grads": {"w": {"shape": [2], "data": [0.3, -0.7]}},
                "params_after": {"w": {"shape": [2], "data": [0.9991142908885824, -1.9971149748508696]}},
                "state_after": {"w": {"step": 6, "exp_avg": {"shape": [2], "data": [0.12, -0.25]},
                                      "exp_avg_sq": {"shape": [2], "data": [0.05004, 0.020470000000000002]}}}}]}
    """

    /// A linear layer 2 → 2 without bias, cross-entropy and SGD, on three examples: the start of the
    /// model fixtures, which add their steps.
    static let linearModelHead = """
    {"format": "golden-v1", "kind": "model", "op": "sequential", "tolerance": {"rtol": 1e-9, "atol": 1e-12},
     "config": {"layers": [{"op": "linear", "in_features": 2, "out_features": 2, "bias": false}],
                "loss": {"op": "cross_entropy"}, "optimizer": {"op": "sgd", "lr": 0.1}},
     "params": {"0.weight": {"shape": [2, 2], "data": [0.5, -1.0, 2.0, 0.25]}},
     "inputs": {"x": {"shape": [3, 2], "data": [1.0, 2.0, -1.0, 0.5, 0.3, 0.3]},
                "target": {"shape": [3], "data": [0, 1, 1]}},
    """

    static let modelWithOutputs = linearModelHead + """

     "steps": [{"loss": {"shape": [], "data": [1.868337057016479]},
                "outputs": {"y": {"shape": [3, 2], "data": [-1.5, 2.5, -1.0, -1.875, -0.15, 0.6749999999999999]}},
                "params_after": {"0.weight": {"shape": [2, 2], "data": [0.5532129272893063, -0.9493425311012806, 1.9467870727106937, 0.19934253110128064]}}}]}
    """
}
