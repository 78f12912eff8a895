import XCTest
import NablaCore
import Backprop
import Optimizers
import NablaTestSupport

final class RosenbrockRaceTests: XCTestCase {
    let start = SIMD2(-1.5, 2.0)

    func testRosenbrockValueAndGradient() {
        let surface = Rosenbrock()
        XCTAssertEqual(surface.value(at: vector([1, 1])), 0)
        XCTAssertEqual(surface.gradient(at: vector([1, 1])).scalars, [0, 0])
        XCTAssertEqual(surface.value(at: vector([-1.5, 2])), 2.5 * 2.5 + 100 * 0.25 * 0.25)
        // The gradient against central differences.
        for point in [[-1.5, 2.0], [0.3, -0.7], [1.2, 1.5]] {
            let gradient = surface.gradient(at: vector(point)).scalars
            for i in 0..<2 {
                var plus = point, minus = point
                plus[i] += 1e-6
                minus[i] -= 1e-6
                let numerical = (surface.value(at: vector(plus)) - surface.value(at: vector(minus))) / 2e-6
                XCTAssertEqual(gradient[i], numerical, accuracy: 1e-6 * max(1, abs(numerical)), "\(point)[\(i)]")
            }
        }
    }

    /// Every optimizer, at a modest learning rate, goes downhill from the standard start, in Double
    /// and in Float.
    func testEveryOptimizerLowersTheRosenbrockLoss() {
        func check<Scalar: Real>(_ name: String, _ optimizer: some Optimizer<Scalar>) {
            let result = race(optimizer, on: Rosenbrock(), from: start, steps: 500)
            XCTAssertFalse(result.diverged, name)
            XCTAssertLessThan(result.finalLoss, result.losses[0] / 2, "\(name) (\(Scalar.self))")
        }
        func checkAll<Scalar: Real>(_ type: Scalar.Type) {
            check("sgd", SGD<Scalar>(learningRate: 1e-4))
            check("momentum", SGD<Scalar>(learningRate: 1e-4, momentum: 0.9))
            check("adagrad", AdaGrad<Scalar>(learningRate: 0.1))
            check("rmsprop", RMSProp<Scalar>(learningRate: 1e-3))
            check("adam", Adam<Scalar>(learningRate: 0.01))
            check("adamw", AdamW<Scalar>(learningRate: 0.01))
        }
        checkAll(Double.self)
        checkAll(Float.self)
    }

    func testRaceResultMeasures() {
        let result = race(Adam<Double>(learningRate: 0.02), on: Rosenbrock(), from: start, steps: 3000)
        XCTAssertEqual(result.path.count, 3001)
        XCTAssertEqual(result.losses.count, 3001)
        XCTAssertEqual(result.path[0], start)
        XCTAssertEqual(result.finalLoss, Rosenbrock().value(at: vector([result.path.last!.x, result.path.last!.y])))
        XCTAssertLessThan(result.distanceToMinimum, 0.05)
        // A path is at least as long as the straight line from start to end.
        let straight = ((result.path.last! - start) * (result.path.last! - start)).sum().squareRoot()
        XCTAssertGreaterThanOrEqual(result.pathLength, straight)
        let reached = result.steps(toReach: 1e-3)
        XCTAssertNotNil(reached)
        if let reached { XCTAssertLessThan(result.losses[reached], 1e-3) }
        XCTAssertNil(result.steps(toReach: 0))
    }

    func testATooLargeStepDivergesAndStops() {
        let result = race(SGD<Double>(learningRate: 0.1), on: Rosenbrock(), from: start, steps: 1000)
        XCTAssertTrue(result.diverged)
        XCTAssertLessThan(result.path.count, 1001)
        XCTAssertTrue(result.losses.allSatisfy(\.isFinite))
    }

    /// The same optimizer from the same start gives the same path, bit for bit; and racing a value
    /// does not change it (each race starts from fresh state).
    func testOptimizersAreDeterministic() {
        let optimizers: [any Optimizer<Double>] = [AdaGrad(learningRate: 0.1), RMSProp(learningRate: 1e-3, centered: true),
                                                   Adam(learningRate: 0.01), AdamW(learningRate: 0.01)]
        for optimizer in optimizers {
            let first = race(optimizer, on: Rosenbrock(), from: start, steps: 300)
            let second = race(optimizer, on: Rosenbrock(), from: start, steps: 300)
            XCTAssertEqual(first.path, second.path, "\(type(of: optimizer))")
        }
    }
}
