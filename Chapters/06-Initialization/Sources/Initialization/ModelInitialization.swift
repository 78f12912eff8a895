import NablaCore

extension Sequential {
    /// Redraws the parameters of every layer with a weight of two or more dimensions (linear and
    /// convolution layers), in order: the weight from `scheme`, its fans read from its shape, and
    /// the bias as the scheme says (zero, except under PyTorch's default). Other layers (a batch
    /// norm's one-dimensional scale, for instance) keep their parameters.
    public mutating func initialize(with scheme: Initializer, generator: inout RandomGenerator) {
        for i in layers.indices {
            var parameters = layers[i].parameters
            guard let weight = parameters.tensor(named: "weight"), weight.rank >= 2 else { continue }
            parameters["weight"] = scheme.weight(shape: weight.shape, generator: &generator)
            if let bias = parameters.tensor(named: "bias") {
                parameters["bias"] = scheme.bias(count: bias.count, weightFans: Fans(weightShape: weight.shape),
                                                 generator: &generator)
            }
            layers[i].parameters = parameters
        }
    }
}
