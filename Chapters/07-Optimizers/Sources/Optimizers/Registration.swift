import NablaCore

/// Registers this chapter's optimizers, so golden fixtures and model descriptions find them by
/// their PyTorch names. (SGD is chapter 2's.)
public func registerOptimizerOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(AdaGrad<Scalar>.self)
    registry.register(RMSProp<Scalar>.self)
    registry.register(Adam<Scalar>.self)
    registry.register(AdamW<Scalar>.self)
}
