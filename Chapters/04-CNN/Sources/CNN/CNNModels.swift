import NablaCore
import Backprop

/// The convolutional networks of chapter 4, for 28×28 one-channel images and 10 classes.
public enum CNNArchitecture: String, CaseIterable, Sendable {
    /// LeNet-5 (LeCun et al., 1998) with ReLU and max pooling, as it is usually trained today:
    /// conv 5×5 (6) → pool → conv 5×5 (16) → pool → 120 → 84 → 10; about 62,000 parameters.
    case lenet
    /// Two 5×5 convolutions of 32 and 64 channels, each followed by a 2×2 max pool, then 256
    /// hidden units (the classic "deep MNIST" network): 16 times LeNet's parameters, for the best
    /// accuracy.
    case wide

    /// The layers, as golden-v1 op names and configurations: the same description a model
    /// fixture uses, built through the registry.
    public var layerDescriptions: [(op: String, config: [String: JSON])] {
        func conv(_ input: Int, _ output: Int, kernel: Int, padding: Int) -> (String, [String: JSON]) {
            ("conv2d", ["in_channels": .number(Double(input)), "out_channels": .number(Double(output)),
                        "kernel_size": .number(Double(kernel)), "stride": .number(1), "padding": .number(Double(padding))])
        }
        func linear(_ input: Int, _ output: Int) -> (String, [String: JSON]) {
            ("linear", ["in_features": .number(Double(input)), "out_features": .number(Double(output))])
        }
        let relu = ("relu", [String: JSON]()), flatten = ("flatten", [String: JSON]())
        let pool = ("max_pool2d", ["kernel_size": JSON.number(2), "stride": .number(2)])
        switch self {
        case .lenet:
            // 28×28 → conv (pad 2) 28×28×6 → pool 14×14×6 → conv 10×10×16 → pool 5×5×16 = 400
            return [conv(1, 6, kernel: 5, padding: 2), relu, pool, conv(6, 16, kernel: 5, padding: 0), relu, pool,
                    flatten, linear(400, 120), relu, linear(120, 84), relu, linear(84, 10)]
        case .wide:
            // 28×28 → conv (pad 2) 28×28×32 → pool 14×14×32 → conv (pad 2) 14×14×64 → pool 7×7×64 = 3136
            return [conv(1, 32, kernel: 5, padding: 2), relu, pool, conv(32, 64, kernel: 5, padding: 2), relu, pool,
                    flatten, linear(3136, 256), relu, linear(256, 10)]
        }
    }

    /// A fresh model with PyTorch's default initialisation, drawn from `generator`.
    public func makeModel<Scalar: Real>(generator: inout RandomGenerator) throws -> Sequential<Scalar> {
        var registry = Registry<Scalar>()
        registerBackpropOps(into: &registry)
        registerCNNOps(into: &registry)
        return Sequential(try layerDescriptions.map { try registry.makeLayer($0.op, config: $0.config, generator: &generator) })
    }
}
