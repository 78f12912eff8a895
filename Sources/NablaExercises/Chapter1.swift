import Foundation
import LinearClassifiers
import NablaCore
import NablaVerify

/// Chapter 1's exercises: closed forms, gradients by hand, and classifiers built from them.
public enum LinearClassifiersExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 1, library: "LinearClassifiers", name) }

    public typealias RidgeSolver = (_ inputs: Tensor<Double>, _ targets: Tensor<Double>, _ lambda: Double) throws -> Tensor<Double>
    public typealias RidgeGradient = (_ weights: Tensor<Double>, _ inputs: Tensor<Double>, _ targets: Tensor<Double>, _ lambda: Double) throws
        -> (loss: Double, gradient: Tensor<Double>)
    public typealias LogisticGradients = (_ weights: Tensor<Double>, _ bias: Double, _ inputs: Tensor<Double>, _ labels: Tensor<Double>) throws
        -> (loss: Double, weightGradient: Tensor<Double>, biasGradient: Double)
    public typealias OneVersusRestTrainer = (_ data: LabeledData<Double>, _ learningRate: Double, _ steps: Int) throws -> LinearClassifier<Double>

    public static var ridgeClosedForm: Exercise<RidgeSolver> {
        Exercise(ExerciseInfo(chapter: 1, number: 1, name: "ridge-closed-form", title: "Ridge regression in closed form", file: file("RidgeRegression"),
                              checks: "∇J(w) = 0 at your w on a random problem (which λ your w solves, if not), PyTorch fixtures (torch.linalg.solve)"),
                 stub: { try ridgeRegression(inputs: $0, targets: $1, lambda: $2) },
                 checks: [
                    ExerciseCheck("optimality") { solve, _ in [try ridgeOptimality(solve)] },
                    .functionFixtures("ridge_closed_form") { solve, fixture in
                        ["w": try solve(try fixture.input("x"), try fixture.input("y"), try fixture.number("lambda"))]
                    },
                 ])
    }

    /// J(w) = ‖Xw − y‖² + λ‖w‖² is strictly convex: w is its minimiser exactly when
    /// ∇J(w) = 2Xᵀ(Xw − y) + 2λw = 0. When it is not, the λ′ for which it would be says what went wrong.
    static func ridgeOptimality(_ solve: RidgeSolver) throws -> CheckResult {
        let name = "∇J(w) = 0 at X [40, 5], λ = 0.7"
        var generator = RandomGenerator(seed: 11)
        let x = Tensor<Double>.normal(shape: [40, 5], generator: &generator)
        let trueWeights = Tensor<Double>.normal(shape: [5, 1], generator: &generator)
        let y = (matmul(x, trueWeights) + Tensor<Double>.normal(shape: [40, 1], generator: &generator) * 0.3).reshaped([40])
        let lambda = 0.7
        let w = try solve(x, y, lambda)
        guard w.shape == [5] else { return .failed(name, "w has shape \(describe(shape: w.shape)), expected [5] (one weight per column of X)", mistake: .wrongShape) }
        // g = 2Xᵀ(Xw − y), the data term's gradient
        let residual = matmul(x, w.reshaped([5, 1])).reshaped([40]) - y
        let g = (matmul(x, residual.reshaped([40, 1]), transposeA: true) * 2).reshaped([5])
        let gradient = g + w * (2 * lambda)
        let scale = (matmul(x, y.reshaped([40, 1]), transposeA: true) * 2).scalars.map(abs).max()!
        let largest = gradient.scalars.map(abs).max()!
        if largest <= 1e-8 * scale {
            return .passed(name, "largest |∇J| \(String(format: "%.1e", largest)) (scale of 2Xᵀy: \(String(format: "%.3g", scale)))")
        }
        // the λ′ with g + 2λ′w closest to 0
        let effective = -zip(g.scalars, w.scalars).reduce(0) { $0 + $1.0 * $1.1 } / (2 * w.scalars.reduce(0) { $0 + $1 * $1 })
        let fits = zip(g.scalars, w.scalars).allSatisfy { abs($0 + 2 * effective * $1) <= 1e-6 * scale }
        let base = "∇J(w) is not 0 (largest component \(String(format: "%.3g", largest)))"
        guard fits else { return .failed(name, "\(base), and no λ makes your w a minimiser: check the system you solve", mistake: .differs) }
        if abs(effective) < 1e-6 * lambda {
            return .failed(name, "\(base): your w is plain least squares, the minimiser for λ = 0: the penalty's 2λw is missing from the system", mistake: .missingTerm)
        }
        let ratio = effective / lambda
        if abs(ratio - 2) < 1e-6 || abs(ratio - 0.5) < 1e-6 {
            return .failed(name, "\(base): your w minimises J for λ = \(String(format: "%.4g", effective)), \(ratio > 1 ? "2" : "½") × the given λ: a factor 2 (∇ of λ‖w‖² is 2λw, and of ‖Xw − y‖² is 2Xᵀ(Xw − y))", mistake: .constantFactor)
        }
        return .failed(name, "\(base): your w minimises J for λ = \(String(format: "%.4g", effective)) instead of \(lambda)", mistake: .constantFactor)
    }

    public static var ridgeGradient: Exercise<RidgeGradient> {
        Exercise(ExerciseInfo(chapter: 1, number: 2, name: "ridge-gradient", title: "The ridge loss and its gradient", file: file("RidgeGradient"),
                              checks: "PyTorch fixtures (autograd), your gradient against finite differences of your loss"),
                 stub: { try ridgeLossAndGradient(weights: $0, inputs: $1, targets: $2, lambda: $3) },
                 checks: [
                    .functionFixtures("ridge_gradient") { f, fixture in
                        let (loss, gradient) = try f(try fixture.input("w"), try fixture.input("x"), try fixture.input("y"), try fixture.number("lambda"))
                        return ["loss": scalar(loss), "gradient": gradient]
                    },
                    ExerciseCheck("finite differences") { f, _ in
                        var generator = RandomGenerator(seed: 12)
                        let x = Tensor<Double>.normal(shape: [8, 3], generator: &generator), y = Tensor<Double>.normal(shape: [8], generator: &generator)
                        let w = Tensor<Double>.normal(shape: [3], generator: &generator)
                        return [try finiteDifferences("dL/dw at X [8, 3], λ = 0.3", at: w, analytic: try f(w, x, y, 0.3).gradient) { try f($0, x, y, 0.3).loss }]
                    },
                 ])
    }

    public static var logisticRegression: Exercise<LogisticGradients> {
        Exercise(ExerciseInfo(chapter: 1, number: 3, name: "logistic-regression", title: "Binary logistic regression", file: file("LogisticRegression"),
                              checks: "PyTorch fixtures (BCEWithLogitsLoss, autograd), finite differences of your loss"),
                 stub: { try logisticLossAndGradients(weights: $0, bias: $1, inputs: $2, labels: $3) },
                 checks: [
                    .functionFixtures("logistic_regression") { f, fixture in
                        let (loss, dw, db) = try f(try fixture.input("w"), try fixture.number("b"), try fixture.input("x"), try fixture.input("y"))
                        return ["loss": scalar(loss), "weight_gradient": dw, "bias_gradient": scalar(db)]
                    },
                    ExerciseCheck("finite differences") { f, _ in
                        var generator = RandomGenerator(seed: 13)
                        let x = Tensor<Double>.normal(shape: [10, 3], generator: &generator)
                        let y = Tensor<Double>(shape: [10]) { _ in Double(generator.int(below: 2)) }
                        let w = Tensor<Double>.normal(shape: [3], generator: &generator), b = 0.2
                        let analytic = try f(w, b, x, y)
                        return [try finiteDifferences("dL/dw at X [10, 3]", at: w, analytic: analytic.weightGradient) { try f($0, b, x, y).loss },
                                try finiteDifferences("dL/db", at: Tensor(scalar: b), analytic: Tensor(scalar: analytic.biasGradient)) { try f(w, $0.scalars[0], x, y).loss }]
                    },
                 ])
    }

    public static var oneVersusRest: Exercise<OneVersusRestTrainer> {
        Exercise(ExerciseInfo(chapter: 1, number: 4, name: "one-vs-rest", title: "One-vs-rest from binary classifiers", file: file("OneVersusRest"),
                              checks: "on 4 Gaussian blobs: each column tells its class from the rest (≥ 90%), test accuracy ≥ 90%"),
                 stub: { try trainOneVersusRest($0, learningRate: $1, steps: $2) },
                 checks: [ExerciseCheck("four blobs") { train, _ in
                    var generator = RandomGenerator(seed: 14)
                    let (trainSet, testSet) = LabeledData<Double>.blobs(classes: 4, pointsPerClass: 100, radius: 3, generator: &generator)
                        .split(trainFraction: 0.7, generator: &generator)
                    let model = try train(trainSet, 0.5, 300)
                    guard model.weights.shape == [2, 4], model.bias.shape == [4] else {
                        return [.failed("shapes", "weights \(describe(shape: model.weights.shape)) and bias \(describe(shape: model.bias.shape)), expected [2, 4] and [4]", mistake: .wrongShape)]
                    }
                    let scores = model.scores(testSet.inputs)
                    var results: [CheckResult] = []
                    for k in 0..<4 {
                        // column k alone: score > 0 ⇔ class k
                        let right = testSet.labels.indices.filter { (scores.scalars[$0 * 4 + k] > 0) == (testSet.labels[$0] == k) }.count
                        let accuracy = Double(right) / Double(testSet.count)
                        results.append(.expect(accuracy >= 0.9, "class \(k) against the rest", "\(String(format: "%.1f", 100 * accuracy))% of test points on the right side of column \(k) (target ≥ 90%)"))
                    }
                    let accuracy = model.accuracy(on: testSet)
                    results.append(.expect(accuracy >= 0.9, "test accuracy", "\(String(format: "%.1f", 100 * accuracy))% on \(testSet.count) test points (target ≥ 90%)"))
                    return results
                 }])
    }

    public static var all: [AnyExercise] { [ridgeClosedForm.erased, ridgeGradient.erased, logisticRegression.erased, oneVersusRest.erased] }
}

