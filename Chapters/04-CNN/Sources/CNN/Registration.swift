import NablaCore

/// Registers this chapter's layers, so `nabla gradcheck conv2d` and golden fixtures find them.
public func registerCNNOps<Scalar: Real>(into registry: inout Registry<Scalar>) {
    registerConvolutionOps(into: &registry)
    registerPoolingOps(into: &registry)
}
