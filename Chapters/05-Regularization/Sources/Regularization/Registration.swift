import NablaCore

/// Registers this chapter's layers (dropout, batch norm, layer norm), so `nabla gradcheck NAME`
/// and golden fixtures find them by their PyTorch names.
public func registerRegularizationOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(Dropout<Scalar>.self)
    registry.register(BatchNorm1D<Scalar>.self)
    registry.register(BatchNorm2D<Scalar>.self)
    registry.register(LayerNorm<Scalar>.self)
}