/// dL/dθ of a scalar function against central differences (h = 1e-5), element by element;
/// a failure diagnosed like any other comparison.
func finiteDifferences(_ name: String, at point: Tensor<Double>, analytic: Tensor<Double>,
                       _ loss: (Tensor<Double>) throws -> Double) throws -> CheckResult {
    guard analytic.shape == point.shape else {
        return .failed(name, "the gradient has shape \(describe(shape: analytic.shape)), the variable \(describe(shape: point.shape))", mistake: .wrongShape)
    }
    var numeric = Tensor<Double>(zeros: point.shape)
    let h = 1e-5
    for i in 0..<point.count {
        var plus = point, minus = point
        plus.scalars[i] += h
        minus.scalars[i] -= h
        // ∂L/∂θᵢ ≈ (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h
        numeric.scalars[i] = (try loss(plus) - loss(minus)) / (2 * h)
    }
    if let diagnosis = diagnose(name, got: analytic, want: numeric, rtol: 1e-5, atol: 1e-7) {
        return .failed(name, diagnosis.message + " (expected: finite differences of your own loss)", mistake: diagnosis.mistake)
    }
    let largest = zip(analytic.scalars, numeric.scalars).map { abs($0 - $1) / max(abs($0) + abs($1), 1e-8) }.max() ?? 0
    return .passed(name, "\(point.count) elements, largest relative error \(String(format: "%.1e", largest))")
}
