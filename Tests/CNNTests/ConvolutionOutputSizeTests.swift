import XCTest
import NablaCore
import CNN

/// The size formulas: conv floor((W − K + 2P)/S) + 1, transposed (W − 1)·S − 2P + K, parameters
/// (C_in·K_h·K_w + 1)·C_out.
final class ConvolutionOutputSizeTests: XCTestCase {
    func testConvolutionOutputSizes() throws {
        XCTAssertEqual(try convolutionOutputSize(input: 28, kernel: 5, stride: 1, padding: 2), 28)  // LeNet conv1: "same"
        XCTAssertEqual(try convolutionOutputSize(input: 14, kernel: 5, stride: 1, padding: 0), 10)  // LeNet conv2
        XCTAssertEqual(try convolutionOutputSize(input: 7, kernel: 3, stride: 2, padding: 1), 4)
        XCTAssertEqual(try convolutionOutputSize(input: 8, kernel: 2, stride: 3, padding: 1), 3)    // floor(8/3) + 1
        XCTAssertEqual(try convolutionOutputSize(input: 3, kernel: 5, stride: 1, padding: 1), 1)    // the kernel fits once
        XCTAssertEqual(explainConvolutionOutputSize(input: 28, kernel: 5, stride: 1, padding: 2), "floor((28 − 5 + 2·2)/1) + 1 = 28")
        XCTAssertEqual(explainConvolutionOutputSize(input: 8, kernel: 2, stride: 3, padding: 1), "floor((8 − 2 + 2·1)/3) + 1 = 3")
    }

    func testASizeOfZeroOrLessIsAnErrorNamingTheLayerAndTheNumbers() {
        XCTAssertThrowsError(try convolutionOutputSize(input: 3, kernel: 5, stride: 1, padding: 0, layer: "conv1")) { error in
            XCTAssertEqual(error as? NablaError, .shapeMismatch(layer: "conv1", message:
                "output size floor((3 − 5 + 2·0)/1) + 1 = -1 is not positive: kernel 5 is larger than the input 3 padded by 0 on each side"))
        }
        // −1 / 2 rounds down to −1, not toward zero: the output is empty, not one value.
        XCTAssertThrowsError(try convolutionOutputSize(input: 2, kernel: 5, stride: 2, padding: 1))
        XCTAssertEqual(explainConvolutionOutputSize(input: 2, kernel: 5, stride: 2, padding: 1), "floor((2 − 5 + 2·1)/2) + 1 = 0")
        for (input, kernel, stride, padding) in [(0, 1, 1, 0), (5, 0, 1, 0), (5, 3, 0, 0), (5, 3, 1, -1)] {
            XCTAssertThrowsError(try convolutionOutputSize(input: input, kernel: kernel, stride: stride, padding: padding),
                                 "input \(input) kernel \(kernel) stride \(stride) padding \(padding)")
        }
    }

    func testTransposedConvolutionOutputSizes() throws {
        XCTAssertEqual(try transposedConvolutionOutputSize(input: 14, kernel: 4, stride: 2, padding: 1), 28)
        XCTAssertEqual(try transposedConvolutionOutputSize(input: 3, kernel: 3, stride: 2, padding: 1), 5)
        XCTAssertEqual(explainTransposedConvolutionOutputSize(input: 14, kernel: 4, stride: 2, padding: 1), "(14 − 1)·2 − 2·1 + 4 = 28")
        XCTAssertThrowsError(try transposedConvolutionOutputSize(input: 1, kernel: 2, stride: 1, padding: 1)) { error in
            guard case .shapeMismatch(let layer, let message)? = error as? NablaError else { return XCTFail("\(error)") }
            XCTAssertEqual(layer, "conv_transpose2d")
            XCTAssert(message.contains("(1 − 1)·1 − 2·1 + 2 = 0"), message)
        }
        // A transposed convolution undoes the convolution's size change, for every stride and padding.
        for input in 1...9 {
            for kernel in 1...4 { for stride in 1...3 { for padding in 0...2 {
                guard let up = try? transposedConvolutionOutputSize(input: input, kernel: kernel, stride: stride, padding: padding)
                else { continue }
                XCTAssertEqual(try convolutionOutputSize(input: up, kernel: kernel, stride: stride, padding: padding), input)
            } } }
        }
    }

    func testParameterCounts() throws {
        XCTAssertEqual(try convolutionParameterCount(inChannels: 1, outChannels: 6, kernel: (5, 5)), 156)
        XCTAssertEqual(try convolutionParameterCount(inChannels: 6, outChannels: 16, kernel: (5, 5)), 2416)
        XCTAssertEqual(try convolutionParameterCount(inChannels: 32, outChannels: 64, kernel: (3, 3), bias: false), 18432)
        XCTAssertEqual(explainConvolutionParameterCount(inChannels: 1, outChannels: 6, kernel: (5, 5)), "(1·5·5 + 1)·6 = 156")
        XCTAssertEqual(explainConvolutionParameterCount(inChannels: 2, outChannels: 3, kernel: (3, 1), bias: false), "2·3·1·3 = 18")
        XCTAssertThrowsError(try convolutionParameterCount(inChannels: 0, outChannels: 6, kernel: (5, 5))) { error in
            guard case .invalidConfig(let op, let message)? = error as? NablaError else { return XCTFail("\(error)") }
            XCTAssertEqual(op, "conv2d")
            XCTAssert(message.contains("in_channels 0"), message)
        }
    }

    func testTheGeometryOfLeNet() throws {
        let g = try ConvolutionGeometry(batch: 128, inputChannels: 6, outputChannels: 16, input: (14, 14), kernel: (5, 5))
        XCTAssertEqual(g.outputShape, [128, 16, 10, 10])
        XCTAssertEqual(g.weightShape, [16, 6, 5, 5])
        XCTAssertEqual(g.multiplyAdds, 128 * 16 * 100 * 150)
        XCTAssertThrowsError(try ConvolutionGeometry(batch: 1, inputChannels: 1, outputChannels: 1, input: (4, 4), kernel: (5, 5)))
    }
}
