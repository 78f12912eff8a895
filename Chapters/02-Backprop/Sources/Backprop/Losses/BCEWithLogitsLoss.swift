import NablaCore

/// Binary cross-entropy on logits: L = mean of −[t log σ(x) + (1 − t) log(1 − σ(x))].
///
/// Written as max(x, 0) − x·t + log(1 + e^(−|x|)), which is the same value but never takes the log
/// of 0 or the exp of a large number. dL/dx_i = (σ(x_i) − t_i) / n.
public struct BCEWithLogitsLoss<Scalar: Real>: Loss {
    public init() {}

    public struct Cache {
        let input: Tensor<Scalar>
        let target: Tensor<Scalar>
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> (loss: Scalar, cache: Cache) {
        try checkSameShape(input, target, loss: "bce_with_logits")
        // ℓ = max(x, 0) − x·t + log(1 + e^(−|x|))
        let losses = input.zipMap(target, "bce_with_logits") { x, t in max(x, 0) - x * t + Scalar.log1p(Scalar.exp(-abs(x))) }
        return (losses.mean(), Cache(input: input, target: target))
    }

    @_specialize(where Scalar == Float)
    public func backward(cache: Cache) -> Tensor<Scalar> {
        let n = Scalar(cache.input.count)
        return cache.input.zipMap(cache.target, "bce_with_logits backward") { x, t in (sigmoid(x) - t) / n }
    }
}
