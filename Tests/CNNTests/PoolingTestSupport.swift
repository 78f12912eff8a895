import Foundation
import NablaCore
import Backprop
import CNN
import NablaTestSupport

/// A registry with chapter 2's layers and the pooling ops, as `standardRegistry` will have them.
func poolingRegistry<Scalar: Real>(_ scalar: Scalar.Type = Scalar.self) -> Registry<Scalar> {
    var registry = Registry<Scalar>()
    registerBackpropOps(into: &registry)
    registerCNNOps(into: &registry)
    return registry
}

/// A `[1, 1, H, W]` image from its rows.
func poolingImage(_ rows: [[Double]]) -> Tensor<Double> {
    Tensor(shape: [1, 1, rows.count, rows[0].count], scalars: rows.flatMap { $0 })
}

/// A random pooling configuration and a valid input shape for it: kernels 1…4 each way, strides
/// 1…5 (often larger than the kernel), padding 0…kernel/2, odd and even image sizes.
struct RandomPoolingCase: CustomStringConvertible {
    let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    let inputShape: [Int]

    /// `manyPlanes`: 16 to 75 (image, channel) planes, so that Float max pooling takes its
    /// sixteen-planes-at-once path as well as the one-plane path for the rest. `columnPairs`:
    /// windows 2 wide with stride 2 and no padding across, on rows of 1 to 20 windows, so that it
    /// takes its column-pair path (eight windows at once, a last group overlapping the one before,
    /// or one short group whose loads reach into the next row, and past the tensor's end).
    init(_ generator: inout RandomGenerator, manyPlanes: Bool = false, columnPairs: Bool = false) {
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + generator.int(below: range.count) }
        kernel = (draw(1...4), columnPairs ? 2 : draw(1...4))
        stride = (draw(1...5), columnPairs ? 2 : draw(1...5))
        padding = (draw(0...kernel.0 / 2), columnPairs ? 0 : draw(0...kernel.1 / 2))
        // H + 2P ≥ K, so at least one window fits.
        let height = draw(max(1, kernel.0 - 2 * padding.0)...(kernel.0 + 9))
        let width = columnPairs ? draw(2...41) : draw(max(1, kernel.1 - 2 * padding.1)...(kernel.1 + 9))
        inputShape = manyPlanes ? [draw(1...3), draw(16...25), height, width] : [draw(1...3), draw(1...3), height, width]
    }

    var window: PoolingWindow {
        get throws { try PoolingWindow(kernel: kernel, stride: stride, padding: padding) }
    }

    var config: [String: JSON] {
        func pair(_ p: (Int, Int)) -> JSON { .array([.number(Double(p.0)), .number(Double(p.1))]) }
        return ["kernel_size": pair(kernel), "stride": pair(stride), "padding": pair(padding)]
    }

    var description: String {
        "kernel \(kernel) stride \(stride) padding \(padding) input \(describe(shape: inputShape))"
    }
}
