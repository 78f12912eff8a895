import NablaCore

/// Mean absolute error: L = (1/n) Σ |x_i − t_i|, the loss that follows from Laplace noise; large
/// residuals count linearly, so outliers pull less than under MSE.
/// A `ResidualLoss` with ρ(r) = |r|, so dL/dx_i = sign(x_i − t_i) / n, with sign(0) = 0 as in PyTorch.
public struct L1Loss<Scalar: Real>: ResidualLoss {
    public static var lossName: String { "l1_loss" }

    public init() {}

    /// ρ(r) = |r|
    public func penalty(_ r: Scalar) -> Scalar { abs(r) }

    /// ρ′(r) / n = sign(r) / n
    public func gradient(_ r: Scalar, count n: Scalar) -> Scalar { r > 0 ? 1 / n : (r < 0 ? -1 / n : 0) }
}
