import NablaCore

/// Registers this chapter's convolutions, so `nabla gradcheck conv2d`, `nabla verify` and model
/// descriptions find them by their PyTorch names.
public func registerConvolutionOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(Conv2D<Scalar>.self)
    registry.register(ConvTranspose2D<Scalar>.self)
}
