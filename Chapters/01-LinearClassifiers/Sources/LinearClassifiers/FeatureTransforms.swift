import NablaCore

// A linear classifier draws straight boundaries in whatever space its inputs live in. Map the
// points to new features first, and straight boundaries there are curves in the original plane:
// the model stays linear in its parameters, so the losses and their gradients do not change.

/// All monomials x₁^a x₂^b with 1 ≤ a + b ≤ degree of 2-D points `[N, 2]`, ordered by total degree:
/// x₁, x₂, x₁², x₁x₂, x₂², x₁³, … ((degree + 1)(degree + 2)/2 − 1 features; the bias is the
/// constant term).
public func polynomialFeatures<Scalar: Real>(_ points: Tensor<Scalar>, degree: Int) -> Tensor<Scalar> {
    require(points.rank == 2 && points.shape[1] == 2 && degree >= 1,
            "polynomialFeatures: needs points [N, 2] and degree ≥ 1, got \(describe(shape: points.shape)) and \(degree)")
    var features: [Scalar] = []
    for n in 0..<points.shape[0] {
        let (x1, x2) = (points.scalars[2 * n], points.scalars[2 * n + 1])
        for total in 1...degree {
            for b in 0...total { features.append(power(x1, total - b) * power(x2, b)) }
        }
    }
    return Tensor(shape: [points.shape[0], features.count / points.shape[0]], scalars: features)
}

func power<Scalar: Real>(_ x: Scalar, _ exponent: Int) -> Scalar {
    (0..<exponent).reduce(1) { product, _ in product * x }
}

/// Radial basis features: one Gaussian bump per centre c_m, of width σ,
///
///     φ_m(x) = exp(−‖x − c_m‖² / (2σ²))
///
/// close to 1 near c_m and to 0 far from it. A weighted sum of bumps can follow any smooth
/// boundary, given enough centres.
public struct RadialBasisFeatures<Scalar: Real> {
    /// The centres, `[M, D]`.
    public let centers: Tensor<Scalar>
    public let width: Scalar

    public init(centers: Tensor<Scalar>, width: Scalar) {
        require(centers.rank == 2 && width > 0, "RadialBasisFeatures: needs centres [M, D] and a positive width")
        self.centers = centers
        self.width = width
    }

    /// Centres on a `side × side` grid covering [low, high]² in the plane.
    public init(gridSide side: Int, low: Scalar, high: Scalar, width: Scalar) {
        require(side >= 2, "RadialBasisFeatures: a grid needs at least 2 points a side, got \(side)")
        let spacing = (high - low) / Scalar(side - 1)
        let grid = Tensor<Scalar>(shape: [side * side, 2]) { i in
            let (point, coordinate) = i.quotientAndRemainder(dividingBy: 2)
            return low + spacing * Scalar(coordinate == 0 ? point / side : point % side)
        }
        self.init(centers: grid, width: width)
    }

    public var count: Int { centers.shape[0] }

    /// φ(X), shape `[N, M]`, for points `[N, D]`.
    public func callAsFunction(_ points: Tensor<Scalar>) -> Tensor<Scalar> {
        let dimensions = centers.shape[1]
        require(points.rank == 2 && points.shape[1] == dimensions,
                "RadialBasisFeatures: points must be [N, \(dimensions)], got \(describe(shape: points.shape))")
        return Tensor(shape: [points.shape[0], count]) { i in
            let (n, m) = i.quotientAndRemainder(dividingBy: count)
            var squaredDistance: Scalar = 0
            for d in 0..<dimensions {
                let difference = points.scalars[n * dimensions + d] - centers.scalars[m * dimensions + d]
                squaredDistance += difference * difference
            }
            return Scalar.exp(-squaredDistance / (2 * width * width))
        }
    }
}
