import Foundation
import XCTest
import NablaCore
import CNN
import NablaTestSupport

/// A registry with the convolution ops, as `standardRegistry` will have them.
func convolutionRegistry<Scalar: Real>(_ scalar: Scalar.Type = Scalar.self) -> Registry<Scalar> {
    var registry = Registry<Scalar>()
    registerCNNOps(into: &registry)
    return registry
}

/// A random convolution shape: kernels 1…5 each way (often rectangular), strides 1…3 each way
/// (unless `unitStride`; often larger than the kernel), padding 0…2, odd and even image sizes,
/// 1 to 4 input channels, output channel counts that fill the SIMD tiles unevenly, and 16 or 32
/// (whole vectors: the channel-lanes forward tiles).
struct RandomConvolutionCase: CustomStringConvertible {
    let geometry: ConvolutionGeometry

    init(_ generator: inout RandomGenerator, unitStride: Bool) throws {
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + generator.int(below: range.count) }
        func choose(_ values: [Int]) -> Int { values[generator.int(below: values.count)] }
        let kernel = (draw(1...5), draw(1...5))
        let stride = unitStride ? (1, 1) : (draw(1...3), draw(1...3))
        let padding = (draw(0...2), draw(0...2))
        // H + 2P ≥ K, so the kernel fits at least once.
        let height = draw(max(1, kernel.0 - 2 * padding.0)...(kernel.0 + 6))
        let width = draw(max(1, kernel.1 - 2 * padding.1)...(kernel.1 + 6))
        geometry = try ConvolutionGeometry(batch: choose([1, 2, 3]), inputChannels: draw(1...4),
                                           outputChannels: choose([1, 2, 3, 5, 6, 7, 8, 9, 11, 16, 32]),
                                           input: (height, width), kernel: kernel, stride: stride, padding: padding)
    }

    init(_ geometry: ConvolutionGeometry) { self.geometry = geometry }

    var description: String { geometry.description }
}

/// Fails unless `got` and `want` have the same shape and agree to `tolerance` relative to the
/// largest magnitude in `want` (or 1): sums of many products carry rounding proportional to it.
func assertConvolutionClose<Scalar: Real>(_ got: Tensor<Scalar>, _ want: Tensor<Scalar>, tolerance: Double,
                                          _ message: @autoclosure () -> String,
                                          file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(got.shape, want.shape, "\(message()): shapes differ", file: file, line: line)
    guard got.shape == want.shape else { return }
    let scale = max(1, want.scalars.map { abs(Double($0)) }.max() ?? 0)
    var worst = 0.0, worstIndex = 0
    for i in 0..<got.count {
        let error = abs(Double(got.scalars[i]) - Double(want.scalars[i]))
        if error > worst { (worst, worstIndex) = (error, i) }
    }
    XCTAssertLessThanOrEqual(worst, tolerance * scale,
                             "\(message()): element \(worstIndex) is \(got.scalars[worstIndex]), want \(want.scalars[worstIndex])",
                             file: file, line: line)
}

/// `[h, w]` as a config value.
func convolutionPair(_ pair: (Int, Int)) -> JSON { .array([.number(Double(pair.0)), .number(Double(pair.1))]) }

/// A golden-v1 config for a convolution op.
func convolutionConfig(in inputs: Int, out outputs: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
                       padding: (Int, Int) = (0, 0), bias: Bool = true) -> [String: JSON] {
    ["in_channels": .number(Double(inputs)), "out_channels": .number(Double(outputs)), "kernel_size": convolutionPair(kernel),
     "stride": convolutionPair(stride), "padding": convolutionPair(padding), "bias": .bool(bias)]
}
