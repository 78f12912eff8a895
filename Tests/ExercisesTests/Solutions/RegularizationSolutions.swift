import NablaCore
import NablaExercises
import Regularization

// Reference solutions of chapter 5's exercises and typical wrong versions.

struct GroupNormSolution: Layer {
    typealias Scalar = Double
    var parameters: Parameters<Double>
    let groups: Int, epsilon: Double
    var version = Version.reference

    struct Cache { let normalized: Tensor<Double>, inverseStd: [Double] }

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Cache) {
        let c = parameters["weight"].count
        try checkShape(x.rank >= 2 && x.shape[1] == c, layer: "GroupNorm", "input \(describe(shape: x.shape)) does not have \(c) channels")
        let inner = x.count / (x.shape[0] * c), d = inner * c / groups
        var xHat = x, y = x, inverseStd: [Double] = []
        for group in 0..<(x.count / d) {
            let base = group * d
            let mean = (0..<d).reduce(0) { $0 + x.scalars[base + $1] } / Double(d)
            let variance = (0..<d).reduce(0) { $0 + (x.scalars[base + $1] - mean) * (x.scalars[base + $1] - mean) } / Double(d)
            let k = 1 / (variance + epsilon).squareRoot()
            inverseStd.append(k)
            for i in 0..<d {
                let channel = ((base + i) / inner) % c
                xHat.scalars[base + i] = (x.scalars[base + i] - mean) * k
                y.scalars[base + i] = parameters["weight"].scalars[channel] * xHat.scalars[base + i] + parameters["bias"].scalars[channel]
            }
        }
        return (y, Cache(normalized: xHat, inverseStd: inverseStd))
    }

    func backward(_ dy: Tensor<Double>, cache: Cache) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let c = parameters["weight"].count, n = dy.shape[0]
        let inner = dy.count / (n * c), d = inner * c / groups
        var dx = dy, dGamma = Tensor<Double>(zeros: [c])
        // the mistake: dβ summed over positions only, one row per example
        var dBeta = Tensor<Double>(zeros: version == .firstExampleOnly ? [n, c] : [c])
        for i in 0..<dy.count {
            let channel = (i / inner) % c
            dGamma.scalars[channel] += dy.scalars[i] * cache.normalized.scalars[i]
            dBeta.scalars[version == .firstExampleOnly ? (i / (inner * c)) * c + channel : channel] += dy.scalars[i]
        }
        for group in 0..<(dy.count / d) {
            let base = group * d
            // dx̂ = dy ⊙ γ;  dx = k (dx̂ − mean(dx̂) − x̂ mean(dx̂ ⊙ x̂)); the mistake: k dx̂ alone
            let dxHat = (0..<d).map { dy.scalars[base + $0] * parameters["weight"].scalars[((base + $0) / inner) % c] }
            let meanDxHat = dxHat.reduce(0, +) / Double(d)
            let meanProduct = (0..<d).reduce(0) { $0 + dxHat[$1] * cache.normalized.scalars[base + $1] } / Double(d)
            for i in 0..<d {
                dx.scalars[base + i] = version == .missingShortcut ? cache.inverseStd[group] * dxHat[i]
                    : cache.inverseStd[group] * (dxHat[i] - meanDxHat - cache.normalized.scalars[base + i] * meanProduct)
            }
        }
        return (dx, Parameters(["weight": dGamma, "bias": dBeta]))
    }
}

struct DropConnectSolution: Layer {
    typealias Scalar = Double
    var parameters: Parameters<Double>
    let p: Double
    var version = Version.reference

    struct Cache { let input: Tensor<Double>, scaledMask: Tensor<Double> }

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Cache) {
        let w = parameters["weight"]
        try checkShape(x.rank == 2 && x.shape[1] == w.shape[1], layer: "DropConnectLinear", "input \(describe(shape: x.shape)) does not fit weight \(describe(shape: w.shape))")
        var mask = Tensor<Double>(repeating: 1, shape: w.shape)
        if context.isTraining {
            mask = context.fixedMasks["mask"] ?? Tensor(shape: w.shape) { _ in context.generator.uniform() < 1 - p ? 1 : 0 }
            mask = mask / (1 - p)
        }
        // y = x (W ⊙ M/(1 − p))ᵀ + b
        let y = matmul(x, w * mask, transposeB: true).addingToEachRow(parameters["bias"])
        return (y, Cache(input: x, scaledMask: mask))
    }

    func backward(_ dy: Tensor<Double>, cache: Cache) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let w = parameters["weight"]
        let dx = matmul(dy, w * cache.scaledMask)
        // dW = (dyᵀ x) ⊙ M/(1 − p); the mistake: xᵀ dy, the transpose
        let dw = version == .transposed ? matmul(cache.input, dy, transposeA: true) * cache.scaledMask.transposed()
                                        : matmul(dy, cache.input, transposeA: true) * cache.scaledMask
        // db = Σ_n dy; the mistake: dy itself
        let db = version == .firstExampleOnly ? dy : dy.sum(axis: 0)
        return (dx, Parameters(["weight": dw, "bias": db]))
    }
}

enum RegularizationSolutions {
    static func groupNorm(_ version: Version = .reference) -> LayerMaker {
        { config, _ in
            let layer = GroupNorm<Double>(groups: try config.int("num_groups"), channels: try config.int("num_channels"), epsilon: try config.double("eps", default: 1e-5))
            return GroupNormSolution(parameters: layer.parameters, groups: layer.groups, epsilon: layer.epsilon, version: version)
        }
    }
    static func dropConnect(_ version: Version = .reference) -> LayerMaker {
        { config, generator in
            let layer = DropConnectLinear<Double>(inputFeatures: try config.int("in_features"), outputFeatures: try config.int("out_features"),
                                                  p: try config.double("p", default: 0.5), generator: &generator)
            return DropConnectSolution(parameters: layer.parameters, p: layer.p, version: version)
        }
    }
    static func maxNorm(_ version: Version = .reference) -> RegularizationExercises.MaxNorm {
        { w, c in
            let (rows, columns) = (w.shape[0], w.shape[1])
            var out = w
            for r in 0..<rows {
                // the mistake (transposed): the norms of the columns
                let norm = version == .transposed
                    ? (0..<rows).reduce(0) { $0 + w.scalars[$1 * columns + r % columns] * w.scalars[$1 * columns + r % columns] }.squareRoot()
                    : (0..<columns).reduce(0) { $0 + w.scalars[r * columns + $1] * w.scalars[r * columns + $1] }.squareRoot()
                // wᵢ ← wᵢ · min(1, c/‖wᵢ‖); the mistake (doubled): every row to length c
                let scale = version == .doubled ? c / norm : min(1, c / norm)
                for j in 0..<columns { out.scalars[r * columns + j] *= scale }
            }
            return out
        }
    }
}
