import NablaCore
import Backprop

/// LeNet-5 (LeCun et al., 1998) as it is usually trained today, with ReLU and max pooling, for
/// 28×28 one-channel images and 10 classes: about 62,000 parameters. Weights start as PyTorch's
/// defaults, drawn from `generator` layer by layer.
public func leNet5<Scalar: Real>(generator: inout RandomGenerator) throws -> Sequential<Scalar> {
    try Sequential(
        Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, padding: 2, generator: &generator),  // [6, 28, 28]
        ReLU(),
        MaxPool2D(kernelSize: 2, stride: 2),                                                          // [6, 14, 14]
        Conv2D(inputChannels: 6, outputChannels: 16, kernelSize: 5, generator: &generator),           // [16, 10, 10]
        ReLU(),
        MaxPool2D(kernelSize: 2, stride: 2),                                                          // [16, 5, 5]
        Flatten(),                                                                                     // [400]
        Linear(inputFeatures: 400, outputFeatures: 120, generator: &generator),
        ReLU(),
        Linear(inputFeatures: 120, outputFeatures: 84, generator: &generator),
        ReLU(),
        Linear(inputFeatures: 84, outputFeatures: 10, generator: &generator))
}

/// Two 5×5 convolutions of 32 and 64 channels, each followed by a 2×2 max pool, then 256 hidden
/// units (the classic "deep MNIST" network): 16 times LeNet's parameters, for the best accuracy.
public func wideCNN<Scalar: Real>(generator: inout RandomGenerator) throws -> Sequential<Scalar> {
    try Sequential(
        Conv2D(inputChannels: 1, outputChannels: 32, kernelSize: 5, padding: 2, generator: &generator),  // [32, 28, 28]
        ReLU(),
        MaxPool2D(kernelSize: 2, stride: 2),                                                           // [32, 14, 14]
        Conv2D(inputChannels: 32, outputChannels: 64, kernelSize: 5, padding: 2, generator: &generator), // [64, 14, 14]
        ReLU(),
        MaxPool2D(kernelSize: 2, stride: 2),                                                           // [64, 7, 7]
        Flatten(),                                                                                      // [3136]
        Linear(inputFeatures: 3136, outputFeatures: 256, generator: &generator),
        ReLU(),
        Linear(inputFeatures: 256, outputFeatures: 10, generator: &generator))
}

/// The convolutional networks of chapter 4, by the name `ch4-cnn --model` takes.
public enum CNNArchitecture: String, CaseIterable, Sendable {
    /// `leNet5`
    case lenet
    /// `wideCNN`
    case wide

    /// A fresh model with PyTorch's default initialisation, drawn from `generator`.
    public func makeModel<Scalar: Real>(generator: inout RandomGenerator) throws -> Sequential<Scalar> {
        switch self {
        case .lenet: try leNet5(generator: &generator)
        case .wide: try wideCNN(generator: &generator)
        }
    }
}
