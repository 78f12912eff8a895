import NablaCore

/// Batch normalisation of features: input `[N, C]` (or `[N, C, L]`), each feature normalised over
/// the batch (and L). The arithmetic is in `BatchNormalization`, the rest in `BatchNormLayer`.
public struct BatchNorm1D<Scalar: Real>: BatchNormLayer {
    public static var opName: String { "batch_norm1d" }
    public static var summary: String { "y = γ (x − μ)/√(σ² + ε) + β per feature, μ and σ² over the batch" }
    public static var exampleInputShape: [Int] { [5, 3] }
    public static var acceptedRanks: Set<Int> { [2, 3] }
    public static var expectedInput: String { "2D or 3D input [N, C] or [N, C, L]" }

    public var normalization: BatchNormalization<Scalar>

    public init(normalization: BatchNormalization<Scalar>) { self.normalization = normalization }
}
