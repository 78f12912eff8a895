import NablaCore

/// How a layer's weights get their first values. Every scheme but the first two is a zero-mean
/// distribution whose spread is the point of the scheme:
///
/// - `constant(c)`, zero included: every weight equal, so every unit of a layer computes the same
///   thing and receives the same gradient, for ever (the symmetry problem).
/// - `normal(standardDeviation:)`: one σ for every layer, whatever its size. Too small and the
///   signal shrinks layer after layer; too large and it explodes (or saturates a tanh).
/// - `pytorchDefault`: U(−1/√fan_in, 1/√fan_in), what `nn.Linear` and `nn.Conv2d` start from
///   (PyTorch's `kaiming_uniform_` with a = √5), and what chapters 3 and 4 used.
/// - `xavierUniform`, `xavierNormal` (Glorot and Bengio, 2010): Var(w) = 2/(fan_in + fan_out),
///   a compromise between keeping the forward variance (n·Var(w) = 1 with n = fan_in) and the
///   backward one (n = fan_out), for activations that are linear near 0 (tanh).
/// - `kaimingUniform`, `kaimingNormal` (He et al., 2015): Var(w) = 2/fan_in. A ReLU zeroes half
///   of its inputs, which halves the second moment; the 2 puts it back. Note: the standard deviation
///   is √(2/fan_in), not the 2/√fan_in sometimes written, which is √2·√(2/fan_in) and doubles the
///   variance at every layer.
///
/// Uniform variants draw from U(−a, a) with a = √3·σ, since Var(U(−a, a)) = a²/3.
public enum Initializer: Sendable, Equatable {
    case constant(Double)
    case normal(standardDeviation: Double)
    case pytorchDefault
    case xavierUniform(gain: Double = 1)
    case xavierNormal(gain: Double = 1)
    case kaimingUniform(mode: FanMode = .fanIn)
    case kaimingNormal(mode: FanMode = .fanIn)

    /// Zero initialisation.
    public static let zero = Initializer.constant(0)

    /// The schemes chapter 6 compares, in the order its tables print them.
    public static let chapterSchemes: [Initializer] = [
        .zero, .constant(0.01), .normal(standardDeviation: 0.01), .normal(standardDeviation: 1), .pytorchDefault,
        .xavierUniform(), .xavierNormal(), .kaimingUniform(), .kaimingNormal(),
    ]

    /// The standard deviation of the weights drawn for a layer with `fans` (0 for a constant).
    public func standardDeviation(for fans: Fans) -> Double {
        switch self {
        case .constant:
            return 0
        case .normal(let sigma):
            return sigma
        case .pytorchDefault:
            // σ = (1/√fan_in) / √3
            return 1 / (3 * Double(fans.fanIn)).squareRoot()
        case .xavierUniform(let gain), .xavierNormal(let gain):
            // σ = gain · √(2 / (fan_in + fan_out))
            return gain * (2 / Double(fans.fanIn + fans.fanOut)).squareRoot()
        case .kaimingUniform(let mode), .kaimingNormal(let mode):
            // σ = √(2 / fan_in)   (fan_out with mode .fanOut)
            return (2 / Double(fans.fan(mode))).squareRoot()
        }
    }

    /// The a of U(−a, a) for the uniform schemes, nil for the others.
    public func uniformBound(for fans: Fans) -> Double? {
        switch self {
        case .pytorchDefault, .xavierUniform, .kaimingUniform:
            // a = √3 · σ
            return 3.squareRoot() * standardDeviation(for: fans)
        case .constant, .normal, .xavierNormal, .kaimingNormal:
            return nil
        }
    }

    /// A weight tensor of `shape` drawn from this scheme. Constants and fixed-σ normals accept any
    /// shape (as PyTorch's `constant_` and `normal_` do); the others read the fans from it.
    public func weight<Scalar: Real>(shape: [Int], generator: inout RandomGenerator) -> Tensor<Scalar> {
        switch self {
        case .constant(let value):
            return Tensor(repeating: Scalar(value), shape: shape)
        case .normal(let sigma):
            return .normal(shape: shape, standardDeviation: Scalar(sigma), generator: &generator)
        case .pytorchDefault, .xavierUniform, .xavierNormal, .kaimingUniform, .kaimingNormal:
            let fans = Fans(weightShape: shape)
            if let bound = uniformBound(for: fans) {
                return .uniform(shape: shape, low: Scalar(-bound), high: Scalar(bound), generator: &generator)
            }
            return .normal(shape: shape, standardDeviation: Scalar(standardDeviation(for: fans)), generator: &generator)
        }
    }

    /// The bias of a layer whose weight has `fans`: zero, except under PyTorch's default, which
    /// draws it from the weight's U(−1/√fan_in, 1/√fan_in).
    public func bias<Scalar: Real>(count: Int, weightFans fans: Fans, generator: inout RandomGenerator) -> Tensor<Scalar> {
        guard self == .pytorchDefault, let bound = uniformBound(for: fans) else { return Tensor(zeros: [count]) }
        return .uniform(shape: [count], low: Scalar(-bound), high: Scalar(bound), generator: &generator)
    }
}

extension Initializer: CustomStringConvertible {
    /// The scheme's name in tables: `Kaiming normal`, `normal σ 0.01`.
    public var description: String {
        switch self {
        case .constant(0): "zero"
        case .constant(let value): "constant \(shortest(value))"
        case .normal(let sigma): "normal σ \(shortest(sigma))"
        case .pytorchDefault: "PyTorch default"
        case .xavierUniform(let gain): "Xavier uniform" + (gain == 1 ? "" : ", gain \(shortest(gain))")
        case .xavierNormal(let gain): "Xavier normal" + (gain == 1 ? "" : ", gain \(shortest(gain))")
        case .kaimingUniform(let mode): "Kaiming uniform" + (mode == .fanIn ? "" : ", fan_out")
        case .kaimingNormal(let mode): "Kaiming normal" + (mode == .fanIn ? "" : ", fan_out")
        }
    }

    /// The distribution, written as a formula: `N(0, 2/fan_in)`.
    public var formula: String {
        switch self {
        case .constant(let value): "w = \(shortest(value))"
        case .normal(let sigma): "N(0, \(shortest(sigma))²)"
        case .pytorchDefault: "U(±1/√fan_in)"
        case .xavierUniform(let gain): "U(±" + (gain == 1 ? "" : "\(shortest(gain)) · ") + "√(6/(fan_in + fan_out)))"
        case .xavierNormal(let gain): "N(0, " + (gain == 1 ? "" : "\(shortest(gain))² · ") + "2/(fan_in + fan_out))"
        case .kaimingUniform(let mode): "U(±√(6/\(mode == .fanIn ? "fan_in" : "fan_out")))"
        case .kaimingNormal(let mode): "N(0, 2/\(mode == .fanIn ? "fan_in" : "fan_out"))"
        }
    }
}

/// `1` rather than `1.0`, `0.01` as is.
func shortest(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
