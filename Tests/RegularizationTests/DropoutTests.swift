import XCTest
import NablaCore
import NablaVerify
import Regularization

final class DropoutTests: XCTestCase {
    func testEvaluationIsTheIdentityAndPassesGradientsThrough() throws {
        var generator = RandomGenerator(seed: 1)
        let x = Tensor<Double>.normal(shape: [3, 5], generator: &generator)
        let dropout = Dropout<Double>(probability: 0.5)
        var context = ForwardContext.evaluation
        let (y, cache) = try dropout.forward(x, context: &context)
        XCTAssertEqual(y, x)
        let dy = Tensor<Double>.normal(shape: [3, 5], generator: &generator)
        XCTAssertEqual(dropout.backward(dy, cache: cache).inputGradient, dy)
    }

    /// Inverted dropout: each element is 0 or x/(1 − p), a fraction ≈ 1 − p survive, and the mean
    /// of y equals the mean of x in expectation (here within 4 standard errors).
    func testTrainingKeepsAboutOneMinusPAndPreservesTheExpectation() throws {
        for p in [0.2, 0.5, 0.8] {
            let count = 200_000
            let x = Tensor<Double>(repeating: 3, shape: [count])
            var context = ForwardContext.training(seed: 7)
            let (y, _) = try Dropout<Double>(probability: p).forward(x, context: &context)
            let kept = y.scalars.filter { $0 != 0 }
            XCTAssertTrue(kept.allSatisfy { abs($0 - 3 / (1 - p)) < 1e-12 }, "p = \(p): survivors must be x/(1 − p)")
            let keptFraction = Double(kept.count) / Double(count)
            let fractionError = (p * (1 - p) / Double(count)).squareRoot()
            XCTAssertEqual(keptFraction, 1 - p, accuracy: 4 * fractionError, "p = \(p)")
            // E[y] = x: the sample mean of y has standard error 3·√(p/(1 − p)/count).
            let meanError = 3 * (p / (1 - p) / Double(count)).squareRoot()
            XCTAssertEqual(y.mean(), 3, accuracy: 4 * meanError, "p = \(p)")
        }
    }

    func testBackwardUsesTheForwardMaskAndMasksDifferBetweenDraws() throws {
        var generator = RandomGenerator(seed: 2)
        let x = Tensor<Double>.normal(shape: [4, 8], generator: &generator)
        let dropout = Dropout<Double>(probability: 0.5)
        var context = ForwardContext.training(seed: 3)
        let (y, cache) = try dropout.forward(x, context: &context)
        let (second, _) = try dropout.forward(x, context: &context)
        XCTAssertNotEqual(y, second, "the generator moves on: the next batch gets a new mask")
        let dx = dropout.backward(Tensor(repeating: 1, shape: [4, 8]), cache: cache).inputGradient
        for i in 0..<x.count {
            XCTAssertEqual(dx.scalars[i], y.scalars[i] == 0 ? 0 : 2)
        }
    }

    func testAGivenMaskIsUsedAndItsShapeChecked() throws {
        let x = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
        var context = ForwardContext(isTraining: true, fixedMasks: ["mask": Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])])
        let (y, _) = try Dropout<Double>(probability: 0.75).forward(x, context: &context)
        XCTAssertEqual(y.scalars, [4, 0, 0, 16])
        var wrong = ForwardContext(isTraining: true, fixedMasks: ["mask": Tensor(zeros: [4])])
        XCTAssertThrowsError(try Dropout<Double>(probability: 0.5).forward(x, context: &wrong)) { error in
            XCTAssertEqual("\(error)", "dropout: mask [4] does not match input [2, 2]")
        }
    }

    func testTheGradientCheckPassesWithTheMaskFixed() throws {
        var generator = RandomGenerator(seed: 4)
        let report = try checkLayerGradients(Dropout<Double>(probability: 0.3),
                                             input: .normal(shape: [6, 7], generator: &generator), op: "dropout")
        XCTAssertTrue(report.passed, "max rel error \(report.maxRelativeError)")
    }

    func testProbabilityOutsideTheRangeIsAConfigError() {
        var generator = RandomGenerator(seed: 0)
        XCTAssertThrowsError(try Dropout<Double>(config: Config(op: "dropout", ["p": .number(1)]), generator: &generator)) { error in
            XCTAssertTrue("\(error)".contains("p must be in [0, 1)"), "\(error)")
        }
    }
}
