import XCTest
import NablaCore
import Backprop
import NablaTestSupport

/// The library's layers on inputs small enough to compute by hand.
final class LayerForwardTests: XCTestCase {
    private var context = ForwardContext.evaluation

    func testSoftmaxOfOneTwoThree() throws {
        let (y, _) = try Softmax<Double>().forward(matrix([[1, 2, 3], [1, 2, 3]]), context: &context)
        // e^i / (e + e² + e³)
        assertClose(y, [0.09003057317038046, 0.24472847105479764, 0.6652409557748219,
                        0.09003057317038046, 0.24472847105479764, 0.6652409557748219])
        assertClose([y[0, 0] + y[0, 1] + y[0, 2], y[1, 0] + y[1, 1] + y[1, 2]], [1, 1])
    }

    func testSoftmaxIgnoresAShiftAndDoesNotOverflow() throws {
        let (y, _) = try Softmax<Double>().forward(matrix([[1001, 1002, 1003]]), context: &context)
        assertClose(y, [0.09003057317038046, 0.24472847105479764, 0.6652409557748219])
    }

    func testLogSoftmaxIsStableForLogitsOfPlusMinusAThousand() throws {
        let layer = LogSoftmax<Double>()
        let (y, cache) = try layer.forward(matrix([[1000, -1000, 0], [-1000, -1000, -1000]]), context: &context)
        // log-sum-exp of [1000, −1000, 0] is 1000 (+ e^−1000 terms far below one ulp)
        assertClose(y, [0, -2000, -1000, -log(3.0), -log(3.0), -log(3.0)])
        let (dx, _) = layer.backward(matrix([[1, 0, 0], [0, 1, 0]]), cache: cache)
        XCTAssert(y.scalars.allSatisfy(\.isFinite) && dx.scalars.allSatisfy(\.isFinite))
        // dx_i = dy_i − softmax_i Σ_j dy_j
        assertClose(dx, [0, 0, 0, -1.0 / 3, 2.0 / 3, -1.0 / 3])
    }

    func testLogSoftmaxIsStableInFloatToo() throws {
        var context = ForwardContext.evaluation
        let (y, _) = try LogSoftmax<Float>().forward(Tensor(shape: [1, 3], scalars: [1000, -1000, 0]), context: &context)
        XCTAssertEqual(y.scalars, [0, -2000, -1000])
    }

    func testReLUAndItsDerivativeAtZero() throws {
        let relu = ReLU<Double>()
        let (y, cache) = relu.forward(vector([-1, 0, 2]), context: &context)
        XCTAssertEqual(y.scalars, [0, 0, 2])
        // relu′(0) = 0, as in PyTorch
        XCTAssertEqual(relu.backward(vector([5, 5, 5]), cache: cache).inputGradient.scalars, [0, 0, 5])
    }

    func testLeakyReLUAndItsDerivativeAtZero() throws {
        let leaky = LeakyReLU<Double>(negativeSlope: 0.1)
        let (y, cache) = leaky.forward(vector([-2, 0, 3]), context: &context)
        assertClose(y, [-0.2, 0, 3])
        // leaky_relu′(0) = slope, as in PyTorch
        assertClose(leaky.backward(vector([1, 1, 1]), cache: cache).inputGradient, [0.1, 0.1, 1])
    }

    func testSigmoidValuesAndStabilityAtPlusMinusAThousand() throws {
        let layer = Sigmoid<Double>()
        let (y, cache) = layer.forward(vector([0, 2, -1000, 1000]), context: &context)
        assertClose(y, [0.5, 0.8807970779778823, 0, 1])
        let dx = layer.backward(vector([1, 1, 1, 1]), cache: cache).inputGradient
        // σ′ = σ(1 − σ)
        assertClose(dx, [0.25, 0.8807970779778823 * 0.11920292202211769, 0, 0])
        XCTAssert(dx.scalars.allSatisfy(\.isFinite))
    }

    func testTanhValueAndDerivative() throws {
        let layer = Tanh<Double>()
        let (y, cache) = layer.forward(vector([0.5, -20]), context: &context)
        assertClose(y, [0.46211715726000974, -1])
        // tanh′ = 1 − tanh²
        assertClose(layer.backward(vector([1, 1]), cache: cache).inputGradient, [1 - 0.46211715726000974 * 0.46211715726000974, 0])
    }

    func testLinearForwardAndBackwardByHand() throws {
        var generator = RandomGenerator(seed: 0)
        var layer = Linear<Double>(inputFeatures: 2, outputFeatures: 3, generator: &generator)
        layer.parameters["weight"] = matrix([[1, 2], [3, 4], [5, 6]])
        layer.parameters["bias"] = vector([0.5, -0.5, 1])
        let (y, cache) = try layer.forward(matrix([[1, -1]]), context: &context)
        // y = x Wᵀ + b
        assertClose(y, [-0.5, -1.5, 0])
        let (dx, gradients) = layer.backward(matrix([[1, 2, 3]]), cache: cache)
        // dx = dy W, dW = dyᵀ x, db = Σ dy
        assertClose(dx, [22, 28])
        assertClose(gradients["weight"], [1, -1, 2, -2, 3, -3])
        assertClose(gradients["bias"], [1, 2, 3])
    }

    func testLinearKeepsLeadingDimensions() throws {
        var generator = RandomGenerator(seed: 0)
        let layer = Linear<Double>(inputFeatures: 4, outputFeatures: 3, generator: &generator)
        let x = Tensor<Double>.normal(shape: [2, 5, 4], generator: &generator)
        let (y, cache) = try layer.forward(x, context: &context)
        XCTAssertEqual(y.shape, [2, 5, 3])
        XCTAssertEqual(layer.backward(Tensor(zeros: [2, 5, 3]), cache: cache).inputGradient.shape, [2, 5, 4])
    }

    func testLinearErrorOnAWrongInputShapeNamesTheLayerAndBothShapes() {
        var generator = RandomGenerator(seed: 0)
        let layer = Linear<Double>(inputFeatures: 4, outputFeatures: 3, generator: &generator)
        XCTAssertThrowsError(try layer.forward(Tensor(zeros: [2, 5]), context: &context)) { error in
            let message = String(describing: error)
            XCTAssert(message.hasPrefix("linear:"), message)
            XCTAssert(message.contains("[2, 5]"), message)
            XCTAssert(message.contains("[4, 3]") || message.contains("[3, 4]"), message)
            guard case NablaError.shapeMismatch(layer: "linear", _) = error else {
                return XCTFail("expected shapeMismatch for linear, got \(error)")
            }
        }
    }

    func testFlattenKeepsTheBatchAndBackwardRestoresTheShape() throws {
        let layer = Flatten<Double>()
        let x = Tensor<Double>(shape: [2, 3, 2, 2]) { Double($0) }
        let (y, cache) = try layer.forward(x, context: &context)
        XCTAssertEqual(y.shape, [2, 12])
        XCTAssertEqual(y.scalars, x.scalars)
        XCTAssertEqual(layer.backward(y, cache: cache).inputGradient, x)
    }
}
