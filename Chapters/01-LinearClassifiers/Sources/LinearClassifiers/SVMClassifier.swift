import NablaCore

// The multiclass SVM (hinge) loss of CS231n, scores s = x W + b and margin Δ = 1:
//
//     L = (1/N) Σ_n Σ_{j ≠ y_n} max(0, s_nj − s_{n,y_n} + Δ)  +  λ Σ W²
//
// The correct class should score at least Δ more than every other class; each wrong class that
// comes closer adds its shortfall. A term that is active (> 0) has derivative +1 by s_j and −1 by s_y,
// an inactive one 0 (at exactly 0 the loss has a kink; we take 0). So, with x_n the example,
//
//     dL/dW[:, j] = (1/N) Σ_n x_n · 1[term (n, j) active]           for each wrong class j
//     dL/dW[:, y] = −(1/N) Σ_n x_n · (number of active terms in row n)
//
// plus 2λ W, and the same for b with x_n replaced by 1.

/// The margin Δ the correct class's score should lead by.
public let svmMargin = 1.0

/// Multiclass SVM loss and gradients, one example, class and feature at a time.
public func svmLossNaive<Scalar: Real>(_ model: LinearClassifier<Scalar>, inputs: Tensor<Scalar>, labels: [Int],
                                       regularization: Scalar) -> LossAndGradients<Scalar> {
    checkClassifierInputs(model, inputs, labels, "svmLossNaive")
    let (count, features, classes) = (inputs.shape[0], model.features, model.classes)
    let x = inputs.scalars
    var sums = NaiveSums(model)
    for n in 0..<count {
        let scores = model.naiveScores(x, example: n)
        let label = labels[n]
        for j in 0..<classes where j != label {
            // the shortfall s_j − s_y + Δ, counted when positive
            let shortfall = scores[j] - scores[label] + Scalar(svmMargin)
            guard shortfall > 0 else { continue }
            sums.loss += shortfall
            for d in 0..<features {
                sums.dW[d * classes + j] += x[n * features + d]
                sums.dW[d * classes + label] -= x[n * features + d]
            }
            sums.db[j] += 1
            sums.db[label] -= 1
        }
    }
    return sums.average(count: count, regularization: regularization)
}

/// Multiclass SVM loss and gradients with whole matrices.
public func svmLossVectorized<Scalar: Real>(_ model: LinearClassifier<Scalar>, inputs: Tensor<Scalar>, labels: [Int],
                                            regularization: Scalar) -> LossAndGradients<Scalar> {
    checkClassifierInputs(model, inputs, labels, "svmLossVectorized")
    let (count, classes) = (Scalar(labels.count), model.classes)
    let scores = model.scores(inputs)
    let correctScores = repeatAcrossColumns(pickEachRow(scores, labels), columns: classes)
    let isCorrect: Tensor<Scalar> = oneHot(labels, classes: classes)
    // M_nj = max(0, s_nj − s_{n,y_n} + Δ) for j ≠ y_n, and 0 for j = y_n
    let margins = (scores - correctScores + Scalar(svmMargin)).map { max($0, 0) } * isCorrect.map { 1 - $0 }
    let penalty = l2Penalty(model.weights, strength: regularization)
    let loss = margins.sum() / count + penalty.loss
    // dL/dS_nj = 1[M_nj > 0] for j ≠ y_n, and −Σ_k 1[M_nk > 0] for j = y_n; all over N
    let active = margins.map { $0 > 0 ? 1 : 0 }
    let activeCounts = repeatAcrossColumns(active.sum(axis: 1), columns: classes)
    let dScores = (active - isCorrect * activeCounts) / count
    // dL/dW = Xᵀ dS + 2λ W,  dL/db = Σ_n dS[n, :]
    return LossAndGradients(loss: loss, weightGradient: matmul(inputs, dScores, transposeA: true) + penalty.gradient,
                            biasGradient: dScores.sum(axis: 0))
}
