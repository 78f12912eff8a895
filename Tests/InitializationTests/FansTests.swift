import XCTest
import NablaCore
import Backprop
import CNN
import Initialization

/// fan_in and fan_out as PyTorch's `_calculate_fan_in_and_fan_out` computes them.
final class FansTests: XCTestCase {
    func testLinearWeightOutByIn() {
        XCTAssertEqual(Fans(weightShape: [256, 784]), Fans(fanIn: 784, fanOut: 256))
    }

    func testConvolutionWeightMultipliesByTheKernel() {
        // weight [out 8, in 3, kh 5, kw 3]: each output sees 3·5·3 inputs, each input feeds 8·5·3 outputs
        XCTAssertEqual(Fans(weightShape: [8, 3, 5, 3]), Fans(fanIn: 45, fanOut: 120))
        XCTAssertEqual(Fans(weightShape: [4, 2, 7]), Fans(fanIn: 14, fanOut: 28), "a 1-D convolution")
    }

    func testModeSelectsTheFan() {
        let fans = Fans(fanIn: 45, fanOut: 120)
        XCTAssertEqual(fans.fan(.fanIn), 45)
        XCTAssertEqual(fans.fan(.fanOut), 120)
    }

    func testTheLayersWeightsGiveTheirFans() {
        var generator = RandomGenerator(seed: 0)
        let linear = Linear<Float>(inputFeatures: 784, outputFeatures: 256, generator: &generator)
        XCTAssertEqual(Fans(weightShape: linear.parameters["weight"].shape), Fans(fanIn: 784, fanOut: 256))
        let conv = Conv2D<Float>(inputChannels: 3, outputChannels: 8, kernelSize: (5, 3), generator: &generator)
        XCTAssertEqual(Fans(weightShape: conv.parameters["weight"].shape), Fans(fanIn: 45, fanOut: 120))
        // PyTorch's default bound 1/√fan_in is what chapters 2 and 4 drew from.
        let bound = Float(Initializer.pytorchDefault.uniformBound(for: Fans(weightShape: conv.parameters["weight"].shape))!)
        XCTAssert(conv.parameters["weight"].scalars.allSatisfy { abs($0) <= bound })
    }
}
