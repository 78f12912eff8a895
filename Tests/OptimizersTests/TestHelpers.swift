import NablaCore
import NablaTestSupport

/// Applies `gradients` one step each to `start` and returns the parameter after each step.
func trajectory<O: Optimizer<Double>>(_ optimizer: O, from start: [Double], gradients: [[Double]]) -> [[Double]] {
    var optimizer = optimizer
    var parameter = vector(start)
    return gradients.map { gradient in
        optimizer.update(&parameter, gradient: vector(gradient), key: "p")
        return parameter.scalars
    }
}
