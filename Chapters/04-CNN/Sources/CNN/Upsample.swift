import NablaCore
import Backprop

/// Nearest-neighbour upsampling of NCHW images by integer factors: every cell becomes a
/// scale_h × scale_w block of copies, so an H×W map becomes (H·scale_h)×(W·scale_w).
///
///     y[n, c, i, j] = x[n, c, ⌊i / scale_h⌋, ⌊j / scale_w⌋]
///
/// Backward sums the gradients of each block back into the cell it was copied from.
/// The loops are in UpsampleNaive.swift (to read) and UpsampleFast.swift (what runs).
public struct Upsample<Scalar: Real>: ParameterFreeLayer {
    public let scale: UpsampleScale

    public init(scale: (height: Int, width: Int)) throws {
        self.scale = try UpsampleScale(height: scale.height, width: scale.width)
    }

    public init(scale: UpsampleScale) { self.scale = scale }

    /// Caches the input shape.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: [Int]) {
        (try upsampleNearest2DFast(input, scale: scale), input.shape)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache inputShape: [Int])
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        (upsampleNearest2DBackwardFast(outputGradient, inputShape: inputShape, scale: scale), Parameters())
    }
}

/// The integer factors of a nearest upsampling, checked positive.
public struct UpsampleScale: Sendable, Equatable {
    public let height: Int, width: Int
    /// The layer's op name, for error messages.
    public let layer: String

    public init(height: Int, width: Int, layer: String = "upsample_nearest2d") throws {
        // An input of one cell always fits, so this checks the factors alone.
        _ = try upsampleOutputSize(input: 1, scale: height, layer: layer, axis: "height")
        _ = try upsampleOutputSize(input: 1, scale: width, layer: layer, axis: "width")
        (self.height, self.width, self.layer) = (height, width, layer)
    }

    /// `[N, C, H·scale_h, W·scale_w]` for an `[N, C, H, W]` input, or an error naming the layer.
    public func outputShape(input shape: [Int]) throws -> [Int] {
        try checkShape(shape.count == 4, layer: layer, "input must be [N, C, H, W], got \(describe(shape: shape))")
        let output = [shape[0], shape[1],
                      try upsampleOutputSize(input: shape[2], scale: height, layer: layer, axis: "height"),
                      try upsampleOutputSize(input: shape[3], scale: width, layer: layer, axis: "width")]
        if let problem = TensorSize.problem(with: output) {
            throw NablaError.shapeMismatch(layer: layer, message: "the output would be too large: \(problem)")
        }
        return output
    }
}
