import XCTest
import NablaCore
import Backprop
import Regularization

final class EarlyStoppingTests: XCTestCase {
    /// A one-layer model whose weight records the epoch it was saved at.
    func model(epoch: Int) -> Sequential<Float> {
        var generator = RandomGenerator(seed: 0)
        var linear = Linear<Float>(inputFeatures: 1, outputFeatures: 1, bias: false, generator: &generator)
        linear.parameters["weight"] = Tensor(shape: [1, 1], scalars: [Float(epoch)])
        return Sequential([linear])
    }

    func testStopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestWeights() {
        var stopping = EarlyStopping(patience: 3)
        let accuracies = [0.80, 0.85, 0.90, 0.89, 0.90, 0.88, 0.95]
        var stoppedAt: Int?
        for (index, accuracy) in accuracies.enumerated() {
            if stopping.shouldStop(afterEpoch: index + 1, validationAccuracy: accuracy, model: model(epoch: index + 1)) {
                stoppedAt = index + 1
                break
            }
        }
        XCTAssertEqual(stoppedAt, 6, "epochs 4, 5 and 6 did not beat epoch 3 (a tie is not an improvement)")
        XCTAssertEqual(stopping.bestEpoch, 3)
        XCTAssertEqual(stopping.bestAccuracy, 0.90)
        XCTAssertEqual(stopping.bestModel?.parameters["0.weight"].scalars, [3])
    }

    func testKeepsGoingWhileItImproves() {
        var stopping = EarlyStopping(patience: 1)
        for epoch in 1...5 {
            XCTAssertFalse(stopping.shouldStop(afterEpoch: epoch, validationAccuracy: Double(epoch) / 10, model: model(epoch: epoch)))
        }
        XCTAssertEqual(stopping.bestEpoch, 5)
    }
}
