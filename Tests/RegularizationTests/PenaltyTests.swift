import XCTest
import NablaCore
import NablaTrain
import Backprop
import Optimizers
import Regularization

final class PenaltyTests: XCTestCase {
    func testL2AndL1ValuesAndGradients() {
        let w = Tensor<Double>(shape: [2, 2], scalars: [1, -2, 0, 3])
        XCTAssertEqual(L2Penalty(strength: 0.5).value(of: w), 0.25 * 14, accuracy: 1e-15)
        XCTAssertEqual(L1Penalty(strength: 0.5).value(of: w), 0.5 * 6, accuracy: 1e-15)
        var g = Tensor<Double>(repeating: 1, shape: [2, 2])
        L2Penalty(strength: 0.5).addGradient(of: w, to: &g)
        XCTAssertEqual(g.scalars, [1.5, 0, 1, 2.5])
        var h = Tensor<Double>(repeating: 1, shape: [2, 2])
        L1Penalty(strength: 0.5).addGradient(of: w, to: &h)
        XCTAssertEqual(h.scalars, [1.5, 0.5, 1, 1.5], "sign(0) = 0")
    }

    /// Random gradients for `steps` updates of one tensor, from one seed.
    func trajectory(_ optimizer: some Optimizer<Float>, penalty: (any WeightPenalty)?, steps: Int = 50) -> Tensor<Float> {
        var optimizer = optimizer
        var generator = RandomGenerator(seed: 11)
        var w = Tensor<Float>.normal(shape: [8, 5], generator: &generator)
        for _ in 0..<steps {
            var gradient = Tensor<Float>.normal(shape: [8, 5], generator: &generator)
            penalty?.addGradient(of: w, to: &gradient)
            optimizer.update(&w, gradient: gradient, key: "w")
        }
        return w
    }

    /// For SGD (plain or with momentum) the L2 penalty and weight_decay are the same update, bit for bit.
    func testForSGDTheL2PenaltyIsWeightDecay() {
        for momentum in [0.0, 0.9] {
            let penalised = trajectory(SGD<Float>(learningRate: 0.05, momentum: momentum), penalty: L2Penalty(strength: 0.01))
            let decayed = trajectory(SGD<Float>(learningRate: 0.05, momentum: momentum, weightDecay: 0.01), penalty: nil)
            XCTAssertEqual(penalised, decayed, "momentum \(momentum)")
            XCTAssertNotEqual(penalised, trajectory(SGD<Float>(learningRate: 0.05, momentum: momentum), penalty: nil))
        }
    }

    /// Adam's weight_decay is the L2 penalty too; AdamW's decoupled decay is something else.
    func testAdamWeightDecayIsTheL2PenaltyButAdamWIsNot() {
        let penalised = trajectory(Adam<Float>(learningRate: 0.01), penalty: L2Penalty(strength: 0.1))
        XCTAssertEqual(penalised, trajectory(Adam<Float>(learningRate: 0.01, weightDecay: 0.1), penalty: nil))
        let decoupled = trajectory(AdamW<Float>(learningRate: 0.01, weightDecay: 0.1), penalty: nil)
        let difference = zip(penalised.scalars, decoupled.scalars).map { abs($0 - $1) }.max()!
        XCTAssertGreaterThan(difference, 1e-3)
    }

    /// With no gradient from the data, AdamW shrinks w by exactly (1 − ηλ) per step, whatever its
    /// size; Adam with the L2 penalty divides λw by its own √v and moves each weight by about η per
    /// step, however small λ is (for a constant gradient m̂/√v̂ = 1; λw shrinks a little each step,
    /// which keeps the ratio just under 1, within 2% here).
    func testWithoutDataGradientAdamWShrinksGeometricallyAndAdamL2StepsByTheRate() {
        let rate = 0.01, steps = 10
        for lambda in [0.1, 0.001] {
            var adamW = AdamW<Double>(learningRate: rate, weightDecay: lambda)
            var adam = Adam<Double>(learningRate: rate, weightDecay: lambda)
            var decoupled = Tensor<Double>(shape: [2], scalars: [1, 0.5]), coupled = decoupled
            for _ in 0..<steps {
                adamW.update(&decoupled, gradient: Tensor(zeros: [2]), key: "w")
                adam.update(&coupled, gradient: Tensor(zeros: [2]), key: "w")
            }
            let shrink = Double.pow(1 - rate * lambda, Double(steps))
            XCTAssertEqual(decoupled.scalars[0], 1 * shrink, accuracy: 1e-12)
            XCTAssertEqual(decoupled.scalars[1], 0.5 * shrink, accuracy: 1e-12)
            let travel = Double(steps) * rate
            XCTAssertEqual(1 - coupled.scalars[0], travel, accuracy: 0.02 * travel, "λ = \(lambda)")
            XCTAssertEqual(0.5 - coupled.scalars[1], travel, accuracy: 0.02 * travel, "λ = \(lambda)")
        }
    }

    /// The chapter's two-weight demonstration: SGD rows agree exactly, Adam reaches the penalty's
    /// optimum a/(a + λ), AdamW leaves the weakly constrained weight near 1.
    func testTheDemonstrationRows() {
        let demo = PenaltyVersusDecay()
        let rows = Dictionary(uniqueKeysWithValues: demo.sgdRows().map { ($0.name, $0.weights) })
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows["SGD on L + λ/2‖w‖² (L2 penalty)"], rows["SGD, weight_decay λ"])
        for (got, want) in zip(rows["SGD, weight_decay λ"]!, demo.penaltyOptimum) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        // The executable's Adam and AdamW rows (chapter 7's optimizers), at its rate 0.01:
        let penalised = demo.train(Adam<Double>(learningRate: 0.01), penalty: true)
        let decayed = demo.train(Adam<Double>(learningRate: 0.01, weightDecay: demo.strength), penalty: false)
        let decoupled = demo.train(AdamW<Double>(learningRate: 0.01, weightDecay: demo.strength), penalty: false)
        XCTAssertEqual(penalised.scalars, decayed.scalars)
        for (got, want) in zip(decayed.scalars, demo.penaltyOptimum) { XCTAssertEqual(got, want, accuracy: 1e-3) }
        XCTAssertGreaterThan(decoupled.scalars[1], 0.9)
    }

    func testOnlyMatricesAndKernelsArePenalisedAndCountedForSparsity() {
        XCTAssertTrue(isPenalised(Tensor<Float>(zeros: [3, 4])))
        XCTAssertTrue(isPenalised(Tensor<Float>(zeros: [2, 1, 3, 3])))
        XCTAssertFalse(isPenalised(Tensor<Float>(zeros: [4])))
        let parameters = Parameters<Float>(["0.weight": Tensor(shape: [2, 2], scalars: [0, 0.5, -0.0001, 2]),
                                            "0.bias": Tensor(zeros: [2])])
        XCTAssertEqual(fractionNearZero(parameters, threshold: 1e-3), 0.5)
    }
}
