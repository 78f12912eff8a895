import NablaCore

/// Which loss a linear classifier is trained with (each uses its vectorised version).
public enum ClassifierLoss: String, Sendable, CaseIterable {
    case softmax, svm

    public func lossAndGradients<Scalar: Real>(_ model: LinearClassifier<Scalar>, inputs: Tensor<Scalar>,
                                               labels: [Int], regularization: Scalar) -> LossAndGradients<Scalar> {
        switch self {
        case .softmax: return softmaxLossVectorized(model, inputs: inputs, labels: labels, regularization: regularization)
        case .svm: return svmLossVectorized(model, inputs: inputs, labels: labels, regularization: regularization)
        }
    }
}

/// What one epoch of training gave: the mean minibatch loss during the epoch and the accuracy on
/// the whole training set after it.
public struct EpochSummary: Sendable {
    public let epoch: Int
    public let loss: Double
    public let trainAccuracy: Double
}

/// Minibatch stochastic gradient descent. Each epoch visits the training points once, in a new
/// random order, `batchSize` at a time; each minibatch gives an estimate of the gradient of the
/// full loss, and the parameters take a step against it:
///
///     W ← W − η dL_batch/dW,   b ← b − η dL_batch/db
///
/// The order comes from `generator`, so a given seed always gives the same run. A minibatch whose
/// loss or gradient is not finite (a learning rate far too large) stops training at once with
/// `TrainingDiverged`, before the update.
@discardableResult
public func trainWithMinibatchSGD<Scalar: Real>(
    _ model: inout LinearClassifier<Scalar>, on data: LabeledData<Scalar>, loss: ClassifierLoss,
    regularization: Scalar, learningRate: Scalar, epochs: Int, batchSize: Int, generator: inout RandomGenerator,
    afterEpoch: (EpochSummary) -> Void = { _ in }
) throws -> [EpochSummary] {
    require(batchSize > 0 && epochs >= 0, "trainWithMinibatchSGD: batchSize must be positive and epochs not negative")
    var summaries: [EpochSummary] = []
    let steps = (data.count + batchSize - 1) / batchSize
    for epoch in 1..<(epochs + 1) {
        let order = generator.permutation(data.count)
        var lossTotal = 0.0
        for (step, start) in stride(from: 0, to: data.count, by: batchSize).enumerated() {
            let batch = data.subset(order[start..<min(start + batchSize, data.count)])
            let result = loss.lossAndGradients(model, inputs: batch.inputs, labels: batch.labels,
                                               regularization: regularization)
            if !result.loss.isFinite || !result.weightGradient.isFinite || !result.biasGradient.isFinite {
                throw TrainingDiverged(epoch: epoch, step: step + 1, stepsPerEpoch: steps,
                                       what: result.loss.isFinite ? "the gradient is not finite" : "the loss is \(result.loss)",
                                       firstAppearance: nil, learningRate: Double(learningRate))
            }
            model.weights.add(result.weightGradient, scaledBy: -learningRate)
            model.bias.add(result.biasGradient, scaledBy: -learningRate)
            lossTotal += Double(result.loss) * Double(batch.count)
        }
        let summary = EpochSummary(epoch: epoch, loss: lossTotal / Double(data.count),
                                   trainAccuracy: model.accuracy(on: data))
        afterEpoch(summary)
        summaries.append(summary)
    }
    return summaries
}
