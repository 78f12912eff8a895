import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTrain
import Regularization
import Backprop

/// Chapter 5's claims on real MNIST. Needs MNIST_DIR and a release build (debug is ~50× slower).
final class MNISTRegularizationTests: XCTestCase {
    func realMNIST() throws -> (training: ImageDataset, test: ImageDataset) {
        try MNIST.forTests { XCTSkip($0) }
    }

    /// On 3,000 training images the plain perceptron memorises its training set; the regularised
    /// one generalises better and its train − test gap is smaller.
    func testOnASmallTrainingSetRegularisationNarrowsTheGapAndRaisesTestAccuracy() throws {
        let splits = reducedSplits(of: try realMNIST(), trainingCount: 3_000, validationCount: 2_000, seed: 0)
        var experiment = RegularizationExperiment()
        let full = try experiment.run(on: splits, threads: 2)
        experiment.recipe = .none
        let plain = try experiment.run(on: splits, threads: 2)
        print("ch5 ablation ends: full \(full.testAccuracy) (gap \(full.gap)), none \(plain.testAccuracy) (gap \(plain.gap))")
        XCTAssertGreaterThan(plain.trainAccuracy, 0.999, "without regularisation the training set is memorised")
        XCTAssertLessThan(full.gap, plain.gap / 2)
        XCTAssertGreaterThan(full.testAccuracy, plain.testAccuracy + 0.01)
        XCTAssertLessThanOrEqual(full.keptEpoch, full.epochsRun)
    }

    /// Early stopping ends the run once the validation accuracy has not improved for `patience`
    /// epochs, and the model it returns is the best epoch's: measured again, it scores exactly the
    /// reported validation accuracy, which is the best of the run.
    func testEarlyStoppingReturnsTheBestEpochsWeights() throws {
        let splits = reducedSplits(of: try realMNIST(), trainingCount: 1_000, validationCount: 1_000, seed: 1)
        var experiment = RegularizationExperiment()
        experiment.recipe = .none
        experiment.recipe.earlyStoppingPatience = 3
        experiment.maximumEpochs = 40
        experiment.learningRate = 0.1
        let result = try experiment.run(on: splits, threads: 2)
        XCTAssertLessThan(result.epochsRun, 40, "a memorising MLP stops improving on validation long before 40 epochs")
        XCTAssertEqual(result.epochsRun, result.keptEpoch + 3)
        var check = ClassifierTrainer(model: result.model, loss: CrossEntropyLoss<Float>(),
                                      optimizer: SGD<Float>(learningRate: 0), batchSize: 100, seed: 0)
        XCTAssertEqual(try check.accuracy(on: splits.validation), result.validationAccuracy)
    }

    /// The bar: the regularised perceptron trained on the full training set reaches 98.5%.
    func testTheRegularisedMLPOnTheFullTrainingSetReachesNinetyEightAndAHalfPercent() throws {
        let splits = reducedSplits(of: try realMNIST(), trainingCount: nil, validationCount: 5_000, seed: 0)
        let result = try RegularizationExperiment().forFullTrainingSet().run(on: splits, threads: 2)
        print("ch5 full training set: test accuracy \(result.testAccuracy) in \(result.seconds) s")
        XCTAssertGreaterThanOrEqual(result.testAccuracy, 0.985)
        XCTAssertEqual(result.epochsRun, 20)
    }
}
