import Foundation
import LinearClassifiers
import NablaCore
import XCTest
import NablaTestSupport

/// The naive and vectorised losses must agree, and their gradients must match finite differences.
final class ClassifierLossTests: XCTestCase {
    typealias LossFunction = (LinearClassifier<Double>, Tensor<Double>, [Int], Double) -> LossAndGradients<Double>

    let softmaxNaive: LossFunction = { softmaxLossNaive($0, inputs: $1, labels: $2, regularization: $3) }
    let softmaxVectorized: LossFunction = { softmaxLossVectorized($0, inputs: $1, labels: $2, regularization: $3) }
    let svmNaive: LossFunction = { svmLossNaive($0, inputs: $1, labels: $2, regularization: $3) }
    let svmVectorized: LossFunction = { svmLossVectorized($0, inputs: $1, labels: $2, regularization: $3) }

    /// A random problem: N examples with D features, C classes, weights of the given scale.
    func randomProblem(seed: UInt64, weightScale: Double = 1)
        -> (model: LinearClassifier<Double>, inputs: Tensor<Double>, labels: [Int]) {
        var random = RandomGenerator(seed: seed)
        let count = 1 + random.int(below: 12), features = 1 + random.int(below: 7), classes = 2 + random.int(below: 5)
        let model = LinearClassifier(weights: .normal(shape: [features, classes], standardDeviation: weightScale, generator: &random),
                                     bias: .normal(shape: [classes], generator: &random))
        let inputs = Tensor<Double>.normal(shape: [count, features], generator: &random)
        return (model, inputs, (0..<count).map { _ in random.int(below: classes) })
    }

