import XCTest
import NablaCore
import NablaVerify
import Regularization

final class BatchNormTests: XCTestCase {
    /// Training mode: every channel of y has mean β and standard deviation ≈ γ (ε aside).
    func testTrainingNormalisesEachChannelWithTheBatchStatistics() throws {
        var generator = RandomGenerator(seed: 1)
        let x = Tensor<Double>.normal(shape: [4, 3, 5, 6], mean: 2, standardDeviation: 3, generator: &generator)
        var norm = BatchNorm2D<Double>(featureCount: 3, epsilon: 0)
        norm.parameters["weight"] = Tensor(shape: [3], scalars: [1, 2, 0.5])
        norm.parameters["bias"] = Tensor(shape: [3], scalars: [0, -1, 4])
        var context = ForwardContext.training()
        let (y, _) = try norm.forward(x, context: &context)
        let (mean, variance) = channelStatistics(y)
        for (c, (gamma, beta)) in [(1.0, 0.0), (2, -1), (0.5, 4)].enumerated() {
            XCTAssertEqual(mean[c], beta, accuracy: 1e-12)
            XCTAssertEqual(variance[c].squareRoot(), gamma, accuracy: 1e-12)
        }
    }

    /// PyTorch's update: running_mean moves by momentum towards μ, running_var towards the
    /// unbiased variance σ²·m/(m − 1).
    func testRunningStatisticsUseMomentumAndTheUnbiasedVariance() throws {
        let x = Tensor<Double>(shape: [4, 2], scalars: [1, 10, 2, 20, 3, 30, 6, 40])
        var norm = BatchNorm1D<Double>(featureCount: 2, momentum: 0.25)
        var context = ForwardContext.training()
        _ = try norm.forward(x, context: &context)
        // channel 0: μ = 3, biased σ² = 3.5, unbiased 14/3; channel 1: μ = 25, biased 125, unbiased 500/3
        XCTAssertEqual(norm.buffers["running_mean"].scalars[0], 0.75 * 0 + 0.25 * 3, accuracy: 1e-12)
        XCTAssertEqual(norm.buffers["running_mean"].scalars[1], 0.25 * 25, accuracy: 1e-12)
        XCTAssertEqual(norm.buffers["running_var"].scalars[0], 0.75 * 1 + 0.25 * 14 / 3, accuracy: 1e-12)
        XCTAssertEqual(norm.buffers["running_var"].scalars[1], 0.75 * 1 + 0.25 * 500 / 3, accuracy: 1e-12)
    }

    /// Issue 10, item 5: momentum nil (PyTorch's `momentum=None`) makes the running statistics the
    /// plain average of every training batch's, whatever they held before.
    func testWithoutMomentumTheRunningStatisticsAreTheAverageOfTheBatches() throws {
        var norm = BatchNorm1D<Double>(normalization: BatchNormalization(featureCount: 1, momentum: nil))
        norm.buffers["running_mean"] = Tensor(shape: [1], scalars: [100])
        var context = ForwardContext.training()
        // Batch means 2, 5, 11; unbiased variances 2, 8, 18 (pairs a ± d have variance 2d²).
        for batch in [[1.0, 3], [3, 7], [8, 14]] {
            _ = try norm.forward(Tensor(shape: [2, 1], scalars: batch), context: &context)
        }
        XCTAssertEqual(norm.buffers["running_mean"].scalars[0], (2 + 5 + 11) / 3, accuracy: 1e-12)
        XCTAssertEqual(norm.buffers["running_var"].scalars[0], (2 + 8 + 18) / 3, accuracy: 1e-12)
        XCTAssertEqual(norm.normalization.batchesTracked, 3)
    }

