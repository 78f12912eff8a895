import XCTest
import NablaCore
import Optimizers
import NablaTestSupport

final class AdamTests: XCTestCase {
    /// Step 1 by hand: m = (1 − β₁) g and v = (1 − β₂) g², so m̂ = g and v̂ = g², and the step is
    /// η g / (|g| + ε) ≈ η sign(g), whatever the size of g.
    func testFirstStepIsTheLearningRateTimesTheSignOfTheGradient() {
        for gradient in [0.5, -3.0, 1e-3, -250.0] {
            var adam = Adam<Double>(learningRate: 0.1)
            var theta = vector([1.0])
            adam.update(&theta, gradient: vector([gradient]), key: "theta")
            let expected = 1 - 0.1 * gradient / (abs(gradient) + 1e-8)
            XCTAssertEqual(theta.scalars[0], expected, accuracy: 1e-15, "g = \(gradient)")
            XCTAssertEqual(theta.scalars[0], 1 - 0.1 * (gradient > 0 ? 1 : -1), accuracy: 1e-5, "g = \(gradient)")
        }
    }

    /// Step 2 by hand with g₁ = 0.5, g₂ = −0.2, β = (0.9, 0.999), η = 0.1.
    func testSecondStepByHand() {
        var adam = Adam<Double>(learningRate: 0.1)
        var theta = vector([1.0])
        adam.update(&theta, gradient: vector([0.5]), key: "theta")
        adam.update(&theta, gradient: vector([-0.2]), key: "theta")
        let m = 0.9 * (0.1 * 0.5) + 0.1 * -0.2                       // 0.025
        let v = 0.999 * (0.001 * 0.25) + 0.001 * 0.04                // 0.00028975
        let mHat = m / (1 - 0.81), vHat = v / (1 - 0.998001)
        let expected = (1 - 0.1 * 0.5 / (0.5 + 1e-8)) - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
        XCTAssertEqual(theta.scalars[0], expected, accuracy: 1e-14)
    }

    /// Moments are kept per key: two parameters do not share them.
    func testEachKeyHasItsOwnMoments() {
        var adam = Adam<Double>(learningRate: 0.1)
        var a = vector([1.0]), b = vector([1.0])
        adam.update(&a, gradient: vector([0.5]), key: "a")
        adam.update(&a, gradient: vector([0.5]), key: "a")
        adam.update(&b, gradient: vector([0.5]), key: "b")
        XCTAssertEqual(b.scalars[0], 1 - 0.1 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15, "b's first step")
    }

    /// AdamW shrinks θ by (1 − ηλ) and then takes Adam's step without decay; Adam with L2 puts
    /// λθ into the gradient, where √v̂ rescales it. The two agree only when λ = 0.
    func testAdamWDiffersFromAdamWithL2WhenWeightDecayIsPositive() {
        let start = [1.0, -2.0, 0.5]
        let gradients = [[0.3, 0.1, -2.0], [0.2, -0.4, 1.0], [-0.1, 0.3, 0.5]]
        let withL2 = trajectory(Adam(learningRate: 0.1, weightDecay: 0.1), from: start, gradients: gradients)
        let decoupled = trajectory(AdamW(learningRate: 0.1, weightDecay: 0.1), from: start, gradients: gradients)
        for (a, b) in zip(withL2.last!, decoupled.last!) { XCTAssertGreaterThan(abs(a - b), 1e-4) }

        // AdamW's first step written out: shrink, then Adam's η g / (|g| + ε).
        let shrunk = start.map { $0 * (1 - 0.1 * 0.1) }
        assertClose(decoupled[0], zip(shrunk, gradients[0]).map { $0 - 0.1 * $1 / (abs($1) + 1e-8) }, tolerance: 1e-15)

        let adam = trajectory(Adam(learningRate: 0.1, weightDecay: 0), from: start, gradients: gradients)
        let adamW = trajectory(AdamW(learningRate: 0.1, weightDecay: 0), from: start, gradients: gradients)
        XCTAssertEqual(adam, adamW, "with no weight decay AdamW is Adam, bit for bit")
    }

    func testAdamWDefaultsAreTorchs() {
        let adamW = AdamW<Double>()
        XCTAssertEqual(adamW.learningRate, 1e-3)
        XCTAssertEqual(adamW.weightDecay, 1e-2)
        XCTAssertEqual(Adam<Double>().weightDecay, 0)
    }

    /// Schedules reach the Adam inside AdamW.
    func testAdamWLearningRateCanBeChanged() {
        var adamW = AdamW<Double>(learningRate: 0.1, weightDecay: 0)
        adamW.learningRate = 0.01
        var theta = vector([1.0])
        adamW.update(&theta, gradient: vector([2.0]), key: "theta")
        XCTAssertEqual(theta.scalars[0], 0.99, accuracy: 1e-8)
    }
}
