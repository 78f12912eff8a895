import XCTest
import NablaCore
import NablaVerify
import Regularization

final class LayerNormTests: XCTestCase {
    /// Each example's trailing values end with mean 0 and variance ≈ 1 (γ = 1, β = 0), in either mode.
    func testEachExampleIsNormalisedOverTheTrailingDimensions() throws {
        var generator = RandomGenerator(seed: 1)
        let x = Tensor<Double>.normal(shape: [3, 4, 5], mean: 3, standardDeviation: 2, generator: &generator)
        let norm = LayerNorm<Double>(normalizedShape: [4, 5], epsilon: 0)
        for var context in [ForwardContext.training(), .evaluation] {
            let y = try norm.forward(x, context: &context).output
            for row in 0..<3 {
                let values = Array(y.scalars[row * 20..<(row + 1) * 20])
                let mean = values.reduce(0, +) / 20
                XCTAssertEqual(mean, 0, accuracy: 1e-12)
                XCTAssertEqual(values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20, 1, accuracy: 1e-12)
            }
        }
    }

    func testGradientCheckOverOneAndTwoTrailingDimensions() throws {
        var generator = RandomGenerator(seed: 2)
        for shape in [[4], [3, 4]] {
            var norm = LayerNorm<Double>(normalizedShape: shape)
            norm.parameters = Parameters(["weight": .normal(shape: shape, mean: 1, standardDeviation: 0.5, generator: &generator),
                                          "bias": .normal(shape: shape, generator: &generator)])
            let report = try checkLayerGradients(norm, input: .normal(shape: [2] + [3, 4].suffix(2), generator: &generator),
                                                 op: "layer_norm")
            XCTAssertTrue(report.passed, "normalized_shape \(shape): \(report.maxRelativeError)")
        }
    }

    func testAnInputThatDoesNotEndWithTheNormalizedShapeIsAShapeError() {
        let norm = LayerNorm<Double>(normalizedShape: [3, 4])
        var context = ForwardContext.evaluation
        XCTAssertThrowsError(try norm.forward(Tensor(zeros: [2, 4, 3]), context: &context)) { error in
            XCTAssertEqual("\(error)", "layer_norm: input [2, 4, 3] does not end with normalized_shape [3, 4]")
        }
    }
}
