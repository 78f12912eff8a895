import XCTest
import NablaCore
import NablaTrain
import Backprop
import Regularization

/// Issue 10, item 12: 129 images in batches of 64 left a last batch of one, and batch norm, which
/// cannot train on one example, stopped the ablation table mid-way. The loop now merges it.
final class RemainderBatchTests: XCTestCase {
    func testBatchNormNeverReceivesALastBatchOfOne() throws {
        for count in [33, 65, 97] {
            var generator = RandomGenerator(seed: 1)
            let model = Sequential<Float>([Linear(inputFeatures: 64, outputFeatures: 16, generator: &generator),
                                           BatchNorm1D(featureCount: 16), ReLU(),
                                           Linear(inputFeatures: 16, outputFeatures: 2, generator: &generator)])
            var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(),
                                            optimizer: SGD(learningRate: 0.1, momentum: 0.9), batchSize: 32, seed: 2)
            var progress = ProgressDisplay(total: 0, label: "", enabled: false)
            let (loss, _) = try trainer.trainEpoch(on: TinyImages(count: count, seed: 3), progress: &progress)
            XCTAssertTrue(loss.isFinite, "\(count) examples")
            // Batch norm counted one batch statistic per step: the remainder of one joined the last batch.
            let norm = trainer.model.layers[1] as! BatchNorm1D<Float>
            XCTAssertEqual(norm.normalization.batchesTracked, count / 32, "\(count) examples")
        }
    }
}
