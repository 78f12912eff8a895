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
public struct AvgPool2D<Scalar: Real>: ParameterFreeLayer, WindowPooling {
    public let window: PoolingWindow

    /// The name in errors; `init(kernelSize:stride:padding:)` comes with `WindowPooling`.
    public static var layerName: String { "avg_pool2d" }

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
