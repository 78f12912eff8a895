import XCTest
import NablaCore
import NablaTrain
import Backprop

/// Issue 12: `--find-lr` and `--sanity`, on a small model and Gaussian blobs, where the right
/// answers are known.
final class DiagnosticsTests: XCTestCase {
    let data = GaussianBlobs(count: 2_000, seed: 3, separation: 1)

    func trainer(learningRate: Double = 0.1, hidden: Int = 32) -> ClassifierTrainer {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>([Linear(inputFeatures: 20, outputFeatures: hidden, generator: &generator), ReLU(),
                                       Linear(inputFeatures: hidden, outputFeatures: 3, generator: &generator)])
        return ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: SGD<Float>(learningRate: learningRate),
                                 batchSize: 32, seed: 2)
    }

    override func tearDown() { Interruption.reset() }

    // MARK: - Learning-rate range test

    func testTheRangeTestRaisesTheRateExponentiallyUntilTheLossExplodes() throws {
        let trainer = trainer()
        var test = LearningRateRangeTest()
        test.steps = 200
        let result = try test.run(trainer, on: data, showProgress: false)

        let rates = result.points.map(\.learningRate)
        XCTAssertEqual(rates.first, 1e-7)
        // r_t = r_start·(r_end/r_start)^(t/(T−1)): every step multiplies the rate by the same factor.
        let factor = Foundation.pow(10 / 1e-7, 1.0 / 199)
        for (a, b) in zip(rates, rates.dropFirst()) { XCTAssertEqual(b / a, factor, accuracy: 1e-9) }
        XCTAssertEqual(test.learningRate(step: 199), 10, accuracy: 1e-9)
        // Debiased, the first smoothed value is the first loss itself.
        XCTAssertEqual(result.points[0].smoothedLoss, result.points[0].loss, accuracy: 1e-9)

        // SGD without momentum on this model blows up long before a rate of 10.
        XCTAssertLessThan(result.points.count, 200, result.ending)
        XCTAssertTrue(result.ending.contains("diverged") || result.ending.contains("NaN") || result.ending.contains("infinite"),
                      result.ending)
        let suggested = try XCTUnwrap(result.suggestedRate)
        XCTAssertEqual(suggested, result.minimum!.learningRate / 10)
        XCTAssertLessThan(suggested, rates.last!)

        // The suggestion is a rate that trains: one epoch at it lowers the loss far more than one
        // at the start of the range.
        func lossAfterOneEpoch(at rate: Double) throws -> Double {
            var copy = trainer
            copy.optimizer.learningRate = rate
            var progress = ProgressDisplay(total: data.count, label: "", enabled: false)
            _ = try copy.trainEpoch(on: data, progress: &progress)
            var model = copy.model, context = ForwardContext.evaluation
            let (features, labels) = data.batch(Array(0..<data.count)[...])
            let scores = try model.forward(features, context: &context).output
            return Double(try copy.loss.lossAndGradient(scores, target: labels).loss)
        }
        let atSuggestion = try lossAfterOneEpoch(at: suggested), atStart = try lossAfterOneEpoch(at: 1e-7)
        XCTAssertLessThan(atSuggestion, 0.5 * atStart, "suggested \(suggested): \(atSuggestion) vs \(atStart)")
    }

    func testTheRangeTestLeavesTheTrainerAsItWas() throws {
        let trainer = trainer()
        var test = LearningRateRangeTest()
        test.steps = 50
        _ = try test.run(trainer, on: data, showProgress: false)
        XCTAssertEqual(trainer.model.parameters.pairs.map(\.tensor.scalars), self.trainer().model.parameters.pairs.map(\.tensor.scalars))
        XCTAssertEqual(trainer.optimizer.learningRate, 0.1)
    }

    func testCtrlCEndsTheRangeTestWithTheStepsTaken() throws {
        Interruption.request()
        let result = try LearningRateRangeTest().run(trainer(), on: data, showProgress: false)
        XCTAssertEqual(result.points.count, 1)
        XCTAssertTrue(result.ending.hasPrefix("interrupted"), result.ending)
    }

    // MARK: - Sanity checks

    func testASoundModelPassesBothChecks() throws {
        let checks = try SanityChecks().run(trainer(), on: data, showProgress: false)
        XCTAssertEqual(checks.map(\.passed), [true, true], checks.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(checks[0].detail.contains("ln 3 = 1.0986"), checks[0].detail)
        XCTAssertTrue(checks[1].detail.hasPrefix("100.00% of 160 training examples"), checks[1].detail)
    }

    func testScoresTooLargeAtInitialisationFailTheInitialLoss() throws {
        var trainer = trainer()
        // The last layer 30 times too large: confident, random scores, far above ln 3.
        for position in 0..<trainer.model.layers[2].parameters.count { trainer.model.layers[2].parameters[position: position] *= 30 }
        let checks = try SanityChecks().run(trainer, on: data, showProgress: false)
        XCTAssertFalse(checks[0].passed, checks[0].description)
        XCTAssertTrue(checks[0].description.hasPrefix("FAIL  initial loss"), checks[0].description)
    }

    func testAModelThatCannotLearnFailsTheOverfittingCheck() throws {
        var checks = SanityChecks()
        checks.overfitSteps = 100
        let results = try checks.run(trainer(learningRate: 0), on: data, showProgress: false)
        XCTAssertTrue(results[0].passed)
        XCTAssertFalse(results[1].passed, results[1].description)
        XCTAssertTrue(results[1].detail.contains("after 100 steps"), results[1].detail)
        XCTAssertTrue(results[1].detail.contains("nabla gradcheck"), results[1].detail)
    }
}
