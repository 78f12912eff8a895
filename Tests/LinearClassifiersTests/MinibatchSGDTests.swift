import LinearClassifiers
import NablaCore
import XCTest

final class MinibatchSGDTests: XCTestCase {
    func train(_ loss: ClassifierLoss, seed: UInt64, learningRate: Double = 0.5) throws -> (LinearClassifier<Double>, [EpochSummary]) {
        var random = RandomGenerator(seed: seed)
        let blobs = LabeledData<Double>.blobs(classes: 3, pointsPerClass: 50, generator: &random)
        var model = LinearClassifier<Double>(features: 2, classes: 3, generator: &random)
        let history = try trainWithMinibatchSGD(&model, on: blobs, loss: loss, regularization: 1e-3, learningRate: learningRate,
                                            epochs: 10, batchSize: 16, generator: &random)
        return (model, history)
    }

    func testTrainingIsDeterministicPerSeed() throws {
        let (a, historyA) = try train(.softmax, seed: 4), (b, _) = try train(.softmax, seed: 4), (c, _) = try train(.softmax, seed: 5)
        XCTAssertEqual(a.weights, b.weights)
        XCTAssertEqual(a.bias, b.bias)
        XCTAssertNotEqual(a.weights, c.weights)
        XCTAssertEqual(historyA.map(\.epoch), Array(1...10))
    }

    /// Both losses learn the blobs: the loss falls and nearly every point ends up right.
    func testBothLossesLearnBlobs() throws {
        for loss in ClassifierLoss.allCases {
            let (_, history) = try train(loss, seed: 0)
            XCTAssertLessThan(history.last!.loss, history.first!.loss / 2, "\(loss)")
            XCTAssertGreaterThan(history.last!.trainAccuracy, 0.9, "\(loss)")
        }
    }

    /// Issue 10, item 11: a learning rate far too large stops training with the epoch and step,
    /// instead of printing nan for every epoch.
    func testANonFiniteLossStopsTraining() {
        XCTAssertThrowsError(try train(.softmax, seed: 0, learningRate: 1e300)) { error in
            guard let diverged = error as? TrainingDiverged else { return XCTFail("\(error)") }
            XCTAssertEqual(diverged.epoch, 1)
            XCTAssertLessThanOrEqual(diverged.step, 10)
            XCTAssertTrue("\(error)".contains("learning rate 1e+300 is probably too large"), "\(error)")
        }
    }
}
