import XCTest
import NablaTrain
import Optimizers
import MLP  // cosine annealing is chapter 3's
import NablaTestSupport

/// The schedules against the learning rates torch 2.13's schedulers set, epoch by epoch
/// (`opt = SGD([p], lr=0.1)`, then `scheduler.step()` after each epoch).
final class ScheduleTests: XCTestCase {
    func values(_ schedule: some LearningRateSchedule, epochs: Int) -> [Double] {
        (0..<epochs).map { schedule.learningRate(epoch: $0) }
    }

    func testStepDecayIsStepLR() {
        // StepLR(step_size=3, gamma=0.5)
        assertClose(values(StepDecay(initial: 0.1, stepSize: 3, gamma: 0.5), epochs: 10),
                    [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125])
        XCTAssertEqual(StepDecay(initial: 0.1, stepSize: 30).learningRate(epoch: 65), 0.001, accuracy: 1e-15)
    }

    func testCosineAnnealingIsCosineAnnealingLR() {
        // CosineAnnealingLR(T_max=8, eta_min=0.01): down in 8 epochs, back up in the next 8.
        assertClose(values(CosineAnnealing(initial: 0.1, period: 8, minimum: 0.01), epochs: 17),
                    [0.1, 0.0965745789630079, 0.08681980515339463, 0.07222075445642905, 0.055,
                     0.03777924554357096, 0.023180194846605363, 0.013425421036992097, 0.01,
                     0.013425421036992097, 0.02318019484660537, 0.03777924554357097, 0.055000000000000035,
                     0.0722207544564291, 0.08681980515339469, 0.09657457896300795, 0.10000000000000005])
        XCTAssertEqual(CosineAnnealing(initial: 0.2, period: 10).learningRate(epoch: 5), 0.1, accuracy: 1e-15)
        XCTAssertEqual(CosineAnnealing(initial: 0.2, period: 10).learningRate(epoch: 10), 0, accuracy: 1e-15)
    }

    func testLinearWarmupIsLinearLR() {
        // LinearLR(start_factor=1/4, end_factor=1, total_iters=3)
        assertClose(values(LinearWarmup(initial: 0.1, steps: 4), epochs: 6), [0.025, 0.05, 0.075, 0.1, 0.1, 0.1])
    }

    func testASchedulePassedToTheRaceSetsTheLearningRate() {
        // With a learning rate of 0 from the schedule, nothing moves.
        let result = race(Adam<Double>(learningRate: 0.1), on: Rosenbrock(), from: SIMD2(-1.5, 2), steps: 5,
                          schedule: StepDecay(initial: 0, stepSize: 1))
        XCTAssertEqual(result.path.last, SIMD2(-1.5, 2))
    }
}