    /// Evaluation mode normalises with the running statistics and leaves them unchanged.
    func testEvaluationUsesTheRunningStatistics() throws {
        var norm = BatchNorm1D<Double>(featureCount: 2)
        norm.buffers["running_mean"] = Tensor(shape: [2], scalars: [1, -2])
        norm.buffers["running_var"] = Tensor(shape: [2], scalars: [4, 0.25])
        let before = norm.buffers
        var context = ForwardContext.evaluation
        let (y, _) = try norm.forward(Tensor(shape: [1, 2], scalars: [3, -1]), context: &context)
        let eps = 1e-5
        XCTAssertEqual(y.scalars[0], (3 - 1) / (4 + eps).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(y.scalars[1], (-1 + 2) / (0.25 + eps).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(norm.buffers, before)
    }

    func testGradientChecksInTrainingAndEvaluationMode() throws {
        var generator = RandomGenerator(seed: 3)
        var norm1 = BatchNorm1D<Double>(featureCount: 4)
        norm1.parameters["weight"] = .normal(shape: [4], mean: 1, standardDeviation: 0.5, generator: &generator)
        norm1.parameters["bias"] = .normal(shape: [4], generator: &generator)
        var norm2 = BatchNorm2D<Double>(featureCount: 3)
        norm2.parameters = Parameters(["weight": .normal(shape: [3], mean: 1, standardDeviation: 0.5, generator: &generator),
                                       "bias": .normal(shape: [3], generator: &generator)])
        norm2.buffers["running_var"] = .uniform(shape: [3], low: 0.5, high: 2, generator: &generator)
        for training in [true, false] {
            var options = GradientCheckOptions()
            options.training = training
            let report1 = try checkLayerGradients(norm1, input: .normal(shape: [6, 4], generator: &generator),
                                                  op: "batch_norm1d", options: options)
            XCTAssertTrue(report1.passed, "1d, training \(training): \(report1.maxRelativeError)")
            let report3 = try checkLayerGradients(norm1, input: .normal(shape: [3, 4, 5], generator: &generator),
                                                  op: "batch_norm1d", options: options)
            XCTAssertTrue(report3.passed, "1d [N, C, L], training \(training): \(report3.maxRelativeError)")
            let report2 = try checkLayerGradients(norm2, input: .normal(shape: [2, 3, 4, 3], generator: &generator),
                                                  op: "batch_norm2d", options: options)
            XCTAssertTrue(report2.passed, "2d, training \(training): \(report2.maxRelativeError)")
        }
    }

    func testShapeErrorsNameTheShapes() {
        var norm1 = BatchNorm1D<Double>(featureCount: 3)
        var norm2 = BatchNorm2D<Double>(featureCount: 3)
        var context = ForwardContext.training()
        XCTAssertThrowsError(try norm1.forward(Tensor(zeros: [2, 4]), context: &context)) { error in
            XCTAssertEqual("\(error)", "batch_norm1d: input [2, 4] has 4 channels on axis 1, expected num_features = 3")
        }
        XCTAssertThrowsError(try norm2.forward(Tensor(zeros: [2, 3]), context: &context)) { error in
            XCTAssertEqual("\(error)", "batch_norm2d: expected 4D input [N, C, H, W], got [2, 3]")
        }
        XCTAssertThrowsError(try norm1.forward(Tensor(zeros: [1, 3]), context: &context)) { error in
            XCTAssertEqual("\(error)", "batch_norm1d: expected more than 1 value per channel when training, got input [1, 3]")
        }
        var evaluation = ForwardContext.evaluation
        XCTAssertNoThrow(try norm1.forward(Tensor(zeros: [1, 3]), context: &evaluation), "one example is fine in evaluation")
    }
}

/// Batch norm's fast reductions (8 images a lane) against the loop as written: the same bits, for
/// batches that are and are not multiples of 8, in Float and Double.
final class SumOverImagesTests: XCTestCase {
    func testEightLanesGiveTheBitsOfTheLoop() {
        var generator = RandomGenerator(seed: 21)
        for (batch, channels, positions) in [(1, 1, 1), (7, 3, 5), (8, 2, 49), (13, 4, 9), (128, 2, 196)] {
            let values = (0..<(batch * channels * positions)).map { _ in Float(generator.normal() * 3 + 1) }
            for c in 0..<channels {
                let (start, stride) = (c * positions, channels * positions)
                let reference = sumOverImagesReference(batch: batch, positions: positions, start: start, stride: stride) { values[$0] }
                let fast = sumOverImages(batch: batch, positions: positions, start: start, stride: stride) { values[$0] }
                XCTAssertEqual(fast.bitPattern, reference.bitPattern, "Float, [\(batch), \(channels), \(positions)], channel \(c)")
                let squaresReference = sumOverImagesReference(batch: batch, positions: positions, start: start, stride: stride) {
                    Double(values[$0]) * Double(values[$0])
                }
                let squares = sumOverImages(batch: batch, positions: positions, start: start, stride: stride) {
                    Double(values[$0]) * Double(values[$0])
                }
                XCTAssertEqual(squares.bitPattern, squaresReference.bitPattern, "Double, [\(batch), \(channels), \(positions)], channel \(c)")
            }
        }
        // A sum whose order shows: added from the largest down, the small terms are lost.
        let ordered: [Float] = [1e8, 1, 1, 1, 1, 1, 1, 1, 1, -1e8, 3]
        XCTAssertEqual(sumOverImages(batch: 11, positions: 1, start: 0, stride: 1) { ordered[$0] },
                       sumOverImagesReference(batch: 11, positions: 1, start: 0, stride: 1) { ordered[$0] })
    }
}
