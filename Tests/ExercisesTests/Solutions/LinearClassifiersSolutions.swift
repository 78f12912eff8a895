import Backprop
import LinearClassifiers
import NablaCore
import NablaExercises

// Reference solutions of chapter 1's exercises and typical wrong versions.

enum LinearClassifiersSolutions {
    static func ridge(_ version: Version = .reference) -> LinearClassifiersExercises.RidgeSolver {
        { x, y, lambda in
            // (XᵀX + λI) w = Xᵀy; the mistakes: λ/2, or no λ at all
            let effective = version == .missingHalf ? lambda / 2 : version == .missingShortcut ? 0 : lambda
            var gram = matmul(x, x, transposeA: true)
            for i in 0..<x.shape[1] { gram.scalars[i * x.shape[1] + i] += effective }
            return choleskySolve(gram, matmul(x, y.reshaped([-1, 1]), transposeA: true).reshaped([-1]))
        }
    }

    static func ridgeGradient(_ version: Version = .reference) -> LinearClassifiersExercises.RidgeGradient {
        { w, x, y, lambda in
            let n = Double(x.shape[0])
            let r = matmul(x, w.reshaped([-1, 1])).reshaped([-1]) - y
            // L = (1/N)‖r‖² + λ‖w‖²,  dL/dw = (2/N) Xᵀr + 2λw; the mistakes: no 2 in the data term, no 1/N
            let mean = version == .meanOverBatch ? 1 : n
            let two = version == .missingHalf ? 1.0 : 2.0
            let loss = (r * r).sum() / mean + lambda * (w * w).sum()
            let gradient = matmul(x, r.reshaped([-1, 1]), transposeA: true).reshaped([-1]) * (two / mean) + w * (2 * lambda)
            return (loss, gradient)
        }
    }

    static func logistic(_ version: Version = .reference) -> LinearClassifiersExercises.LogisticGradients {
        { w, b, x, y in
            let n = x.shape[0]
            let s = matmul(x, w.reshaped([-1, 1])).reshaped([-1]) + b
            // log σ(s) = −log(1 + e^(−s)), log(1 − σ(s)) = −log(1 + e^s), each written without overflow
            func logSigmoid(_ s: Double) -> Double { s >= 0 ? -Double.log1p(Double.exp(-s)) : s - Double.log1p(Double.exp(s)) }
            var loss = 0.0
            for i in 0..<n { loss -= y.scalars[i] * logSigmoid(s.scalars[i]) + (1 - y.scalars[i]) * logSigmoid(-s.scalars[i]) }
            // dL/ds = (σ(s) − y)/N; the mistakes: y − σ(s), and a sum where the mean belongs (bias only)
            let sign: Double = version == .flippedSign ? -1 : 1
            let ds = s.zipMap(y) { sign * (sigmoid($0) - $1) / Double(n) }
            let dw = matmul(x, ds.reshaped([-1, 1]), transposeA: true).reshaped([-1])
            let db = ds.sum() * (version == .meanOverBatch ? Double(n) : 1)
            return (loss / Double(n), dw, db)
        }
    }

    static func oneVersusRest(_ version: Version = .reference) -> LinearClassifiersExercises.OneVersusRestTrainer {
        { data, learningRate, steps in
            let (d, k) = (data.inputs.shape[1], data.classes)
            var weights = Tensor<Double>(zeros: [d, k]), bias = Tensor<Double>(zeros: [k])
            for c in 0..<k {
                // the mistake: every classifier learns class 0 against the rest
                let positive = version == .transposed ? 0 : c
                let labels = Tensor<Double>(shape: [data.count]) { data.labels[$0] == positive ? 1 : 0 }
                var w = Tensor<Double>(zeros: [d]), b = 0.0
                for _ in 0..<(version == .doubled ? 0 : steps) {
                    let (_, dw, db) = try logistic()(w, b, data.inputs, labels)
                    w -= dw * learningRate
                    b -= db * learningRate
                }
                for i in 0..<d { weights.scalars[i * k + c] = w.scalars[i] }
                bias.scalars[c] = b
            }
            return LinearClassifier(weights: weights, bias: bias)
        }
    }
}
