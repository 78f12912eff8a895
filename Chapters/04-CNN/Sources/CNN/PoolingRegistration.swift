import NablaCore

/// Registers the pooling and upsampling layers under their golden-v1 names (`max_pool2d`,
/// `avg_pool2d`, `upsample_nearest2d`), so fixtures, `nabla gradcheck` and model descriptions find them.
public func registerPoolingOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(MaxPool2D<Scalar>.self)
    registry.register(AvgPool2D<Scalar>.self)
    registry.register(Upsample<Scalar>.self)
}
