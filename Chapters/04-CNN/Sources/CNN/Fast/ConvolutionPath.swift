import NablaCore

/// How the fast convolution computes.
public enum ConvolutionPath: String, Sendable, CaseIterable {
    /// SIMD tiles over a zero-padded copy of each image (DirectConvolution.swift). Stride 1 only.
    case direct
    /// One matrix product per image over its im2col matrix (Im2col.swift). Any stride.
    case im2col

    /// Whether this path can compute `geometry`.
    public func supports(_ geometry: ConvolutionGeometry) -> Bool {
        self == .im2col || geometry.stride == (1, 1)
    }

    /// The path for a shape, from the shape alone. Measured at batch 128 on one core of the
    /// reference machine (AVX-512): the direct path copies nothing but the padded image, and wins
    /// on LeNet's layers (conv 6 → 16, 5×5 on 14×14: forward 0.86 ms against 1.5 ms, backward 1.9
    /// against 3.3) and still at 32 → 64 channels on 14×14 (forward 10.8 ms against 12.5). It loses
    /// when most of its 48-position tiles fall outside a small image and the channels are many
    /// (64 → 64 on 4×4, 16 useful positions of 48: forward 4.1 ms against 3.0, dL/dw 10.6 against 3.8).
    public static func automatic(for geometry: ConvolutionGeometry) -> ConvolutionPath {
        guard geometry.stride == (1, 1) else { return .im2col }
        return DirectConvolutionLayout(geometry, Float.self).keptFraction >= 0.5 || geometry.columnRows < 128 ? .direct : .im2col
    }
}
