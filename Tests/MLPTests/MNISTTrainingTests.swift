import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTrain
import MLP

/// Chapter 3's claims on real MNIST: the defaults reach 98% test accuracy, and the numbers do not
/// depend on the thread count. Needs MNIST_DIR and a release build (debug is ~50× slower).
final class MNISTTrainingTests: XCTestCase {
    func realMNIST() throws -> (training: ImageDataset, test: ImageDataset) {
        try MNIST.forTests { XCTSkip($0) }
    }

    func testDefaultExperimentReachesNinetyEightPercent() throws {
        let experiment = MLPExperiment()
        let report = try experiment.run(on: experiment.splits(of: try realMNIST()), threads: 2, printLines: false)
        let accuracy = try XCTUnwrap(report.testAccuracy)
        print("ch3 defaults: test accuracy \(accuracy) in \(report.secondsTotal) s")
        XCTAssertGreaterThanOrEqual(accuracy, 0.98)
        XCTAssertLessThan(report.secondsTotal, 120)
        XCTAssertEqual(report.epochs.count, experiment.training.epochs)
    }

    func testOneAndTwoThreadsGiveIdenticalNumbers() throws {
        var experiment = MLPExperiment()
        experiment.training.epochs = 1
        experiment.hidden = [64]
        let mnist = try realMNIST()
        // A quarter of the training set keeps the test short; the arithmetic is the same.
        let small = (training: mnist.training.subset(Array(0..<15_000)), test: mnist.test)
        let splits = experiment.splits(of: small)
        let one = try experiment.run(on: splits, threads: 1, printLines: false)
        let two = try experiment.run(on: splits, threads: 2, printLines: false)
        XCTAssertEqual(one.epochs.map(\.trainLoss), two.epochs.map(\.trainLoss))
        XCTAssertEqual(one.epochs.map(\.testAccuracy), two.epochs.map(\.testAccuracy))
        XCTAssertEqual(one.epochs.map(\.validationAccuracy), two.epochs.map(\.validationAccuracy))
    }
}
