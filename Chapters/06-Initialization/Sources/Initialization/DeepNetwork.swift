import NablaCore
import Backprop

/// The nonlinearity between a deep network's linear layers.
public enum HiddenActivation: String, CaseIterable, Sendable {
    case tanh, relu

    /// `tanh` or `ReLU`, as printed in tables.
    public var name: String { self == .tanh ? "tanh" : "ReLU" }

    func layer() -> any Layer<Float> {
        switch self {
        case .tanh: Tanh<Float>()
        case .relu: ReLU<Float>()
        }
    }
}

/// A deep fully connected network whose weights come from one initialisation scheme:
///
///     h₀ = x,   h_l = act(h_{l−1} W_lᵀ + b_l)  for l = 1 … depth,   scores = h_depth W_outᵀ + b_out
///
/// Chapter 3's perceptron with `depth` hidden layers of the same `width` and a choice of
/// activation. In `model`, hidden layer l (from 0) is the linear layer at position 2l and its
/// activation at 2l + 1; the output layer comes last.
public struct DeepNetwork {
    public var model: Sequential<Float>
    public let activation: HiddenActivation
    public let depth: Int

    /// The layers are built, then every weight and bias is drawn from `scheme`.
    public init(activation: HiddenActivation, inputs: Int, width: Int, depth: Int, classes: Int,
                scheme: Initializer, generator: inout RandomGenerator) {
        require(inputs > 0 && width > 0 && depth > 0 && classes > 0,
                "DeepNetwork: sizes must be positive, got inputs \(inputs), width \(width), depth \(depth), classes \(classes)")
        var layers: [any Layer<Float>] = []
        for l in 0..<depth {
            layers.append(Linear<Float>(inputFeatures: l == 0 ? inputs : width, outputFeatures: width, generator: &generator))
            layers.append(activation.layer())
        }
        layers.append(Linear<Float>(inputFeatures: width, outputFeatures: classes, generator: &generator))
        model = Sequential(layers)
        model.initialize(with: scheme, generator: &generator)
        self.activation = activation
        self.depth = depth
    }

    /// The position in `model.layers` of hidden layer `l`'s linear layer; its activation follows.
    public func linearPosition(ofHiddenLayer l: Int) -> Int { 2 * l }

    /// The weight of hidden layer `l`, `[width, fan_in]`.
    public func weight(ofHiddenLayer l: Int) -> Tensor<Float> { model.layers[linearPosition(ofHiddenLayer: l)].parameters["weight"] }

    /// The bias of hidden layer `l`, `[width]`.
    public func bias(ofHiddenLayer l: Int) -> Tensor<Float> { model.layers[linearPosition(ofHiddenLayer: l)].parameters["bias"] }
}
