import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTrain
import Initialization

/// Chapter 6's claims on real MNIST, with the experiment's defaults: a deep ReLU network started
/// from zero learns nothing, started from Kaiming it learns; and the numbers do not depend on the
/// thread count. Needs MNIST_DIR and a release build (debug is ~50× slower).
final class MNISTInitializationTests: XCTestCase {
    func realMNIST() throws -> (training: ImageDataset, test: ImageDataset) {
        try MNIST.forTests { XCTSkip($0) }
    }

    /// A network whose hidden layers never change can only predict from the output bias, the same
    /// class for every image: no better than the most frequent class of the test set.
    func testZeroInitialisedReLUNetworkDoesNoBetterThanAConstantAndKaimingLearns() throws {
        let experiment = InitializationExperiment()
        let mnist = try realMNIST()
        let splits = experiment.training.splits(of: mnist)
        let mostFrequent = Double(mnist.test.labelCounts().max()!) / Double(mnist.test.count)

        let zero = try experiment.train(.relu, scheme: .zero, on: splits)
        XCTAssertLessThanOrEqual(zero.testAccuracy, mostFrequent)
        XCTAssertEqual(zero.fewestDistinctUnits, 1)

        let kaiming = try experiment.train(.relu, scheme: .kaimingNormal(), on: splits)
        print("ch6 ReLU network after \(experiment.steps) steps: zero \(zero.testAccuracy), Kaiming \(kaiming.testAccuracy)")
        XCTAssertGreaterThan(kaiming.testAccuracy, 0.9)
        XCTAssertEqual(kaiming.fewestDistinctUnits, experiment.width)
    }

    /// The probes split their products over threads; `trainAll` runs whole networks at once.
    func testOneAndTwoThreadsGiveIdenticalNumbers() throws {
        defer { ComputeThreads.count = 2 }
        var experiment = InitializationExperiment()
        experiment.steps = 20
        experiment.schemes = [.xavierUniform(), .kaimingNormal(), .zero]
        let splits = experiment.training.splits(of: try realMNIST())
        let batch = experiment.probeBatch(from: splits.training)
        var probes: [[LayerReading]] = [], outcomes: [[TrainingOutcome]] = []
        for threads in [1, 2] {
            ComputeThreads.count = threads
            probes.append(try experiment.probe(.relu, scheme: .kaimingUniform(), batch: batch))
            outcomes.append(try experiment.trainAll(on: splits, threads: threads).flatMap(\.outcomes))
        }
        XCTAssertEqual(probes[0], probes[1])
        XCTAssertEqual(outcomes[0], outcomes[1])
        XCTAssertEqual(outcomes[0].count, 6)
    }
}
