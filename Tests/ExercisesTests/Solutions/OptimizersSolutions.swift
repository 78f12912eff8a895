import Foundation
import NablaCore
import NablaExercises
import NablaTrain
import Optimizers

// Reference solutions of chapter 7's exercises and typical wrong versions.

/// lr, β₁, β₂, ε and weight decay, as every Adam-like fixture gives them.
struct AdamSettings {
    var learningRate: Double
    let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double

    init(_ config: Config, defaultRate: Double) throws {
        let betas = try config.doubles("betas", default: [0.9, 0.999])
        (learningRate, beta1, beta2) = (try config.double("lr", default: defaultRate), betas[0], betas[1])
        (epsilon, weightDecay) = (try config.double("eps", default: 1e-8), try config.double("weight_decay", default: 0))
    }
}

/// One parameter's running moments: m, the second moment (v, or Adamax's u), the step t and
/// NAdam's product of μ's.
struct Moments {
    var m: Tensor<Double>, second: Tensor<Double>, t = 0, product = 1.0
}

/// An Adam-like rule: what every one does first (g = ∇θ + λθ; t ← t + 1; m ← β₁ m + (1 − β₁) g),
/// then `step`, which updates the second moment and returns θ after the step.
struct AdamLikeSolution: Optimizer {
    typealias Step = (_ moments: inout Moments, _ g: Tensor<Double>, _ settings: AdamSettings, _ parameter: Tensor<Double>)
        -> Tensor<Double>
    var settings: AdamSettings
    let step: Step
    var state: [String: Moments] = [:]

    var learningRate: Double {
        get { settings.learningRate }
        set { settings.learningRate = newValue }
    }

    mutating func update(_ parameter: inout Tensor<Double>, gradient: Tensor<Double>, key: String) {
        let g = gradient + parameter * settings.weightDecay
        var s = state[key] ?? Moments(m: Tensor(zeros: parameter.shape), second: Tensor(zeros: parameter.shape))
        s.t += 1
        s.m = s.m * settings.beta1 + g * (1 - settings.beta1)
        parameter = step(&s, g, settings, parameter)
        state[key] = s
    }
}

/// The steps of Adamax, NAdam and RAdam, and a typical wrong version of each.
enum AdamLikeSteps {
    static func adamax(_ version: Version) -> AdamLikeSolution.Step {
        { s, g, o, parameter in
            s.second = s.second.zipMap(g) { u, g in max(o.beta2 * u, abs(g) + o.epsilon) }
            // η/(1 − β₁ᵗ) · m/u; the mistakes: no bias correction, and the step uphill
            let correction = version == .missingHalf ? 1 : 1 - pow(o.beta1, Double(s.t))
            let sign: Double = version == .flippedSign ? -1 : 1
            return parameter - s.m.zipMap(s.second) { $0 / $1 } * (sign * o.learningRate / correction)
        }
    }

    static func nadam(_ version: Version, momentumDecay: Double) -> AdamLikeSolution.Step {
        { s, g, o, parameter in
            let t = Double(s.t)
            // μₜ = β₁(1 − ½·0.96^(tψ)); the mistake: a constant μ = β₁ (Adam with Nesterov, no schedule)
            let mu = version == .doubled ? o.beta1 : o.beta1 * (1 - 0.5 * pow(0.96, t * momentumDecay))
            let muNext = version == .doubled ? o.beta1 : o.beta1 * (1 - 0.5 * pow(0.96, (t + 1) * momentumDecay))
            s.product *= mu
            s.second = s.second * o.beta2 + g * g * (1 - o.beta2)
            let d = s.second.map { ($0 / (1 - pow(o.beta2, t))).squareRoot() + o.epsilon }
            let sign: Double = version == .flippedSign ? -1 : 1
            return parameter - (g / d) * (sign * o.learningRate * (1 - mu) / (1 - s.product))
                             - (s.m / d) * (sign * o.learningRate * muNext / (1 - s.product * muNext))
        }
    }

    static func radam(_ version: Version) -> AdamLikeSolution.Step {
        { s, g, o, parameter in
            let t = Double(s.t)
            s.second = s.second * o.beta2 + g * g * (1 - o.beta2)
            // the mistake: no bias correction of m
            let mHat = version == .missingHalf ? s.m : s.m / (1 - pow(o.beta1, t))
            let rhoInfinity = 2 / (1 - o.beta2) - 1
            let rho = rhoInfinity - 2 * t * pow(o.beta2, t) / (1 - pow(o.beta2, t))
            let sign: Double = version == .flippedSign ? -1 : 1
            guard rho > 5 else { return parameter - mHat * (sign * o.learningRate) }
            let r = ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot()
            let adaptive = s.second.map { (1 - pow(o.beta2, t)).squareRoot() / ($0.squareRoot() + o.epsilon) }
            return parameter - mHat * adaptive * (sign * o.learningRate * r)
        }
    }
}

struct OneCycleSolution: LearningRateSchedule {
    let maxRate: Double, total: Int, pctStart: Double, div: Double, finalDiv: Double
    var version = Version.reference

    func learningRate(epoch k: Int) -> Double {
        let initial = maxRate / div, minimum = initial / (version == .missingHalf ? 1 : finalDiv)
        let peak = pctStart * Double(total) - 1
        // cos(a → b, p) = b + (a − b)(1 + cos πp)/2; the mistake: a straight line
        func anneal(_ a: Double, _ b: Double, _ p: Double) -> Double {
            version == .doubled ? a + (b - a) * p : b + (a - b) * (1 + cos(Double.pi * p)) / 2
        }
        if Double(k) <= peak { return anneal(initial, maxRate, Double(k) / peak) }
        return anneal(maxRate, minimum, (Double(k) - peak) / (Double(total - 1) - peak))
    }
}

enum OptimizersSolutions {
    static func adamax(_ version: Version = .reference) -> OptimizerMaker {
        { AdamLikeSolution(settings: try AdamSettings($0, defaultRate: 2e-3), step: AdamLikeSteps.adamax(version)) }
    }
    static func nadam(_ version: Version = .reference) -> OptimizerMaker {
        { AdamLikeSolution(settings: try AdamSettings($0, defaultRate: 2e-3),
                           step: AdamLikeSteps.nadam(version, momentumDecay: try $0.double("momentum_decay", default: 4e-3))) }
    }
    static func radam(_ version: Version = .reference) -> OptimizerMaker {
        { AdamLikeSolution(settings: try AdamSettings($0, defaultRate: 1e-3), step: AdamLikeSteps.radam(version)) }
    }
    static func oneCycle(_ version: Version = .reference) -> OptimizersExercises.ScheduleMaker {
        { OneCycleSolution(maxRate: $0, total: $1, pctStart: $2, div: $3, finalDiv: $4, version: version) }
    }
}
