import XCTest
import NablaCore
import CNN

/// out = ⌊(in + 2·padding − kernel) / stride⌋ + 1, and the errors that explain a bad configuration.
final class PoolingOutputSizeTests: XCTestCase {
    func testPoolingOutputSizes() throws {
        // (input, kernel, stride, padding, output)
        for (input, kernel, stride, padding, output) in [(28, 2, 2, 0, 14), (10, 2, 2, 0, 5), (7, 3, 2, 1, 4),
                                                        (8, 2, 3, 0, 3), (7, 2, 2, 0, 3), (1, 3, 1, 1, 1),
                                                        (5, 1, 1, 0, 5), (9, 4, 2, 2, 5)] {
            XCTAssertEqual(try poolingOutputSize(input: input, kernel: kernel, stride: stride, padding: padding), output,
                           explainPoolingOutputSize(input: input, kernel: kernel, stride: stride, padding: padding))
        }
        XCTAssertEqual(explainPoolingOutputSize(input: 7, kernel: 3, stride: 2, padding: 1), "⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4")
    }

    /// ⌊−1/2⌋ is −1, not 0 as Swift's `/` would say: a window that does not fit gives size 0, an error.
    func testNegativeNumeratorRoundsDown() {
        XCTAssertThrowsError(try poolingOutputSize(input: 1, kernel: 4, stride: 2, padding: 1, layer: "max_pool2d",
                                                   axis: "height")) { error in
            guard case NablaError.shapeMismatch(let layer, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(layer, "max_pool2d")
            XCTAssertTrue(message.contains("⌊(1 + 2·1 − 4) / 2⌋ + 1 = 0"), message)
            XCTAssertTrue(message.contains("height"), message)
        }
    }

    func testInvalidWindowsAreConfigErrorsNamingTheNumbers() {
        func message(kernel: Int, stride: Int, padding: Int) -> String? {
            do {
                _ = try poolingOutputSize(input: 10, kernel: kernel, stride: stride, padding: padding, layer: "avg_pool2d")
                return nil
            } catch NablaError.invalidConfig(let op, let message) {
                XCTAssertEqual(op, "avg_pool2d")
                return message
            } catch {
                return "unexpected \(error)"
            }
        }
        XCTAssertTrue(message(kernel: 0, stride: 1, padding: 0)?.contains("kernel size must be positive, got 0") == true)
        XCTAssertTrue(message(kernel: 2, stride: 0, padding: 0)?.contains("stride size must be positive, got 0") == true)
        XCTAssertTrue(message(kernel: 3, stride: 1, padding: 2)?.contains("half the kernel (3 / 2 = 1), got 2") == true)
        XCTAssertTrue(message(kernel: 3, stride: 1, padding: -1)?.contains("got -1") == true)
    }

    func testUpsampleOutputSize() throws {
        XCTAssertEqual(try upsampleOutputSize(input: 3, scale: 2), 6)
        XCTAssertEqual(try upsampleOutputSize(input: 5, scale: 1), 5)
        XCTAssertEqual(explainUpsampleOutputSize(input: 3, scale: 2), "3 · 2 = 6")
        XCTAssertThrowsError(try upsampleOutputSize(input: 3, scale: 0)) { error in
            XCTAssertEqual(error as? NablaError,
                           .invalidConfig(op: "upsample_nearest2d", message: "scale_factor size must be a positive integer, got 0"))
        }
        XCTAssertThrowsError(try upsampleOutputSize(input: 0, scale: 2, axis: "width")) { error in
            guard case NablaError.shapeMismatch(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("input width must be at least 1, got 0"), message)
        }
    }

    /// An image too small for the window fails in forward, naming the layer, the axis and the sizes.
    func testTooSmallInputFailsInForward() throws {
        var layer = try MaxPool2D<Float>(kernelSize: (3, 2))
        XCTAssertThrowsError(try layer(Tensor(zeros: [1, 1, 2, 5]))) { error in
            guard case NablaError.shapeMismatch(let name, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "max_pool2d")
            XCTAssertTrue(message.contains("input height 2 is too small for a kernel of 3"), message)
            XCTAssertTrue(message.contains("⌊(2 + 2·0 − 3) / 3⌋ + 1 = 0"), message)
        }
        var avg = try AvgPool2D<Float>(kernelSize: (2, 2))
        XCTAssertThrowsError(try avg(Tensor(zeros: [2, 5, 5]))) { error in
            XCTAssertEqual(error as? NablaError,
                           .shapeMismatch(layer: "avg_pool2d", message: "input must be [N, C, H, W], got [2, 5, 5]"))
        }
        var upsample = try Upsample<Float>(scale: (2, 2))
        XCTAssertThrowsError(try upsample(Tensor(zeros: [4, 4])))
    }

    func testConfigurationErrorsFromTheRegistry() {
        let registry = poolingRegistry(Double.self)
        var generator = RandomGenerator(seed: 0)
        func error(_ op: String, _ config: [String: JSON]) -> NablaError? {
            do {
                _ = try registry.makeLayer(op, config: config, generator: &generator)
                return nil
            } catch {
                return error as? NablaError
            }
        }
        XCTAssertEqual(error("max_pool2d", [:]), .invalidConfig(op: "max_pool2d", message: "missing 'kernel_size'"))
        XCTAssertEqual(error("max_pool2d", ["kernel_size": .number(2), "dilation": .number(2)]),
                       .unsupported("config key 'dilation' of op 'max_pool2d'"))
        XCTAssertEqual(error("avg_pool2d", ["kernel_size": .number(2), "padding": .number(2)]),
                       .invalidConfig(op: "avg_pool2d", message: "padding height must be between 0 and half the kernel "
                                      + "(2 / 2 = 1), got 2: a wider padding would let a window hold padding only"))
        XCTAssertEqual(error("avg_pool2d", ["kernel_size": .array([.number(2), .number(2), .number(2)])]),
                       .invalidConfig(op: "avg_pool2d", message: "'kernel_size' must be an integer or an [h, w] pair, got [2, 2, 2]"))
        XCTAssertEqual(error("upsample_nearest2d", ["scale_factor": .number(1.5)]),
                       .invalidConfig(op: "upsample_nearest2d", message: "'scale_factor' must be an integer, got a number"))
        XCTAssertEqual(error("upsample_nearest2d", ["scale_factor": .array([.number(2), .number(0)])]),
                       .invalidConfig(op: "upsample_nearest2d", message: "scale_factor width must be a positive integer, got 0"))
        XCTAssertNil(error("upsample_nearest2d", ["scale_factor": .array([.number(2), .number(3)])]))
    }
}
