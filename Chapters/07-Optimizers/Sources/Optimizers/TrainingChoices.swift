import NablaCore
import NablaTrain
import Backprop

extension TrainingSettings {
    /// The optimizer `optimizer` names, with these settings' learning rate, weight decay and (for
    /// SGD) momentum, and PyTorch's defaults for the rest. What `--optimizer` of the MNIST
    /// executables builds. Throws PyTorch's range errors, naming the value, for settings out of range.
    public func makeOptimizer() throws -> any Optimizer<Float> {
        var keys: [String: JSON] = ["lr": .number(learningRate), "weight_decay": .number(weightDecay)]
        switch optimizer {
        case .sgd:
            keys["momentum"] = .number(momentum)
            return try SGD<Float>(config: Config(op: "sgd", keys))
        case .adam: return try Adam<Float>(config: Config(op: "adam", keys))
        case .adamw: return try AdamW<Float>(config: Config(op: "adamw", keys))
        case .rmsprop: return try RMSProp<Float>(config: Config(op: "rmsprop", keys))
        case .adagrad: return try AdaGrad<Float>(config: Config(op: "adagrad", keys))
        }
    }
}
