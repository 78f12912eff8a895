import NablaCore

/// Mean squared error: L = (1/n) Σ (x_i − t_i)², the loss that follows from Gaussian noise.
/// A `ResidualLoss` with ρ(r) = r², so dL/dx_i = 2 (x_i − t_i) / n.
public struct MSELoss<Scalar: Real>: ResidualLoss {
    public static var lossName: String { "mse_loss" }

    public init() {}

    /// ρ(r) = r²
    public func penalty(_ r: Scalar) -> Scalar { r * r }

    /// ρ′(r) / n = 2r / n
    public func gradient(_ r: Scalar, count n: Scalar) -> Scalar { r * (2 / n) }
}
