import XCTest
import NablaCore
import NablaTrain
import Backprop
import MLP

/// Two seeded Gaussian blobs per class in 20 dimensions: a data set made in the test.
struct SyntheticBlobs: ClassificationData {
    let points: [Float]
    let labels: [Float]
    let exampleShape = [20]
    let classCount = 3

    init(count: Int, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        var points: [Float] = [], labels: [Float] = []
        for _ in 0..<count {
            let label = generator.int(below: 3)
            for d in 0..<20 { points.append(Float(generator.normal()) + (d % 3 == label ? 2 : 0)) }
            labels.append(Float(label))
        }
        self.points = points
        self.labels = labels
    }

    var count: Int { labels.count }

    func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>) {
        for (row, index) in indices.enumerated() {
            for d in 0..<20 { features[row * 20 + d] = points[index * 20 + d] }
            labels[row] = self.labels[index]
        }
    }
}

final class TrainerDeterminismTests: XCTestCase {
    func train(threads: Int) throws -> (Parameters<Float>, Double) {
        ComputeThreads.count = threads
        var generator = RandomGenerator(seed: 3)
        let model: Sequential<Float> = multilayerPerceptron(inputs: 20, hidden: [300, 200], classes: 3, generator: &generator)
        var trainer = ClassifierTrainer(model: model, loss: CrossEntropyLoss<Float>(),
                                        optimizer: SGD<Float>(learningRate: 0.05, momentum: 0.9), batchSize: 256, seed: 4)
        var progress = ProgressDisplay(total: 1, label: "", enabled: false)
        let data = SyntheticBlobs(count: 2_000, seed: 5)
        for _ in 0..<2 { _ = try trainer.trainEpoch(on: data, progress: &progress) }
        return (trainer.model.parameters, try trainer.accuracy(on: SyntheticBlobs(count: 500, seed: 6)))
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
