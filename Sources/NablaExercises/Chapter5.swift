import Foundation
import NablaCore
import Regularization

/// Chapter 5's exercises: a normalisation that ignores the batch, and two ways to keep weights small.
public enum RegularizationExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 5, library: "Regularization", name) }

    public typealias MaxNorm = (_ weight: Tensor<Double>, _ maxNorm: Double) throws -> Tensor<Double>

    public static var groupNorm: Exercise<LayerMaker> {
        .layer(chapter: 5, number: 1, title: "Group normalisation", file: file("GroupNorm"),
               op: OpDescription("group_norm", "normalise groups of channels per example, then γ, β",
                                 exampleConfig: ["num_groups": .number(2), "num_channels": .number(4), "eps": .number(1e-5)],
                                 exampleInputShape: [2, 4, 3])) { config, _ in
            let (groups, channels) = (try positive(config, "num_groups"), try positive(config, "num_channels"))
            guard channels % groups == 0 else {
                throw NablaError.invalidConfig(op: config.op, message: "num_channels \(channels) is not divisible by num_groups \(groups)")
            }
            return GroupNorm<Double>(groups: groups, channels: channels, epsilon: try config.double("eps", default: 1e-5))
        }
    }

    public static var dropConnect: Exercise<LayerMaker> {
        .layer(chapter: 5, number: 2, title: "DropConnect", file: file("DropConnect"),
               op: OpDescription("dropconnect", "y = x (W ⊙ M/(1 − p))ᵀ + b in training",
                                 exampleConfig: ["in_features": .number(4), "out_features": .number(3), "p": .number(0.5)],
                                 exampleInputShape: [5, 4])) { config, generator in
            let p = try config.double("p", default: 0.5)
            guard p >= 0 && p < 1 else { throw NablaError.invalidConfig(op: config.op, message: "p must be in [0, 1), got \(p)") }
            return DropConnectLinear<Double>(inputFeatures: try positive(config, "in_features"), outputFeatures: try positive(config, "out_features"),
                                             p: p, generator: &generator)
        }
    }

    public static var maxNorm: Exercise<MaxNorm> {
        Exercise(ExerciseInfo(chapter: 5, number: 3, name: "max-norm", title: "The max-norm constraint", file: file("MaxNorm"),
                              checks: "row norms ≤ c, short rows unchanged, directions kept; PyTorch fixtures (torch.renorm)"),
                 stub: { try maxNormConstraint($0, maxNorm: $1) },
                 checks: [
                    ExerciseCheck("properties") { constrain, _ in
                        var generator = RandomGenerator(seed: 15)
                        let w = Tensor<Double>.normal(shape: [6, 5], standardDeviation: 0.6, generator: &generator)
                        let c = 1.0
                        let out = try constrain(w, c)
                        guard out.shape == w.shape else {
                            return [.failed("shape", "the result has shape \(describe(shape: out.shape)), the weight \(describe(shape: w.shape))", mistake: .wrongShape)]
                        }
                        func norm(_ t: Tensor<Double>, _ row: Int) -> Double { (0..<5).reduce(0) { $0 + t.scalars[row * 5 + $1] * t.scalars[row * 5 + $1] }.squareRoot() }
                        let long = (0..<6).filter { norm(w, $0) > c }, short = (0..<6).filter { norm(w, $0) <= c }
                        let largest = (0..<6).map { norm(out, $0) }.max()!
                        let changedShort = short.filter { row in (0..<5).contains { abs(out.scalars[row * 5 + $0] - w.scalars[row * 5 + $0]) > 1e-12 } }
                        // the row is a positive multiple of the original: w·out = ‖w‖‖out‖
                        let turned = (0..<6).filter { row in
                            let dot = (0..<5).reduce(0) { $0 + w.scalars[row * 5 + $1] * out.scalars[row * 5 + $1] }
                            return abs(dot - norm(w, row) * norm(out, row)) > 1e-9 * max(1, norm(w, row) * norm(out, row))
                        }
                        return [
                            .expect(largest <= c * (1 + 1e-9), "row norms ≤ c", String(format: "largest row norm %.6g with c = %g (%d of 6 rows were longer)", largest, c, long.count)),
                            .expect(changedShort.isEmpty, "short rows unchanged", changedShort.isEmpty ? "the \(short.count) rows within c are untouched"
                                    : "rows \(changedShort) were within c (norms \(changedShort.map { String(format: "%.3f", norm(w, $0)) })) but changed"),
                            .expect(turned.isEmpty, "directions kept", turned.isEmpty ? "every row is a positive multiple of the original" : "rows \(turned) changed direction"),
                        ]
                    },
                    .functionFixtures("max_norm") { constrain, fixture in ["w": try constrain(try fixture.input("weight"), try fixture.number("maxnorm"))] },
                 ])
    }

    public static var all: [AnyExercise] { [groupNorm.erased, dropConnect.erased, maxNorm.erased] }
}
