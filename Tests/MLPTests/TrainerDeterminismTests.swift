import XCTest
import NablaCore
import NablaTrain
import Backprop
import MLP

final class TrainerDeterminismTests: XCTestCase {
    func train(threads: Int) throws -> (Parameters<Float>, Double) {
        ComputeThreads.count = threads
        var generator = RandomGenerator(seed: 3)
        let model: Sequential<Float> = multilayerPerceptron(inputs: 20, hidden: [300, 200], classes: 3, generator: &generator)
        var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(),
                                        optimizer: SGD<Float>(learningRate: 0.05, momentum: 0.9), batchSize: 256, seed: 4)
        var progress = ProgressDisplay(total: 1, label: "", enabled: false)
        let data = GaussianBlobs(count: 2_000, seed: 5, separation: 2)
        for _ in 0..<2 { _ = try trainer.trainEpoch(on: data, progress: &progress) }
        return (trainer.model.parameters, try trainer.accuracy(on: GaussianBlobs(count: 500, seed: 6, separation: 2)))
    }

    /// The batch of 256 × 300 hidden units is large enough for the products to run multithreaded.
    func testTrainingIsBitwiseIdenticalForOneTwoAndThreeThreads() throws {
        defer { ComputeThreads.count = 2 }
        let (one, accuracy) = try train(threads: 1)
        XCTAssertEqual(try train(threads: 2).0, one)
        XCTAssertEqual(try train(threads: 3).0, one)
        XCTAssertGreaterThan(accuracy, 0.9, "the blobs are easy: training must work")
    }
}
