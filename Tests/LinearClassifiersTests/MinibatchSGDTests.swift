import LinearClassifiers
import NablaCore
import XCTest

final class MinibatchSGDTests: XCTestCase {
    func train(_ loss: ClassifierLoss, seed: UInt64) -> (LinearClassifier<Double>, [EpochSummary]) {
        var random = RandomGenerator(seed: seed)
        let blobs = LabeledData<Double>.blobs(classes: 3, pointsPerClass: 50, generator: &random)
        var model = LinearClassifier<Double>(features: 2, classes: 3, generator: &random)
        let history = trainWithMinibatchSGD(&model, on: blobs, loss: loss, regularization: 1e-3, learningRate: 0.5,
                                            epochs: 10, batchSize: 16, generator: &random)
        return (model, history)
    }

    func testTrainingIsDeterministicPerSeed() {
        let (a, historyA) = train(.softmax, seed: 4), (b, _) = train(.softmax, seed: 4), (c, _) = train(.softmax, seed: 5)
        XCTAssertEqual(a.weights, b.weights)
        XCTAssertEqual(a.bias, b.bias)
        XCTAssertNotEqual(a.weights, c.weights)
        XCTAssertEqual(historyA.map(\.epoch), Array(1...10))
    }

    /// Both losses learn the blobs: the loss falls and nearly every point ends up right.
    func testBothLossesLearnBlobs() {
        for loss in ClassifierLoss.allCases {
            let (_, history) = train(loss, seed: 0)
            XCTAssertLessThan(history.last!.loss, history.first!.loss / 2, "\(loss)")
            XCTAssertGreaterThan(history.last!.trainAccuracy, 0.9, "\(loss)")
        }
    }
}
