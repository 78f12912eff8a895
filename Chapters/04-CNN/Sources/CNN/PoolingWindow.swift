import NablaCore

/// A layer that slides one `PoolingWindow` over each image plane (max and average pooling), built
/// from PyTorch's arguments.
public protocol WindowPooling {
    /// The name in error messages, as PyTorch's functional: "max_pool2d".
    static var layerName: String { get }
    init(window: PoolingWindow)
}

extension WindowPooling {
    /// `stride` defaults to the kernel size, as in PyTorch. Throws when the window cannot work
    /// (a size below 1, padding over half the kernel).
    public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws {
        self.init(window: try PoolingWindow(kernel: kernelSize, stride: stride, padding: padding, layer: Self.layerName))
    }

    /// A square window, with the same stride and padding along both axes.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try self.init(kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }
}

/// The window a pooling layer slides over each image plane: its size, how far it moves each step,
/// and how many cells of padding surround the plane, each as (height, width).
public struct PoolingWindow: Sendable, Equatable {
    public let kernelHeight: Int, kernelWidth: Int
    public let strideHeight: Int, strideWidth: Int
    public let paddingHeight: Int, paddingWidth: Int
    /// The layer's op name, for error messages.
    public let layer: String

    /// `stride` defaults to the kernel size (windows side by side, PyTorch's default).
    public init(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
                layer: String = "pooling") throws {
        let stride = stride ?? kernel
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (paddingHeight, paddingWidth) = padding
        self.layer = layer
        // An input as large as the kernel always fits, so this checks the kernel, stride and padding alone.
        _ = try poolingOutputSize(input: kernel.0, kernel: kernel.0, stride: stride.0, padding: padding.0,
                                  layer: layer, axis: "height")
        _ = try poolingOutputSize(input: kernel.1, kernel: kernel.1, stride: stride.1, padding: padding.1,
                                  layer: layer, axis: "width")
    }

    /// The sizes of a pooling pass over an `[N, C, H, W]` input, or an error naming the layer.
    public func geometry(input shape: [Int]) throws -> PoolingGeometry {
        try checkShape(shape.count == 4, layer: layer,
                       "input must be [N, C, H, W], got \(describe(shape: shape))")
        try checkShape(shape[2] >= 1 && shape[3] >= 1, layer: layer,
                       "input \(describe(shape: shape)) has an empty image: height and width must be at least 1")
        let outputHeight = try poolingOutputSize(input: shape[2], kernel: kernelHeight, stride: strideHeight,
                                                 padding: paddingHeight, layer: layer, axis: "height")
        let outputWidth = try poolingOutputSize(input: shape[3], kernel: kernelWidth, stride: strideWidth,
                                                padding: paddingWidth, layer: layer, axis: "width")
        let geometry = PoolingGeometry(window: self, batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
                                       outputHeight: outputHeight, outputWidth: outputWidth)
        if let problem = TensorSize.problem(with: geometry.outputShape) {
            throw NablaError.shapeMismatch(layer: layer, message: "the output would be too large: \(problem)")
        }
        return geometry
    }

    /// `"2×3 window, stride 1×2, padding 1×1"`.
    public var summary: String {
        "\(kernelHeight)×\(kernelWidth) window, stride \(strideHeight)×\(strideWidth), padding \(paddingHeight)×\(paddingWidth)"
    }
}

/// A window together with the input it slides over: every size the naive and fast loops need.
public struct PoolingGeometry: Sendable, Equatable {
    public let window: PoolingWindow
    public let batch: Int, channels: Int, height: Int, width: Int
    public let outputHeight: Int, outputWidth: Int

    public var inputShape: [Int] { [batch, channels, height, width] }
    public var outputShape: [Int] { [batch, channels, outputHeight, outputWidth] }
    /// One (image, channel) pair: the unit of work of the fast loops.
    public var planeCount: Int { batch * channels }
    public var inputPlaneSize: Int { height * width }
    public var outputPlaneSize: Int { outputHeight * outputWidth }

    /// Calls `body(o, rows, columns)` for every window in scan order: o = i·W_out + j is the
    /// output it gives, `rows` and `columns` the input cells it covers (clipped to the plane).
    @inlinable @inline(__always)
    public func forEachWindow(_ body: (_ output: Int, _ rows: Range<Int>, _ columns: Range<Int>) -> Void) {
        for i in 0..<outputHeight {
            let rows = rows(ofOutputRow: i)
            for j in 0..<outputWidth { body(i * outputWidth + j, rows, columns(ofOutputColumn: j)) }
        }
    }

    /// The input rows window row `i` covers, clipped to the plane (the rest is padding).
    @inlinable
    public func rows(ofOutputRow i: Int) -> Range<Int> {
        let start = i * window.strideHeight - window.paddingHeight
        return max(start, 0)..<min(start + window.kernelHeight, height)
    }

    /// The input columns window column `j` covers, clipped to the plane.
    @inlinable
    public func columns(ofOutputColumn j: Int) -> Range<Int> {
        let start = j * window.strideWidth - window.paddingWidth
        return max(start, 0)..<min(start + window.kernelWidth, width)
    }
}
