import NablaCore

// The softmax (cross-entropy) loss of a linear classifier, scores s = x W + b:
//
//     p_j = e^(s_j) / Σ_k e^(s_k)                    probability of class j
//     L   = (1/N) Σ_n −log p_{n, y_n}  +  λ Σ W²      mean data loss plus the L2 penalty
//
// Differentiating −log p_y = log Σ_k e^(s_k) − s_y by s_j gives p_j − 1[j = y], and s_j = x·W[:, j] + b_j,
// so by the chain rule
//
//     dL/dW = (1/N) Xᵀ (P − Y) + 2λ W,   dL/db = (1/N) Σ_n (P − Y)[n, :]
//
// with P the probabilities [N, C] and Y the one-hot labels. Two versions follow: one with explicit
// loops over examples, classes and features, and one with whole matrices. Tests prove them equal.

/// Softmax loss and gradients, one example, class and feature at a time.
public func softmaxLossNaive<Scalar: Real>(_ model: LinearClassifier<Scalar>, inputs: Tensor<Scalar>, labels: [Int],
                                           regularization: Scalar) -> LossAndGradients<Scalar> {
    checkClassifierInputs(model, inputs, labels, "softmaxLossNaive")
    let (count, features, classes) = (inputs.shape[0], model.features, model.classes)
    let x = inputs.scalars
    var sums = NaiveSums(model)
    for n in 0..<count {
        let scores = model.naiveScores(x, example: n)
        // Shifting all scores by their maximum m leaves p unchanged and keeps e^s from overflowing.
        let largest = scores.max()!
        let exponentials = scores.map { Scalar.exp($0 - largest) }
        let total = exponentials.reduce(0, +)
        // −log p_y = log Σ_k e^(s_k − m) − (s_y − m)
        sums.loss += Scalar.log(total) - (scores[labels[n]] - largest)
        for j in 0..<classes {
            // d(−log p_y)/ds_j = p_j − 1[j = y]
            let dScore = exponentials[j] / total - (j == labels[n] ? 1 : 0)
            for d in 0..<features { sums.dW[d * classes + j] += dScore * x[n * features + d] }
            sums.db[j] += dScore
        }
    }
    return sums.average(count: count, regularization: regularization)
}

/// Softmax loss and gradients with whole matrices: two matrix products and elementwise work.
public func softmaxLossVectorized<Scalar: Real>(_ model: LinearClassifier<Scalar>, inputs: Tensor<Scalar>,
                                                labels: [Int], regularization: Scalar) -> LossAndGradients<Scalar> {
    checkClassifierInputs(model, inputs, labels, "softmaxLossVectorized")
    let count = Scalar(labels.count)
    let logProbabilities = logSoftmaxRows(model.scores(inputs))
    let penalty = l2Penalty(model.weights, strength: regularization)
    // L = −(1/N) Σ_n log p_{n, y_n} + λ Σ W²
    let loss = -pickEachRow(logProbabilities, labels).sum() / count + penalty.loss
    // dL/dS = (P − Y) / N
    let dScores = (logProbabilities.map(Scalar.exp) - oneHot(labels, classes: model.classes)) / count
    // dL/dW = Xᵀ dS + 2λ W,  dL/db = Σ_n dS[n, :]
    return LossAndGradients(loss: loss, weightGradient: matmul(inputs, dScores, transposeA: true) + penalty.gradient,
                            biasGradient: dScores.sum(axis: 0))
}
