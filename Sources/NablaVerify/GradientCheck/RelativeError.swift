/// The relative error of the gradient checks: |a − n| / max(|a| + |n|, 1e-8), for an analytic
/// value a and a numerical value n. Near 1e-10 means agreement to float64 precision; above 1e-7
/// on a smooth function means a bug.
@inlinable
public func gradientRelativeError(_ analytic: Double, _ numeric: Double) -> Double {
    abs(analytic - numeric) / max(abs(analytic) + abs(numeric), 1e-8)
}
