import XCTest
import NablaCore
import Backprop

/// Inputs at the edges: they must give PyTorch's answer or a clear error, never a crash.
final class EdgeCaseTests: XCTestCase {
    func testOutOfRangeLabelsAreErrorsNotCrashes() {
        let scores = Tensor<Double>(zeros: [1, 3])
        for label in [1e20, .infinity, -1, 3, 0.5] {
            XCTAssertThrowsError(try CrossEntropyLoss<Double>().forward(scores, target: Tensor(shape: [1], scalars: [label]))) { error in
                XCTAssertTrue("\(error)".contains("is not a class index in 0..<3"), "\(error)")
            }
            XCTAssertThrowsError(try MulticlassHingeLoss<Double>().forward(scores, target: Tensor(shape: [1], scalars: [label])))
        }
    }

    func testFlattenKeepsTheFeatureSizeOfAnEmptyBatch() throws {
        var context = ForwardContext.evaluation
        let (y, _) = try Flatten<Double>().forward(Tensor(zeros: [0, 3, 4]), context: &context)
        XCTAssertEqual(y.shape, [0, 12])
    }

    func testSoftmaxBackwardOnAnEmptyLastAxis() throws {
        var context = ForwardContext.evaluation
        for layer in [Softmax<Double>() as any Layer<Double>, LogSoftmax<Double>()] {
            var layer = layer
            let (y, cache) = try layer.forwardErasingCache(Tensor(zeros: [2, 0]), context: &context)
            XCTAssertEqual(layer.backward(y, erasedCache: cache).inputGradient.shape, [2, 0])
        }
    }

    func testReLUPassesNaNThrough() throws {
        var relu = ReLU<Double>()
        let y = try relu(Tensor(shape: [3], scalars: [.nan, -1, 2]))
        XCTAssertTrue(y.scalars[0].isNaN)
        XCTAssertEqual(Array(y.scalars[1...]), [0, 2])
    }

    func testLinearShapeErrorNamesLayerAndShapes() {
        var generator = RandomGenerator(seed: 0)
        var linear = Linear<Double>(inputFeatures: 4, outputFeatures: 3, generator: &generator)
        XCTAssertThrowsError(try linear(Tensor(zeros: [2, 5]))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("linear:"), message)
            XCTAssertTrue(message.contains("[2, 5]") && message.contains("in_features = 4"), message)
        }
    }
}
