import Foundation
import NablaCore
import NablaTrain
import Optimizers

/// Chapter 7's exercises: three of Adam's descendants and a schedule, each against PyTorch step by step.
public enum OptimizersExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 7, library: "Optimizers", name) }

    public typealias ScheduleMaker = (_ maxLearningRate: Double, _ totalSteps: Int, _ pctStart: Double, _ divFactor: Double,
                                      _ finalDivFactor: Double) -> any LearningRateSchedule

    /// lr, betas, eps and weight_decay with PyTorch's names, as every Adam-like fixture gives them.
    static func adamSettings(_ config: Config, defaultRate: Double) throws -> (lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double) {
        let betas = try config.doubles("betas", default: [0.9, 0.999])
        guard betas.count == 2 else { throw NablaError.invalidConfig(op: config.op, message: "betas must hold two numbers, got \(betas.count)") }
        return (try config.double("lr", default: defaultRate), betas[0], betas[1], try config.double("eps", default: 1e-8),
                try config.double("weight_decay", default: 0))
    }

    public static var adamax: Exercise<OptimizerMaker> {
        .optimizer(chapter: 7, number: 1, title: "Adamax", file: file("Adamax"), op: OpDescription("adamax", "Adam with the ∞-norm")) { config in
            let s = try adamSettings(config, defaultRate: 2e-3)
            return Adamax<Double>(learningRate: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.eps, weightDecay: s.weightDecay)
        }
    }

    public static var nadam: Exercise<OptimizerMaker> {
        .optimizer(chapter: 7, number: 2, title: "NAdam", file: file("NAdam"), op: OpDescription("nadam", "Adam with Nesterov momentum")) { config in
            let s = try adamSettings(config, defaultRate: 2e-3)
            return NAdam<Double>(learningRate: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.eps, weightDecay: s.weightDecay,
                                 momentumDecay: try config.double("momentum_decay", default: 4e-3))
        }
    }

    public static var radam: Exercise<OptimizerMaker> {
        .optimizer(chapter: 7, number: 3, title: "RAdam", file: file("RAdam"), op: OpDescription("radam", "Adam with a rectified warm-up")) { config in
            let s = try adamSettings(config, defaultRate: 1e-3)
            return RAdam<Double>(learningRate: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.eps, weightDecay: s.weightDecay)
        }
    }

    public static var oneCycle: Exercise<ScheduleMaker> {
        Exercise(ExerciseInfo(chapter: 7, number: 4, name: "one-cycle", title: "The one-cycle schedule", file: file("OneCycle"),
                              checks: "start, peak and end rates; every step against PyTorch's OneCycleLR (two fixtures)"),
                 stub: { OneCycle(maxLearningRate: $0, totalSteps: $1, pctStart: $2, divFactor: $3, finalDivFactor: $4) },
                 checks: [
                    ExerciseCheck("shape of the cycle") { make, _ in
                        // T = 100, max 0.1: starts at 0.004, peaks at step 29, ends at 4e-7
                        let schedule = make(0.1, 100, 0.3, 25, 1e4)
                        let rates = (0..<100).map { schedule.learningRate(epoch: $0) }
                        let peak = rates.indices.max { rates[$0] < rates[$1] }!
                        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 + 1e-9 * abs(b) }
                        return [
                            .expect(close(rates[0], 0.004), "starts at max_lr/div_factor", String(format: "step 0: %.6g (expected 0.1/25 = 0.004)", rates[0])),
                            .expect(peak == 29 && close(rates[29], 0.1), "peaks at max_lr", String(format: "the largest rate %.6g is at step %d (expected 0.1 at step 0.3·100 − 1 = 29)", rates[peak], peak)),
                            .expect(close(rates[99], 4e-7), "ends at η₀/final_div_factor", String(format: "step 99: %.6g (expected 0.004/1e4 = 4e-07)", rates[99])),
                        ]
                    },
                    .functionFixtures("one_cycle") { make, fixture in
                        let steps = Int(try fixture.number("total_steps"))
                        let schedule = make(try fixture.number("max_lr"), steps, try fixture.number("pct_start"), try fixture.number("div_factor"),
                                            try fixture.number("final_div_factor"))
                        return ["lr": Tensor(shape: [steps], scalars: (0..<steps).map { schedule.learningRate(epoch: $0) })]
                    },
                 ])
    }

    public static var all: [AnyExercise] { [adamax.erased, nadam.erased, radam.erased, oneCycle.erased] }
}
