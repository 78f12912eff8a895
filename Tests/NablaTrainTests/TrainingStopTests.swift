import XCTest
import NablaCore
import NablaTrain
import Backprop

/// Issue 10, items 11, 13 and 14: training never goes on silently wrong, and stops cleanly.
final class TrainingStopTests: XCTestCase {
    /// Two linear layers around a ReLU on Gaussian blobs: a small model any loop can train.
    func trainer(learningRate: Double, batchSize: Int = 16) -> ClassifierTrainer {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>([Linear(inputFeatures: 20, outputFeatures: 8, generator: &generator), ReLU(),
                                       Linear(inputFeatures: 8, outputFeatures: 3, generator: &generator)])
        return ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: SGD<Float>(learningRate: learningRate),
                                 batchSize: batchSize, seed: 2)
    }

    override func tearDown() { Interruption.reset() }

    func testANonFiniteLossStopsAtOnceNamingEpochStepAndLayer() throws {
        var trainer = trainer(learningRate: 1e30)
        var progress = ProgressDisplay(total: 0, label: "", enabled: false)
        XCTAssertThrowsError(try trainer.trainEpoch(on: GaussianBlobs(count: 200, seed: 3, separation: 2), progress: &progress)) { error in
            guard let diverged = error as? TrainingDiverged else { return XCTFail("\(error)") }
            XCTAssertEqual(diverged.epoch, 1)
            XCTAssertEqual(diverged.stepsPerEpoch, 13)
            XCTAssertGreaterThan(diverged.step, 1, "the first step starts from finite weights")
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("training diverged at epoch 1, step \(diverged.step) of 13: "), message)
            XCTAssertTrue(message.contains("layer"), message)
            XCTAssertTrue(message.contains("Hint: the learning rate 1e+30 is probably too large"), message)
        }
        // Nothing non-finite was applied: the weights are still numbers.
        XCTAssertTrue(trainer.model.parameters.pairs.allSatisfy { $0.tensor.isFinite })
    }

    func testNonFiniteValuesAreAllowedWhenAskedFor() throws {
        var trainer = trainer(learningRate: 1e30)
        trainer.stopsOnNonFiniteValues = false
        var progress = ProgressDisplay(total: 0, label: "", enabled: false)
        let (loss, _) = try trainer.trainEpoch(on: GaussianBlobs(count: 200, seed: 3, separation: 2), progress: &progress)
        XCTAssertFalse(loss.isFinite)
    }

    /// Ctrl-C (here `Interruption.request()`) during the second epoch: the step finishes, the
    /// report holds the one finished epoch and says why it stopped, and the exit status is 130.
    func testAnInterruptionFinishesTheStepAndKeepsTheFinishedEpochs() throws {
        var trainer = trainer(learningRate: 0.1)
        let data = GaussianBlobs(count: 200, seed: 3, separation: 2)
        var report = TrainingReport(chapter: "test", config: [:], threads: 1, seed: 0)
        let splits = DataSplits(training: data, validation: GaussianBlobs(count: 0, seed: 4, separation: 2),
                                test: GaussianBlobs(count: 50, seed: 5, separation: 2))
        /// A constant rate that presses Ctrl-C as the second epoch begins.
        struct InterruptingSchedule: LearningRateSchedule {
            func learningRate(epoch: Int) -> Double {
                if epoch == 1 { Interruption.request() }
                return 0.1
            }
        }
        XCTAssertThrowsError(try trainEpochs(&trainer, on: splits, epochs: 3, schedule: InterruptingSchedule(),
                                             report: &report, printLines: false)) { error in
            guard let stopped = error as? TrainingStopped else { return XCTFail("\(error)") }
            XCTAssertEqual(stopped.exitCode, 130)
            XCTAssertEqual(stopped.report.epochs.count, 1)
            XCTAssertEqual(stopped.report.stopped, "interrupted (Ctrl-C) in epoch 2 after step 1 of 13")
            XCTAssertEqual(stopped.report.json["stopped"], .string("interrupted (Ctrl-C) in epoch 2 after step 1 of 13"))
        }
        XCTAssertEqual(trainer.epochsTrained, 1)
    }

    func testTheDebugBuildWarningSaysHowMuchSlowerAndWhatToRun() {
        XCTAssertEqual(debugBuildWarning("ch3-mlp"), "warning: ch3-mlp is a debug build, which trains about 340× slower "
                       + "than a release build; use instead: swift run -c release ch3-mlp")
    }

    func testTensorFinitenessCheck() {
        XCTAssertTrue(Tensor<Float>(shape: [37], element: { Float($0) }).isFinite)
        for position in [0, 15, 16, 36] {
            for bad in [Float.nan, .infinity, -.infinity] {
                var t = Tensor<Float>(zeros: [37])
                t.scalars[position] = bad
                XCTAssertFalse(t.isFinite, "\(bad) at \(position)")
            }
        }
        XCTAssertTrue(Tensor<Double>(zeros: [0]).isFinite)
        XCTAssertTrue(Tensor<Float>(shape: [2], scalars: [.greatestFiniteMagnitude, -.greatestFiniteMagnitude]).isFinite)
    }
}
