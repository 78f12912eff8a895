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

/// A solution whose learning rate is its settings' one.
protocol AdamLikeSolution: Optimizer where Scalar == Double {
    var settings: AdamSettings { get set }
}

extension AdamLikeSolution {
    var learningRate: Double {
        get { settings.learningRate }
        set { settings.learningRate = newValue }
    }
}

struct AdamaxSolution: AdamLikeSolution {
    typealias Scalar = Double
    var settings: AdamSettings
    var version = Version.reference
    var state: [String: (m: Tensor<Double>, u: Tensor<Double>, t: Int)] = [:]

    mutating func update(_ parameter: inout Tensor<Double>, gradient: Tensor<Double>, key: String) {
        let (beta1, beta2, epsilon) = (settings.beta1, settings.beta2, settings.epsilon)
        let g = gradient + parameter * settings.weightDecay
        var s = state[key] ?? (Tensor(zeros: parameter.shape), Tensor(zeros: parameter.shape), 0)
        s.t += 1
        s.m = s.m * beta1 + g * (1 - beta1)
        s.u = s.u.zipMap(g) { u, g in max(beta2 * u, abs(g) + epsilon) }
        state[key] = s
        // θ ← θ − η/(1 − β₁ᵗ) · m/u; the mistakes: no bias correction, and the step uphill
        let correction = version == .missingHalf ? 1 : 1 - pow(beta1, Double(s.t))
        let sign: Double = version == .flippedSign ? -1 : 1
        parameter = parameter - s.m.zipMap(s.u) { $0 / $1 } * (sign * learningRate / correction)
    }
}

struct NAdamSolution: AdamLikeSolution {
    typealias Scalar = Double
    var settings: AdamSettings
    let momentumDecay: Double
    var version = Version.reference
    var state: [String: (m: Tensor<Double>, v: Tensor<Double>, t: Int, product: Double)] = [:]

    mutating func update(_ parameter: inout Tensor<Double>, gradient: Tensor<Double>, key: String) {
        let (beta1, beta2, epsilon) = (settings.beta1, settings.beta2, settings.epsilon)
        let g = gradient + parameter * settings.weightDecay
        var s = state[key] ?? (Tensor(zeros: parameter.shape), Tensor(zeros: parameter.shape), 0, 1)
        s.t += 1
        let t = Double(s.t)
        // μₜ = β₁(1 − ½·0.96^(tψ)); the mistake: a constant μ = β₁ (Adam with Nesterov, no schedule)
        let mu = version == .doubled ? beta1 : beta1 * (1 - 0.5 * pow(0.96, t * momentumDecay))
        let muNext = version == .doubled ? beta1 : beta1 * (1 - 0.5 * pow(0.96, (t + 1) * momentumDecay))
        s.product *= mu
        s.m = s.m * beta1 + g * (1 - beta1)
        s.v = s.v * beta2 + g * g * (1 - beta2)
        state[key] = s
        let d = s.v.map { ($0 / (1 - pow(beta2, t))).squareRoot() + epsilon }
        let sign: Double = version == .flippedSign ? -1 : 1
        parameter = parameter - (g / d) * (sign * learningRate * (1 - mu) / (1 - s.product))
                              - (s.m / d) * (sign * learningRate * muNext / (1 - s.product * muNext))
    }
}

struct RAdamSolution: AdamLikeSolution {
    typealias Scalar = Double
    var settings: AdamSettings
    var version = Version.reference
    var state: [String: (m: Tensor<Double>, v: Tensor<Double>, t: Int)] = [:]

    mutating func update(_ parameter: inout Tensor<Double>, gradient: Tensor<Double>, key: String) {
        let (beta1, beta2, epsilon) = (settings.beta1, settings.beta2, settings.epsilon)
        let g = gradient + parameter * settings.weightDecay
        var s = state[key] ?? (Tensor(zeros: parameter.shape), Tensor(zeros: parameter.shape), 0)
        s.t += 1
        let t = Double(s.t)
        s.m = s.m * beta1 + g * (1 - beta1)
        s.v = s.v * beta2 + g * g * (1 - beta2)
        state[key] = s
        // the mistake: no bias correction of m
        let mHat = version == .missingHalf ? s.m : s.m / (1 - pow(beta1, t))
        let rhoInfinity = 2 / (1 - beta2) - 1
        let rho = rhoInfinity - 2 * t * pow(beta2, t) / (1 - pow(beta2, t))
        let sign: Double = version == .flippedSign ? -1 : 1
        if rho > 5 {
            let r = ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot()
            let adaptive = s.v.map { (1 - pow(beta2, t)).squareRoot() / ($0.squareRoot() + epsilon) }
            parameter = parameter - mHat * adaptive * (sign * learningRate * r)
        } else {
            parameter = parameter - mHat * (sign * learningRate)
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
        { AdamaxSolution(settings: try AdamSettings($0, defaultRate: 2e-3), version: version) }
    }
    static func nadam(_ version: Version = .reference) -> OptimizerMaker {
        { NAdamSolution(settings: try AdamSettings($0, defaultRate: 2e-3), momentumDecay: try $0.double("momentum_decay", default: 4e-3), version: version) }
    }
    static func radam(_ version: Version = .reference) -> OptimizerMaker {
        { RAdamSolution(settings: try AdamSettings($0, defaultRate: 1e-3), version: version) }
    }
    static func oneCycle(_ version: Version = .reference) -> OptimizersExercises.ScheduleMaker {
        { OneCycleSolution(maxRate: $0, total: $1, pctStart: $2, div: $3, finalDiv: $4, version: version) }
    }
}
