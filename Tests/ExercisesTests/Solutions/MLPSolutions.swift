import Backprop
import MLP
import NablaCore
import NablaExercises

// Reference solutions of chapter 3's exercises and typical wrong versions.

struct HuberSolution: Loss {
    typealias Scalar = Double
    var delta = 1.0
    var version = Version.reference

    func forward(_ input: Tensor<Double>, target: Tensor<Double>) throws -> (loss: Double, cache: Tensor<Double>) {
        try checkShape(input.shape == target.shape, layer: "HuberLoss", "input \(describe(shape: input.shape)) and target \(describe(shape: target.shape)) differ")
        let d = input - target
        // ℓ = ½d² inside δ, δ(|d| − ½δ) outside; the mistake: a sum where the mean belongs
        let total = d.scalars.reduce(0) { $0 + (abs($1) < delta ? 0.5 * $1 * $1 : delta * (abs($1) - 0.5 * delta)) }
        return (version == .meanOverBatch ? total : total / Double(d.count), d)
    }

    func backward(cache d: Tensor<Double>) -> Tensor<Double> {
        // dℓ/dd = d inside δ, δ·sign(d) outside, over n; the mistake: target − input
        let sign: Double = version == .flippedSign ? -1 : 1
        return d.map { sign * (abs($0) < delta ? $0 : delta * ($0 > 0 ? 1 : -1)) / Double(d.count) }
    }
}

struct LabelSmoothingSolution: Loss {
    typealias Scalar = Double
    var epsilon = 0.1
    var version = Version.reference

    func forward(_ x: Tensor<Double>, target: Tensor<Double>) throws -> (loss: Double, cache: Tensor<Double>) {
        let (n, c) = (x.shape[0], x.shape[1])
        var context = ForwardContext.evaluation
        let logP = try LogSoftmax<Double>().forward(x, context: &context).output
        // q = (1 − ε)·onehot + ε/C
        let q = Tensor<Double>(shape: [n, c]) { i in (Int(target.scalars[i / c]) == i % c ? 1 - epsilon : 0) + epsilon / Double(c) }
        let total = -(q * logP).sum()
        // the cache: (softmax − q)/N, the gradient; the mistake: no 1/N
        let mean = version == .meanOverBatch ? 1 : Double(n)
        return (total / mean, (logP.map { Double.exp($0) } - q) / mean)
    }

    func backward(cache: Tensor<Double>) -> Tensor<Double> { version == .flippedSign ? cache * -1 : cache }
}

enum MLPSolutions {
    static func huber(_ version: Version = .reference) -> LossMaker {
        { config in HuberSolution(delta: try config.double("delta", default: 1), version: version) }
    }
    static func labelSmoothing(_ version: Version = .reference) -> LossMaker {
        { config in LabelSmoothingSolution(epsilon: try config.double("label_smoothing", default: 0.1), version: version) }
    }
    /// 784 → 60 → 10: 47,710 parameters. The wrong versions: 784 → 64 → 10 (50,890, over budget)
    /// and a linear classifier (7,850, under budget but about 92%).
    static func smallMLP(_ version: Version = .reference) -> MLPExercises.ModelMaker {
        { generator in
            let hidden = version == .doubled ? [64] : version == .missingShortcut ? [] : [60]
            return multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator)
        }
    }
}
