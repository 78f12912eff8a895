import XCTest
import NablaCore
import Backprop

final class SequentialTests: XCTestCase {
    func makeModel() -> Sequential<Double> {
        var generator = RandomGenerator(seed: 4)
        return Sequential([Linear<Double>(inputFeatures: 6, outputFeatures: 5, generator: &generator), Tanh<Double>(),
                           Linear<Double>(inputFeatures: 5, outputFeatures: 3, bias: false, generator: &generator)])
    }

    func testParametersAreNamedLikeATorchStateDict() {
        XCTAssertEqual(makeModel().parameters.names, ["0.weight", "0.bias", "2.weight"])
    }

    /// Training skips dL/dx of the first layer; the parameter gradients must be the same ones.
    func testParameterGradientsWithoutInputGradientEqualFullBackward() throws {
        var model = makeModel()
        var generator = RandomGenerator(seed: 5)
        let x = Tensor<Double>.normal(shape: [4, 6], generator: &generator)
        let upstream = Tensor<Double>.normal(shape: [4, 3], generator: &generator)
        var context = ForwardContext(isTraining: true)
        let (_, cache) = try model.forward(x, context: &context)
        let full = model.backward(upstream, cache: cache)
        XCTAssertEqual(model.parameterGradients(upstream, cache: cache), full.parameterGradients)
        XCTAssertEqual(full.inputGradient.shape, [4, 6])
    }

    /// Evaluation's output without the caches is the output of the full forward pass, bit for bit.
    func testOutputAloneEqualsForward() throws {
        var model = makeModel()
        var generator = RandomGenerator(seed: 6)
        let x = Tensor<Double>.normal(shape: [4, 6], generator: &generator)
        var context = ForwardContext.evaluation
        XCTAssertEqual(try model.output(x, context: &context), try model.forward(x, context: &context).output)
    }

    func testSettingParametersReachesTheLayers() throws {
        var model = makeModel()
        var parameters = model.parameters
        parameters["2.weight"] = Tensor(zeros: [3, 5])
        model.parameters = parameters
        XCTAssertEqual(try model(Tensor(repeating: 1, shape: [2, 6])).scalars, [Double](repeating: 0, count: 6))
    }
}
