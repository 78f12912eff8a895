import NablaCore
import Backprop
import CNN
import Regularization
import Optimizers
import Deep

/// Every layer, loss and optimizer Nabla implements, found by its golden-v1 op name.
/// Each chapter registers its own ops; a new chapter adds one line here.
public func standardRegistry<Scalar: Real>(_ scalar: Scalar.Type = Scalar.self) -> Registry<Scalar> {
    var registry = Registry<Scalar>()
    registerBackpropOps(into: &registry)
    registerCNNOps(into: &registry)
    registerRegularizationOps(into: &registry)
    registerOptimizerOps(into: &registry)
    registerDeepOps(into: &registry)
    return registry
}
