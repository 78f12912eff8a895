import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTrain
import CNN

final class CNNModelTests: XCTestCase {
    func testLeNetSummaryShapesAndParameterCount() throws {
        let model = try CNNExperiment(architecture: .lenet).makeModel()
        let summary = try modelSummary(model, layerNames: CNNArchitecture.lenet.layerDescriptions.map(\.op), inputShape: [1, 28, 28])
        // (1·5·5 + 1)·6 + (6·5·5 + 1)·16 + (400 + 1)·120 + (120 + 1)·84 + (84 + 1)·10
        XCTAssertTrue(summary.hasSuffix("total parameters: 61706"), summary)
        XCTAssertTrue(summary.contains("max_pool2d         [16, 5, 5]"), summary)
        XCTAssertTrue(summary.contains("flatten            [400]"), summary)
    }

    func testWideModelShapes() throws {
        var model = try CNNExperiment(architecture: .wide).makeModel()
        XCTAssertEqual(try model(Tensor(zeros: [2, 1, 28, 28])).shape, [2, 10])
        // (25 + 1)·32 + (800 + 1)·64 + (3136 + 1)·256 + (256 + 1)·10
        XCTAssertEqual(model.parameters.scalarCount, 857_738)
    }
}

/// Chapter 4's claims on real MNIST; they need MNIST_DIR and a release build.
final class CNNTrainingTests: XCTestCase {
    func realMNIST() throws -> (training: ImageDataset, test: ImageDataset) {
        try MNIST.forTests { XCTSkip($0) }
    }

    func testLeNetDefaultsReachNinetyNinePercent() throws {
        let experiment = CNNExperiment(architecture: .lenet)
        let report = try experiment.run(on: experiment.splits(of: try realMNIST()), threads: 2, printLines: false)
        let accuracy = try XCTUnwrap(report.testAccuracy)
        print("ch4 lenet defaults: test accuracy \(accuracy) in \(report.secondsTotal) s")
        XCTAssertGreaterThanOrEqual(accuracy, 0.99)
        XCTAssertLessThan(report.secondsTotal, 180)
    }

    func testOneAndTwoThreadsGiveIdenticalNumbers() throws {
        var experiment = CNNExperiment(architecture: .lenet)
        experiment.training.epochs = 1
        let mnist = try realMNIST()
        let small = (training: mnist.training.subset(Array(0..<8_000)), test: mnist.test.subset(Array(0..<2_000)))
        experiment.training.validationCount = 1_000
        let splits = experiment.splits(of: small)
        let one = try experiment.run(on: splits, threads: 1, printLines: false)
        let two = try experiment.run(on: splits, threads: 2, printLines: false)
        XCTAssertEqual(one.epochs.map(\.trainLoss), two.epochs.map(\.trainLoss))
        XCTAssertEqual(one.epochs.map(\.testAccuracy), two.epochs.map(\.testAccuracy))
    }
}
