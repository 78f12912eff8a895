import NablaCore

/// A linear classifier: each class's score is a weighted sum of the features plus a bias.
///
///     scores = X W + b        X [N, D], W [D, C], b [C], scores [N, C]
///
/// This is CS231n's layout: W is `[D, C]`, so column j is class j's template. (Chapter 2's
/// `Linear` layer stores PyTorch's `[C, D]` and computes X Wᵀ + b: the same model, transposed.)
public struct LinearClassifier<Scalar: Real> {
    public var weights: Tensor<Scalar>
    public var bias: Tensor<Scalar>

    /// Small random weights, W ~ N(0, scale²), and a zero bias.
    public init(features: Int, classes: Int, scale: Scalar = 0.01, generator: inout RandomGenerator) {
        weights = .normal(shape: [features, classes], standardDeviation: scale, generator: &generator)
        bias = Tensor(zeros: [classes])
    }

    public init(weights: Tensor<Scalar>, bias: Tensor<Scalar>) {
        require(weights.rank == 2 && bias.shape == [weights.shape[1]],
                "LinearClassifier: weights must be [D, C] and bias [C], got \(describe(shape: weights.shape)) and \(describe(shape: bias.shape))")
        (self.weights, self.bias) = (weights, bias)
    }

    public var features: Int { weights.shape[0] }
    public var classes: Int { weights.shape[1] }

    /// scores = X W + b
    public func scores(_ inputs: Tensor<Scalar>) -> Tensor<Scalar> {
        require(inputs.rank == 2 && inputs.shape[1] == features,
                "LinearClassifier: inputs must be [N, \(features)], got \(describe(shape: inputs.shape))")
        return matmul(inputs, weights).addingToEachRow(bias)
    }

    /// The class with the highest score, for each row of `inputs`.
    public func predict(_ inputs: Tensor<Scalar>) -> [Int] { scores(inputs).argmaxLastAxis() }

    /// The fraction of `data` classified correctly.
    public func accuracy(on data: LabeledData<Scalar>) -> Double {
        let correct = zip(predict(data.inputs), data.labels).filter { $0 == $1 }.count
        return Double(correct) / Double(data.count)
    }
}

/// A loss and its gradients with respect to the classifier's weights and bias.
public struct LossAndGradients<Scalar: Real> {
    public var loss: Scalar
    public var weightGradient: Tensor<Scalar>
    public var biasGradient: Tensor<Scalar>

    public init(loss: Scalar, weightGradient: Tensor<Scalar>, biasGradient: Tensor<Scalar>) {
        self.loss = loss
        self.weightGradient = weightGradient
        self.biasGradient = biasGradient
    }
}

extension LinearClassifier {
    /// s_j = Σ_d x_d W_dj + b_j for example `n` of the flat inputs `x`, one class and feature at a
    /// time: the first step of the naive losses.
    func naiveScores(_ x: [Scalar], example n: Int) -> [Scalar] {
        let w = weights.scalars
        var scores = bias.scalars
        for j in 0..<classes {
            for d in 0..<features { scores[j] += x[n * features + d] * w[d * classes + j] }
        }
        return scores
    }
}

/// What the naive losses sum over the examples: the data loss and its gradients, dW `[D·C]` and db `[C]`.
struct NaiveSums<Scalar: Real> {
    let model: LinearClassifier<Scalar>
    var loss: Scalar = 0
    var dW: [Scalar], db: [Scalar]

    init(_ model: LinearClassifier<Scalar>) {
        self.model = model
        (dW, db) = ([Scalar](repeating: 0, count: model.features * model.classes), [Scalar](repeating: 0, count: model.classes))
    }

    /// The last step of the naive losses: the sums over `count` examples averaged, plus the L2
    /// penalty λ Σ W² and its derivative 2λ W.
    func average(count: Int, regularization: Scalar) -> LossAndGradients<Scalar> {
        let w = model.weights.scalars
        var loss = loss / Scalar(count), dW = dW
        for i in dW.indices {
            // λ W² and its derivative 2λ W, added after averaging the data term
            loss += regularization * w[i] * w[i]
            dW[i] = dW[i] / Scalar(count) + 2 * regularization * w[i]
        }
        return LossAndGradients(loss: loss, weightGradient: Tensor(shape: [model.features, model.classes], scalars: dW),
                                biasGradient: Tensor(shape: [model.classes], scalars: db.map { $0 / Scalar(count) }))
    }
}

/// Stops with a clear message unless inputs `[N, D]` and labels fit the classifier.
func checkClassifierInputs<Scalar>(_ model: LinearClassifier<Scalar>, _ inputs: Tensor<Scalar>, _ labels: [Int],
                                   _ loss: String) {
    require(inputs.rank == 2 && inputs.shape[1] == model.features && inputs.shape[0] == labels.count && !labels.isEmpty,
            "\(loss): inputs must be [N, \(model.features)] with one label per row, got \(describe(shape: inputs.shape)) and \(labels.count) labels")
    require(labels.allSatisfy { (0..<model.classes).contains($0) }, "\(loss): labels must lie in 0..<\(model.classes)")
}
