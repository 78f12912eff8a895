import NablaCore

/// Softmax cross-entropy: L = −(1/N) Σ_n log softmax(x_n)[y_n], for scores x `[N, C]` and class
/// labels y `[N]`. Computed through log-softmax (log-sum-exp), so large scores never overflow.
/// dL/dx_n = (softmax(x_n) − onehot(y_n)) / N: the famous "probabilities minus targets".
public struct CrossEntropyLoss<Scalar: Real>: Loss {
    public init() {}

    public struct Cache {
        let probabilities: Tensor<Scalar>
        let labels: [Int]
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Cache) {
        let labels = try classLabels(input, target, loss: "cross_entropy")
        let logProbabilities = logSoftmax(input)
        let classes = input.shape[1]
        var total: Scalar = 0
        for (n, label) in labels.enumerated() { total -= logProbabilities.scalars[n * classes + label] }
        return (total / Scalar(labels.count), Cache(probabilities: logProbabilities.map(Scalar.exp), labels: labels))
    }

    @_specialize(where Scalar == Float)
    public func backward(cache: Cache) -> Tensor<Scalar> {
        var gradient = cache.probabilities
        let classes = gradient.shape[1], n = Scalar(cache.labels.count)
        // dx = (p − onehot(y)) / N
        for (row, label) in cache.labels.enumerated() { gradient.scalars[row * classes + label] -= 1 }
        return gradient / n
    }
}

/// Checks scores `[N, C]` against labels `[N]` and returns the labels as integers in 0..<C.
func classLabels<Scalar: Real>(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>, loss: String) throws -> [Int] {
    try checkShape(input.rank == 2 && input.shape[0] > 0 && input.shape[1] > 0, layer: loss,
                   "input must be scores of shape [N, C] with N, C > 0, got \(describe(shape: input.shape))")
    try checkShape(target.shape == [input.shape[0]], layer: loss,
                   "target must hold one class label per row: expected shape [\(input.shape[0])], got \(describe(shape: target.shape))")
    return try target.scalars.enumerated().map { n, value in
        guard value.rounded() == value, value >= 0, value < Scalar(input.shape[1]) else {
            throw NablaError.shapeMismatch(layer: loss,
                                           message: "target[\(n)] = \(value) is not a class index in 0..<\(input.shape[1])")
        }
        return Int(value)
    }
}
