import Backprop
import NablaCore
import NablaExercises

// Reference solutions of chapter 2's exercises, and the typical wrong versions the checker must
// recognise. They live only in this test target: the chapters hold the stubs.

/// Which version of a solution to build: the reference, or one of the usual mistakes.
enum Version { case reference, flippedSign, doubled, negativeBranchWrong, positiveBranchWrong, meanOverBatch, firstExampleOnly, transposed, missingShortcut, missingHalf }

struct SiLUSolution: ElementwiseActivation {
    typealias Scalar = Double
    var version = Version.reference

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Tensor<Double>) {
        (x.map { $0 * sigmoid($0) }, x)
    }

    func backward(_ dy: Tensor<Double>, cache x: Tensor<Double>) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        // dy/dx = σ + x σ(1 − σ)
        let scale: Double = version == .flippedSign ? -1 : version == .doubled ? 2 : 1
        return (dy.zipMap(x) { dy, x in let s = sigmoid(x); return scale * dy * (s + x * s * (1 - s)) }, Parameters())
    }
}

struct ELUSolution: ElementwiseActivation {
    typealias Scalar = Double
    var alpha = 1.0
    var version = Version.reference

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Tensor<Double>) {
        // the mistake: α(eˣ − 1) on both sides
        (x.map { $0 > 0 && version != .positiveBranchWrong ? $0 : alpha * (Double.exp($0) - 1) }, x)
    }

    func backward(_ dy: Tensor<Double>, cache x: Tensor<Double>) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        // dy/dx = 1 for x > 0, α eˣ otherwise; the mistake: α alone
        (dy.zipMap(x) { dy, x in x > 0 ? dy : dy * alpha * (version == .negativeBranchWrong ? 1 : Double.exp(x)) }, Parameters())
    }
}

struct GELUSolution: ElementwiseActivation {
    typealias Scalar = Double
    var version = Version.reference
    static let c = (2 / Double.pi).squareRoot()

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Tensor<Double>) {
        let half = version == .missingHalf ? 1.0 : 0.5
        return (x.map { x in half * x * (1 + Double.tanh(Self.c * (x + 0.044715 * x * x * x))) }, x)
    }

    func backward(_ dy: Tensor<Double>, cache x: Tensor<Double>) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let sign: Double = version == .flippedSign ? -1 : 1
        return (dy.zipMap(x) { dy, x in
            let t = Double.tanh(Self.c * (x + 0.044715 * x * x * x))
            // ½(1 + t) + ½x(1 − t²)·c(1 + 3·0.044715x²)
            let dydx = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Self.c * (1 + 3 * 0.044715 * x * x)
            return sign * dy * dydx
        }, Parameters())
    }
}

struct SoftplusSolution: ElementwiseActivation {
    typealias Scalar = Double
    var beta = 1.0, threshold = 20.0
    var version = Version.reference

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Tensor<Double>) {
        // the mistake: log(1 + e^(βx)) without the 1/β, a factor β off
        let scale = version == .doubled ? 1 : 1 / beta
        return (x.map { beta * $0 > threshold ? $0 : scale * Double.log1p(Double.exp(beta * $0)) }, x)
    }

    func backward(_ dy: Tensor<Double>, cache x: Tensor<Double>) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        // dy/dx = σ(βx), 1 above the threshold
        let sign: Double = version == .flippedSign ? -1 : 1
        return (dy.zipMap(x) { dy, x in sign * (beta * x > threshold ? dy : dy * sigmoid(beta * x)) }, Parameters())
    }
}

struct PReLUSolution: Layer {
    typealias Scalar = Double
    var parameters: Parameters<Double>
    var version = Version.reference

    init(numParameters: Int, initialSlope: Double, version: Version) {
        parameters = Parameters(["weight": Tensor(repeating: initialSlope, shape: [numParameters])])
        self.version = version
    }

    /// The slope's index for each element: its channel, or 0 when one slope is shared.
    func channel(_ i: Int, _ shape: [Int]) -> Int {
        let count = parameters["weight"].count
        guard count > 1 else { return 0 }
        let inner = shape.dropFirst(2).reduce(1, *)
        return (i / inner) % shape[1]
    }

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Tensor<Double>) {
        let a = parameters["weight"]
        try checkShape(a.count == 1 || (x.rank >= 2 && x.shape[1] == a.count), layer: "PReLU",
                       "input \(describe(shape: x.shape)) has no channel axis of size \(a.count)")
        return (Tensor(shape: x.shape) { i in x.scalars[i] > 0 ? x.scalars[i] : a.scalars[channel(i, x.shape)] * x.scalars[i] }, x)
    }

    func backward(_ dy: Tensor<Double>, cache x: Tensor<Double>) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let a = parameters["weight"]
        var da = Tensor<Double>(zeros: a.shape)
        var dx = dy
        for i in 0..<x.count where x.scalars[i] <= 0 {
            let c = channel(i, x.shape)
            // the mistake: dy where a·dy belongs
            if version != .negativeBranchWrong { dx.scalars[i] = a.scalars[c] * dy.scalars[i] }
            // dL/da_c = Σ dy·x over the elements with x ≤ 0 of channel c
            da.scalars[c] += dy.scalars[i] * x.scalars[i]
        }
        if version == .meanOverBatch { da = da / Double(x.shape[0]) }
        return (dx, Parameters(["weight": da]))
    }
}

enum BackpropSolutions {
    static func silu(_ version: Version = .reference) -> LayerMaker { { _, _ in SiLUSolution(version: version) } }
    static func elu(_ version: Version = .reference) -> LayerMaker {
        { config, _ in ELUSolution(alpha: try config.double("alpha", default: 1), version: version) }
    }
    static func gelu(_ version: Version = .reference) -> LayerMaker {
        { config, _ in _ = try config.string("approximate"); return GELUSolution(version: version) }
    }
    static func softplus(_ version: Version = .reference) -> LayerMaker {
        { config, _ in SoftplusSolution(beta: try config.double("beta", default: 1), threshold: try config.double("threshold", default: 20), version: version) }
    }
    static func prelu(_ version: Version = .reference) -> LayerMaker {
        { config, _ in PReLUSolution(numParameters: try config.int("num_parameters", default: 1), initialSlope: try config.double("init", default: 0.25), version: version) }
    }
}
