import NablaCore

/// Batch normalisation of images: input `[N, C, H, W]`, each channel normalised over the batch and
/// all H·W positions (one γ and β per channel, as a convolution shares its weights). The
/// arithmetic is in `BatchNormalization`, the rest in `BatchNormLayer`.
public struct BatchNorm2D<Scalar: Real>: BatchNormLayer {
    public static var opName: String { "batch_norm2d" }
    public static var summary: String { "y = γ (x − μ)/√(σ² + ε) + β per channel, μ and σ² over batch and positions" }
    public static var exampleInputShape: [Int] { [2, 3, 4, 5] }
    public static var acceptedRanks: Set<Int> { [4] }
    public static var expectedInput: String { "4D input [N, C, H, W]" }

    public var normalization: BatchNormalization<Scalar>

    public init(normalization: BatchNormalization<Scalar>) { self.normalization = normalization }
}
