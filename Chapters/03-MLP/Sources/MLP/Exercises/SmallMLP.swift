import Backprop
import NablaCore

/// Exercise 3.3 — A small perceptron that still reaches 97.5% on MNIST with fewer than 50,000
/// parameters (chapter 3's default has 535,818). The text: Chapters/03-MLP/EXERCISES.md #3.
///
/// Return the model as a Swift value, e.g. `Sequential(Linear(…), ReLU(), …)`: input [N, 784]
/// (flattened images), output [N, 10] (class scores). The checker counts its parameters, then
/// trains it with chapter 3's default settings (SGD with momentum, cosine schedule, 12 epochs)
/// and reads the test accuracy.
/// Check it: `nabla exercises check small-mlp` (a few seconds on two cores).
public func smallMLP(generator: inout RandomGenerator) throws -> Sequential<Float> {
    // Your code.
    throw NotImplemented("Chapters/03-MLP/EXERCISES.md #3")
}
