import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTrain
import Backprop
import CNN

final class CNNModelTests: XCTestCase {
    func testLeNetSummaryShapesAndParameterCount() throws {
        let model = try CNNExperiment(architecture: .lenet).makeModel()
        let summary = try modelSummary(model, inputShape: [1, 28, 28])
        // (1·5·5 + 1)·6 + (6·5·5 + 1)·16 + (400 + 1)·120 + (120 + 1)·84 + (84 + 1)·10
        XCTAssertTrue(summary.contains("total: 61,706 parameters, 416,520 multiply-adds per example"), summary)
        // 6·28·28 outputs of 1·5·5 products; 16·10·10 of 6·5·5
        XCTAssertTrue(summary.contains("Conv2D             [6, 28, 28]                156     117,600"), summary)
        XCTAssertTrue(summary.contains("Conv2D             [16, 10, 10]             2,416     240,000"), summary)
        XCTAssertTrue(summary.contains("MaxPool2D          [16, 5, 5]                   0           0"), summary)
        XCTAssertTrue(summary.contains("Linear             [120]                   48,120      48,000"), summary)
    }

    /// The Swift LeNet is the model a golden-v1 description of it builds through the registry:
    /// same layers, same random draws in the same order, so the same bits.
    func testLeNetIsTheRegistryModelOfItsDescription() throws {
        func conv(_ input: Int, _ output: Int, padding: Int) -> (String, [String: JSON]) {
            ("conv2d", ["in_channels": .number(Double(input)), "out_channels": .number(Double(output)),
                        "kernel_size": .number(5), "padding": .number(Double(padding))])
        }
        func linear(_ input: Int, _ output: Int) -> (String, [String: JSON]) {
            ("linear", ["in_features": .number(Double(input)), "out_features": .number(Double(output))])
        }
        let relu = ("relu", [String: JSON]()), pool = ("max_pool2d", ["kernel_size": JSON.number(2), "stride": .number(2)])
        let description = [conv(1, 6, padding: 2), relu, pool, conv(6, 16, padding: 0), relu, pool, ("flatten", [:]),
                           linear(400, 120), relu, linear(120, 84), relu, linear(84, 10)]
        var registry = Registry<Float>()
        registerBackpropOps(into: &registry)
        registerCNNOps(into: &registry)
        var generator = RandomGenerator(seed: 7), described = RandomGenerator(seed: 7)
        let swift: Sequential<Float> = try leNet5(generator: &generator)
        let built = Sequential(try description.map { try registry.makeLayer($0.0, config: $0.1, generator: &described) })
        XCTAssertEqual(swift.layers.map(\.typeName), built.layers.map(\.typeName))
        XCTAssertEqual(swift.parameters.names, built.parameters.names)
        for (name, tensor) in swift.parameters.pairs {
            XCTAssertEqual(tensor.scalars, built.parameters[name].scalars, name)
        }
        XCTAssertEqual(generator.next(), described.next(), "both drew the same number of values")
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
