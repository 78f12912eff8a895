import Foundation
import MLP
import NablaCore
import NablaData
import NablaTrain

/// Chapter 3's exercises: two losses, and a small network that must still learn MNIST.
public enum MLPExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 3, library: "MLP", name) }

    public typealias ModelMaker = (inout RandomGenerator) throws -> Sequential<Float>

    public static var huberLoss: Exercise<LossMaker> {
        .loss(chapter: 3, number: 1, title: "The Huber loss", file: file("HuberLoss"),
              op: OpDescription("huber_loss", "½d² if |d| < δ else δ(|d| − ½δ), mean", exampleConfig: ["delta": .number(1)], exampleInputShape: [4, 3]),
              targetKind: .values) { config in HuberLoss<Double>(delta: try config.double("delta", default: 1)) }
    }

    public static var labelSmoothing: Exercise<LossMaker> {
        .loss(chapter: 3, number: 2, title: "Cross-entropy with label smoothing", file: file("LabelSmoothing"),
              op: OpDescription("label_smoothing", "−Σ q log softmax(x), q = (1 − ε)·onehot + ε/C", exampleConfig: ["label_smoothing": .number(0.1)],
                                exampleInputShape: [4, 5]),
              targetKind: .classIndices) { config in LabelSmoothingCrossEntropyLoss<Double>(labelSmoothing: try config.double("label_smoothing", default: 0.1)) }
    }

    /// The parameter budget and the accuracy target of exercise 3.3.
    public static let parameterBudget = 50_000, accuracyTarget = 0.975

    public static var smallMLP: Exercise<ModelMaker> {
        Exercise(ExerciseInfo(chapter: 3, number: 3, name: "small-mlp", title: "97.5% with fewer than 50k parameters", file: file("SmallMLP"),
                              checks: "parameter count < 50,000; trains 12 epochs with chapter 3's settings on MNIST: test accuracy ≥ 97.5%"),
                 stub: { try MLP.smallMLP(generator: &$0) },
                 checks: [
                    ExerciseCheck("parameters") { make, _ in
                        var generator = RandomGenerator(seed: 0)
                        return [try parameterBudgetResult(try make(&generator))]
                    },
                    ExerciseCheck("MNIST test accuracy", trains: true) { make, environment in
                        var settings = TrainingSettings()
                        var generator = RandomGenerator(seed: settings.seed)
                        let model = try make(&generator)
                        guard model.parameters.scalarCount < parameterBudget else { return [try parameterBudgetResult(model)] }
                        let mnist = try MNIST.load(dataDirectory: environment.dataDirectory)
                        settings.epochs = 12
                        let report = try settings.trainClassifier(model, on: settings.splits(of: mnist), optimizer: nil, threads: 2,
                                                                  chapter: "03-MLP", details: [:], printLines: environment.showsProgress)
                        let accuracy = report.epochs.last?.testAccuracy ?? 0
                        return [.expect(accuracy >= accuracyTarget, "MNIST test accuracy",
                                        String(format: "%.2f%% after %d epochs in %.0f s (target ≥ %.1f%%)", 100 * accuracy, report.epochs.count,
                                               report.secondsTotal, 100 * accuracyTarget))]
                    },
                 ])
    }

    static func parameterBudgetResult(_ model: Sequential<Float>) throws -> CheckResult {
        let count = model.parameters.scalarCount
        var context = ForwardContext.evaluation
        var copy = model
        let output = try copy.forward(Tensor<Float>(zeros: [2, 784]), context: &context).output
        guard output.shape == [2, 10] else {
            return .failed("parameters", "for input [2, 784] the model gives \(describe(shape: output.shape)); it must give [2, 10]", mistake: .wrongShape)
        }
        return .expect(count < parameterBudget, "parameters", "\(count.formatted()) parameters (budget: fewer than \(parameterBudget.formatted()))")
    }

    public static var all: [AnyExercise] { [huberLoss.erased, labelSmoothing.erased, smallMLP.erased] }
}
