import NablaCore
import Backprop

/// 2-D max pooling over NCHW images: each output is the largest input in its window, so the map
/// shrinks (by the stride) and keeps each region's strongest response wherever it lies in the window.
///
///     y[n, c, i, j] = max over the window at (i·stride_h − padding_h, j·stride_w − padding_w) of x[n, c, ·, ·]
///
/// Backward routes each output's gradient to the one input that was the max (the forward pass
/// caches its position); the other cells of the window get none. Padding counts as −∞.
/// The loops are in MaxPool2DNaive.swift (to read) and MaxPool2DFast.swift (what runs).
public struct MaxPool2D<Scalar: Real>: ParameterFreeLayer, WindowPooling {
    public let window: PoolingWindow

    /// What backward needs: the sizes, and where each output's max was.
    public struct Cache {
        public let geometry: PoolingGeometry
        public let argmax: [Int]
    }

    /// The name in errors; `init(kernelSize:stride:padding:)` comes with `WindowPooling`.
    public static var layerName: String { "max_pool2d" }

    public init(window: PoolingWindow) { self.window = window }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        let (output, argmax) = try maxPool2DFast(input, window: window)
        return (output, Cache(geometry: try window.geometry(input: input.shape), argmax: argmax))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        (maxPool2DBackwardFast(outputGradient, argmax: cache.argmax, geometry: cache.geometry), Parameters())
    }
}
