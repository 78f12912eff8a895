import NablaCore

/// Rosenbrock's banana-shaped valley, the classic hard surface for optimizers:
///
///     f(x, y) = (1 − x)² + 100 (y − x²)²
///     ∂f/∂x = −2 (1 − x) − 400 x (y − x²)
///     ∂f/∂y = 200 (y − x²)
///
/// The minimum f(1, 1) = 0 lies at the bottom of the curved valley y ≈ x². There the curvature is
/// about 1000 across the valley and 0.4 along it: a step size small enough not to bounce between
/// the walls crawls along the floor.
public struct Rosenbrock: LossSurface {
    public var name: String { "Rosenbrock" }
    public var minimum: SIMD2<Double> { SIMD2(1, 1) }

    public init() {}

    public func value<Scalar: Real>(at point: Tensor<Scalar>) -> Scalar {
        let (x, y) = (point[0], point[1])
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    }

    public func gradient<Scalar: Real>(at point: Tensor<Scalar>) -> Tensor<Scalar> {
        let (x, y) = (point[0], point[1])
        return Tensor(shape: [2], scalars: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }
}
