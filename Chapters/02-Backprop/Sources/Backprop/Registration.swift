import NablaCore

/// Registers this chapter's layers, losses and optimizer, so `nabla gradcheck NAME` and golden
/// fixtures find them by their PyTorch names. A layer you write as an exercise joins here.
public func registerBackpropOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registry.register(Linear<Scalar>.self)
    registry.register(ReLU<Scalar>.self)
    registry.register(LeakyReLU<Scalar>.self)
    registry.register(Sigmoid<Scalar>.self)
    registry.register(Tanh<Scalar>.self)
    registry.register(Softmax<Scalar>.self)
    registry.register(LogSoftmax<Scalar>.self)
    registry.register(Flatten<Scalar>.self)
    registry.register(MSELoss<Scalar>.self)
    registry.register(L1Loss<Scalar>.self)
    registry.register(CrossEntropyLoss<Scalar>.self)
    registry.register(BCEWithLogitsLoss<Scalar>.self)
    registry.register(MulticlassHingeLoss<Scalar>.self)
    registry.register(SGD<Scalar>.self)
}