    /// Fails once, naming the worst element, unless a and b agree to `tolerance` (relative above 1).
    func assertClose(_ a: Tensor<Double>, _ b: Tensor<Double>, tolerance: Double, _ message: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, message, file: file, line: line)
        let deviations = zip(a.scalars, b.scalars).map { abs($0 - $1) / max(1, abs($0)) }
        if let worst = deviations.indices.max(by: { deviations[$0] < deviations[$1] }) {
            XCTAssertLessThanOrEqual(deviations[worst], tolerance,
                                     "\(message): element \(worst) is \(a.scalars[worst]) against \(b.scalars[worst])",
                                     file: file, line: line)
        }
    }

    func assertNaiveEqualsVectorized(_ naive: LossFunction, _ vectorized: LossFunction, _ name: String) {
        for seed in UInt64(0)..<20 {
            let (model, inputs, labels) = randomProblem(seed: seed)
            for regularization in [0, 0.1, 2.5] {
                let a = naive(model, inputs, labels, regularization), b = vectorized(model, inputs, labels, regularization)
                let context = "\(name), seed \(seed), λ = \(regularization), X \(inputs.shape), W \(model.weights.shape)"
                XCTAssertEqual(a.loss, b.loss, accuracy: 1e-12 * max(1, abs(a.loss)), context)
                assertClose(a.weightGradient, b.weightGradient, tolerance: 1e-12, context + ", dW")
                assertClose(a.biasGradient, b.biasGradient, tolerance: 1e-12, context + ", db")
            }
        }
    }

    func testSoftmaxNaiveEqualsVectorized() { assertNaiveEqualsVectorized(softmaxNaive, softmaxVectorized, "softmax") }
    func testSVMNaiveEqualsVectorized() { assertNaiveEqualsVectorized(svmNaive, svmVectorized, "svm") }

    /// Relative error |numeric − analytic| / max(|numeric|, |analytic|, tiny), as in CS231n's gradient checks.
    /// One case needs care: where the loss is locally flat in a parameter (the bias of a class in no
    /// active hinge term, or whose +1 and −1 terms cancel) the true gradient is 0, and both sides
    /// give rounding noise: the analytic one ~1e-17 from +1/N − 1/N, the numeric one ~1e-16 / h.
    /// A relative error between two noises means nothing, so there both must be below 1e-8
    /// instead (a real gradient here is 1e-3 or more).
    func relativeError(numeric: Double, analytic: Double) -> Double {
        if max(abs(numeric), abs(analytic)) < 1e-8 { return 0 }
        return abs(numeric - analytic) / max(abs(numeric), abs(analytic), 1e-300)
    }

    /// The largest relative error between the analytic gradient and central differences
    /// (L(θ + h) − L(θ − h)) / 2h over every weight and bias.
    func largestGradientError(_ lossFunction: LossFunction, model: LinearClassifier<Double>, inputs: Tensor<Double>,
                              labels: [Int], regularization: Double) -> Double {
        let h = 1e-5
        let analytic = lossFunction(model, inputs, labels, regularization)
        func loss(_ model: LinearClassifier<Double>) -> Double { lossFunction(model, inputs, labels, regularization).loss }
        var worst = 0.0
        for i in 0..<model.weights.count {
            var plus = model, minus = model
            plus.weights.scalars[i] += h
            minus.weights.scalars[i] -= h
            worst = max(worst, relativeError(numeric: (loss(plus) - loss(minus)) / (2 * h), analytic: analytic.weightGradient.scalars[i]))
        }
        for j in 0..<model.bias.count {
            var plus = model, minus = model
            plus.bias.scalars[j] += h
            minus.bias.scalars[j] -= h
            worst = max(worst, relativeError(numeric: (loss(plus) - loss(minus)) / (2 * h), analytic: analytic.biasGradient.scalars[j]))
        }
        return worst
    }

    func testSoftmaxGradientMatchesFiniteDifferences() {
        for seed in UInt64(0)..<10 {
            let (model, inputs, labels) = randomProblem(seed: seed)
            for regularization in [0, 0.3] {
                for lossFunction in [softmaxNaive, softmaxVectorized] {
                    let error = largestGradientError(lossFunction, model: model, inputs: inputs, labels: labels,
                                                     regularization: regularization)
                    XCTAssertLessThan(error, 1e-6, "softmax, seed \(seed), λ = \(regularization)")
                }
            }
        }
    }

    /// The hinge has a kink where a shortfall s_j − s_y + Δ is 0. A finite difference that straddles
    /// it measures neither side's slope, so each problem is first checked to be at least 1e-3 from
    /// every kink (far more than h = 1e-5 can move a score).
    func testSVMGradientMatchesFiniteDifferences() {
        var checked = 0
        for seed in UInt64(100)..<120 {
            let (model, inputs, labels) = randomProblem(seed: seed)
            let scores = model.scores(inputs), classes = model.classes
            var closestToKink = Double.infinity
            for (n, label) in labels.enumerated() {
                for j in 0..<classes where j != label {
                    let shortfall = scores.scalars[n * classes + j] - scores.scalars[n * classes + label] + svmMargin
                    closestToKink = min(closestToKink, abs(shortfall))
                }
            }
            XCTAssertGreaterThan(closestToKink, 1e-3, "seed \(seed) lies on a hinge kink: choose another seed")
            for lossFunction in [svmNaive, svmVectorized] {
                let error = largestGradientError(lossFunction, model: model, inputs: inputs, labels: labels, regularization: 0.3)
                XCTAssertLessThan(error, 1e-6, "svm, seed \(seed)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 20)
    }

    /// With random weights of scale 1, some hinge terms are active and some are not, so the
    /// check above covers both branches.
    func testSVMProblemsHaveActiveAndInactiveTerms() {
        var active = 0, inactive = 0
        for seed in UInt64(100)..<120 {
            let (model, inputs, labels) = randomProblem(seed: seed)
            let scores = model.scores(inputs), classes = model.classes
            for (n, label) in labels.enumerated() {
                for j in 0..<classes where j != label {
                    if scores.scalars[n * classes + j] - scores.scalars[n * classes + label] + svmMargin > 0 { active += 1 } else { inactive += 1 }
                }
            }
        }
        XCTAssertGreaterThan(active, 20)
        XCTAssertGreaterThan(inactive, 20)
    }

    /// Huge scores must not overflow: the softmax subtracts each row's maximum first.
    func testSoftmaxIsStableForLargeScores() {
        let model = LinearClassifier<Double>(weights: Tensor(shape: [1, 3], scalars: [1000, 0, -1000]), bias: Tensor(zeros: [3]))
        let inputs = Tensor<Double>(shape: [2, 1], scalars: [1, 1])
        for lossFunction in [softmaxNaive, softmaxVectorized] {
            let result = lossFunction(model, inputs, [0, 2], 0)
            // Example 0 is right with p ≈ 1 (loss ≈ 0); example 1 has −log p_2 = 2000.
            XCTAssertEqual(result.loss, 1000, accuracy: 1e-9)
            XCTAssertTrue(result.weightGradient.scalars.allSatisfy(\.isFinite))
        }
    }

    /// Known values: with all scores equal, the softmax loss is log C and the SVM loss is (C − 1)·Δ.
    func testLossesAtZeroWeights() {
        let model = LinearClassifier<Double>(weights: Tensor(zeros: [3, 4]), bias: Tensor(zeros: [4]))
        var random = RandomGenerator(seed: 7)
        let inputs = Tensor<Double>.normal(shape: [5, 3], generator: &random)
        let labels = [0, 1, 2, 3, 0]
        XCTAssertEqual(softmaxLossVectorized(model, inputs: inputs, labels: labels, regularization: 1).loss, log(4.0), accuracy: 1e-12)
        XCTAssertEqual(svmLossVectorized(model, inputs: inputs, labels: labels, regularization: 1).loss, 3, accuracy: 1e-12)
    }

    /// The L2 term alone: λ Σ W² and 2λ W.
    func testL2Penalty() {
        let weights = Tensor<Double>(shape: [2, 2], scalars: [1, -2, 3, 0.5])
        let (loss, gradient) = l2Penalty(weights, strength: 0.1)
        XCTAssertEqual(loss, 0.1 * (1 + 4 + 9 + 0.25), accuracy: 1e-15)
        for (got, expected) in zip(gradient.scalars, [0.2, -0.4, 0.6, 0.1]) { XCTAssertEqual(got, expected, accuracy: 1e-15) }
    }
}
