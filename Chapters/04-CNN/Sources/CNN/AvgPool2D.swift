import NablaCore
import Backprop

/// 2-D average pooling over NCHW images: each output is the mean of its window, a smoothed and
/// smaller copy of the map.
///
///     y[n, c, i, j] = (1 / (kernel_h·kernel_w)) · Σ over the window at (i·stride_h − padding_h, j·stride_w − padding_w)
///
/// Padding cells are zeros that count in the divisor (PyTorch's defaults: `count_include_pad`
/// true, `ceil_mode` false). Backward spreads each output's gradient evenly over its window.
/// The loops are in AvgPool2DNaive.swift (to read) and AvgPool2DFast.swift (what runs).
public struct AvgPool2D<Scalar: Real>: ParameterFreeLayer {
    public let window: PoolingWindow

    /// `stride` defaults to the kernel size, as in PyTorch. Throws when the window cannot work
    /// (a size below 1, padding over half the kernel).
    public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws {
        window = try PoolingWindow(kernel: kernelSize, stride: stride, padding: padding, layer: "avg_pool2d")
    }

    /// A square window, with the same stride and padding along both axes.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try self.init(kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }

    public init(window: PoolingWindow) { self.window = window }

    /// Caches the sizes: the backward of a mean needs no input values.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: PoolingGeometry) {
        (try avgPool2DFast(input, window: window), try window.geometry(input: input.shape))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache geometry: PoolingGeometry)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        (avgPool2DBackwardFast(outputGradient, geometry: geometry), Parameters())
    }
}
