import XCTest
import NablaCore
import Backprop
import CNN
import Initialization

/// `Sequential.initialize(with:generator:)` draws each layer from its own fans and sets biases.
final class ModelInitializationTests: XCTestCase {
    /// The wide CNN of chapter 4: conv 1→32 5×5, conv 32→64 5×5, linear 3136→256, linear 256→10.
    func wideCNN(_ scheme: Initializer) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: 4)
        var model: Sequential<Float> = try CNNArchitecture.wide.makeModel(generator: &generator)
        model.initialize(with: scheme, generator: &generator)
        return model
    }

    func testEachLayerGetsTheDeviationOfItsOwnFans() throws {
        let model = try wideCNN(.kaimingNormal())
        // (parameter, fan_in, element count) of the two larger weights: conv2 and the first linear layer
        for (name, fanIn) in [("3.weight", 32 * 5 * 5), ("7.weight", 3136)] {
            let sample = SampleMoments(model.parameters[name])
            let sigma = (2 / Double(fanIn)).squareRoot()
            // 5 standard errors of a sample σ, σ/√(2N)
            XCTAssertEqual(sample.standardDeviation, sigma, accuracy: 5 * sigma * sample.relativeErrorOfDeviation(kurtosis: Kurtosis.normal),
                           name)
        }
    }

    func testBiasesAreZeroExceptUnderPyTorchsDefault() throws {
        let biasNames = ["0.bias", "3.bias", "7.bias", "9.bias"]
        for scheme in Initializer.chapterSchemes where scheme != .pytorchDefault {
            let model = try wideCNN(scheme)
            for name in biasNames { XCTAssert(model.parameters[name].scalars.allSatisfy { $0 == 0 }, "\(scheme) \(name)") }
        }
        let model = try wideCNN(.pytorchDefault)
        for (name, fanIn) in zip(biasNames, [25, 800, 3136, 256]) {
            let bias = model.parameters[name].scalars, bound = Float(1 / Double(fanIn).squareRoot())
            XCTAssert(bias.allSatisfy { abs($0) <= bound }, "\(name) within ±1/√fan_in")
            XCTAssert(bias.contains { $0 != 0 }, "\(name) drawn")
        }
    }

    /// A normalisation layer's scale is a `weight` of one dimension; no scheme applies to it.
    func testOneDimensionalWeightsAreLeftAlone() {
        var generator = RandomGenerator(seed: 5)
        var model = Sequential<Float>([Linear<Float>(inputFeatures: 3, outputFeatures: 2, generator: &generator),
                                       Scale(), Tanh<Float>()])
        model.initialize(with: .constant(0.5), generator: &generator)
        XCTAssertEqual(model.parameters["0.weight"], Tensor(repeating: 0.5, shape: [2, 3]))
        XCTAssertEqual(model.parameters["0.bias"], Tensor(zeros: [2]))
        XCTAssertEqual(model.parameters["1.weight"], Tensor(repeating: 1, shape: [2]))
    }
}

/// y = x · γ for inputs `[N, 2]`, with γ stored as `weight` `[2]` like a batch norm's scale.
struct Scale: Layer {
    var parameters = Parameters<Float>(["weight": Tensor(repeating: 1, shape: [2])])

    /// γ repeated for each of `rows` rows.
    func tiled(rows: Int) -> Tensor<Float> {
        Tensor(shape: [rows, 2], scalars: Array(repeatElement(parameters["weight"].scalars, count: rows).joined()))
    }

    func forward(_ input: Tensor<Float>, context: inout ForwardContext) throws -> (output: Tensor<Float>, cache: Tensor<Float>) {
        (input * tiled(rows: input.shape[0]), input)
    }

    func backward(_ outputGradient: Tensor<Float>, cache input: Tensor<Float>)
        -> (inputGradient: Tensor<Float>, parameterGradients: Parameters<Float>) {
        (outputGradient * tiled(rows: input.shape[0]), Parameters(["weight": (outputGradient * input).sum(axis: 0)]))
    }
}
