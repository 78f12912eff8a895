import NablaCore

/// x → Linear → ReLU → Linear → softmax cross-entropy, with forward and backward written out by
/// hand in one place and every intermediate named. The library's layers do the same work one layer
/// at a time; `checkGradients` shows that both agree, and agree with finite differences.
///
/// Shapes: x `[N, D]`, W1 `[H, D]`, b1 `[H]`, W2 `[C, H]`, b2 `[C]`, labels: N classes in 0..<C.
/// Parameters are named as in `Sequential([Linear, ReLU, Linear])`: `0.weight`, `0.bias`,
/// `2.weight`, `2.bias`.
public struct TwoLayerNetwork<Scalar: Real> {
    public var parameters: Parameters<Scalar>

    /// Everything the forward pass computed, which is what backward reads.
    public struct Forward {
        public let x: Tensor<Scalar>, labels: [Int]
        public let z1: Tensor<Scalar>, h: Tensor<Scalar>, s: Tensor<Scalar>, p: Tensor<Scalar>
        public let loss: Scalar

        /// The most probable class of each example.
        public var predictions: [Int] { p.argmaxLastAxis() }

        @usableFromInline
        init(x: Tensor<Scalar>, labels: [Int], z1: Tensor<Scalar>, h: Tensor<Scalar>, s: Tensor<Scalar>,
             p: Tensor<Scalar>, loss: Scalar) {
            (self.x, self.labels, self.z1, self.h, self.s, self.p, self.loss) = (x, labels, z1, h, s, p, loss)
        }
    }

    /// Drawn exactly as two library `Linear` layers would be from the same generator.
    public init(inputs: Int, hidden: Int, classes: Int, generator: inout RandomGenerator) {
        let first = Linear<Scalar>(inputFeatures: inputs, outputFeatures: hidden, generator: &generator)
        let second = Linear<Scalar>(inputFeatures: hidden, outputFeatures: classes, generator: &generator)
        parameters = Parameters(["0.weight": first.parameters["weight"], "0.bias": first.parameters["bias"],
                                 "2.weight": second.parameters["weight"], "2.bias": second.parameters["bias"]])
    }

    // @inlinable, so that the compiler specialises forward and backward for Float or Double in the
    // calling module: unspecialised, ch2-backprop's training took 5 s instead of 0.3 s.
    @inlinable
    public func forward(_ x: Tensor<Scalar>, labels: [Int]) -> Forward {
        let w1 = parameters["0.weight"], b1 = parameters["0.bias"]
        let w2 = parameters["2.weight"], b2 = parameters["2.bias"]
        let classes = w2.shape[0]
        require(x.rank == 2 && x.shape[1] == w1.shape[1] && labels.count == x.shape[0],
                "TwoLayerNetwork: needs x [N, \(w1.shape[1])] and N labels, got x \(describe(shape: x.shape)) and \(labels.count) labels")
        require(labels.allSatisfy { (0..<classes).contains($0) }, "TwoLayerNetwork: labels must be in 0..<\(classes)")

        // z1 = x W1ᵀ + b1
        let z1 = matmul(x, w1, transposeB: true).addingToEachRow(b1)
        // h = relu(z1)
        let h = z1.map { $0 > 0 ? $0 : 0 }
        // s = h W2ᵀ + b2
        let s = matmul(h, w2, transposeB: true).addingToEachRow(b2)
        // log p = s − log Σ_c e^(s_c), by log-sum-exp so that no exp overflows
        let logP = logSoftmax(s)
        // p = e^(log p) = softmax(s)
        let p = logP.map(Scalar.exp)
        // L = −(1/N) Σ_n log p[n, y_n]
        var sumOfLogP: Scalar = 0
        for (row, label) in labels.enumerated() { sumOfLogP += logP.scalars[row * classes + label] }
        let loss = -sumOfLogP / Scalar(labels.count)
        return Forward(x: x, labels: labels, z1: z1, h: h, s: s, p: p, loss: loss)
    }

    /// dL/dθ for every parameter, named as `parameters`.
    @inlinable
    public func backward(_ forward: Forward) -> Parameters<Scalar> {
        let w2 = parameters["2.weight"]
        let classes = w2.shape[0], n = Scalar(forward.labels.count)
        // ds = (p − onehot(y)) / N
        var ds = forward.p
        for (row, label) in forward.labels.enumerated() { ds.scalars[row * classes + label] -= 1 }
        ds = ds / n
        // dW2 = dsᵀ h
        let dW2 = matmul(ds, forward.h, transposeA: true)
        // db2 = Σ_n ds[n, :]
        let db2 = ds.sum(axis: 0)
        // dh = ds W2
        let dh = matmul(ds, w2)
        // dz1 = dh ⊙ [z1 > 0]
        let dz1 = dh.zipMap(forward.z1, "relu backward") { dh, z1 in z1 > 0 ? dh : 0 }
        // dW1 = dz1ᵀ x
        let dW1 = matmul(dz1, forward.x, transposeA: true)
        // db1 = Σ_n dz1[n, :]
        let db1 = dz1.sum(axis: 0)
        return Parameters(["0.weight": dW1, "0.bias": db1, "2.weight": dW2, "2.bias": db2])
    }

    /// The same network built from the library's layers, holding the same parameters.
    public func libraryLayers() -> Sequential<Scalar> {
        let w1 = parameters["0.weight"], w2 = parameters["2.weight"]
        var generator = RandomGenerator(seed: 0)
        var layers = Sequential<Scalar>([
            Linear<Scalar>(inputFeatures: w1.shape[1], outputFeatures: w1.shape[0], generator: &generator),
            ReLU<Scalar>(),
            Linear<Scalar>(inputFeatures: w2.shape[1], outputFeatures: w2.shape[0], generator: &generator),
        ])
        layers.parameters = parameters
        return layers
    }
}

/// How the hand-written gradient of one parameter compares with the two references.
public struct GradientAgreement: Sendable {
    public let name: String
    public let shape: [Int]
    /// Worst relative error against central finite differences.
    public let errorVersusNumerical: Double
    /// Worst relative error against the library layers' backward.
    public let errorVersusLibrary: Double
}

/// The result of `TwoLayerNetwork.checkGradients`.
public struct TwoLayerGradientCheck: Sendable {
    public let lossByHand: Double, lossByLibrary: Double
    public let parameters: [GradientAgreement]
    /// min |z1|: how close any ReLU input came to the kink at 0, where finite differences are wrong
    /// if the step h crosses it.
    public let nearestKink: Double
}

extension TwoLayerNetwork where Scalar == Double {
    /// Compares the hand-written gradients with central finite differences and with the library's
    /// Linear, ReLU and CrossEntropyLoss on the same parameters and batch.
    public func checkGradients(_ x: Tensor<Double>, labels: [Int], h: Double = 1e-5) throws -> TwoLayerGradientCheck {
        let byHand = forward(x, labels: labels)
        let handGradients = backward(byHand)

        var layers = libraryLayers()
        var context = ForwardContext.evaluation
        let (scores, layersCache) = try layers.forward(x, context: &context)
        let lossFunction = CrossEntropyLoss<Double>()
        let (libraryLoss, lossCache) = try lossFunction.forward(scores, target: Tensor(shape: [labels.count],
                                                                                      scalars: labels.map(Double.init)))
        let libraryGradients = layers.backward(lossFunction.backward(cache: lossCache), cache: layersCache).parameterGradients

        let agreements = parameters.names.map { name in
            let numerical = numericalGradient(ofParameter: name, x, labels: labels, h: h)
            return GradientAgreement(name: name, shape: parameters[name].shape,
                                     errorVersusNumerical: worstRelativeError(handGradients[name], numerical),
                                     errorVersusLibrary: worstRelativeError(handGradients[name], libraryGradients[name]))
        }
        return TwoLayerGradientCheck(lossByHand: byHand.loss, lossByLibrary: libraryLoss, parameters: agreements,
                                     nearestKink: byHand.z1.scalars.map(abs).min() ?? .infinity)
    }

    /// dL/dθ for each element of one parameter, by central differences.
    public func numericalGradient(ofParameter name: String, _ x: Tensor<Double>, labels: [Int], h: Double = 1e-5)
        -> Tensor<Double> {
        var probe = self
        var gradient = Tensor<Double>(zeros: parameters[name].shape)
        for i in 0..<gradient.count {
            let original = parameters[name].scalars[i]
            probe.parameters[name].scalars[i] = original + h
            let lossPlus = probe.forward(x, labels: labels).loss
            probe.parameters[name].scalars[i] = original - h
            let lossMinus = probe.forward(x, labels: labels).loss
            probe.parameters[name].scalars[i] = original
            // dL/dθᵢ ≈ (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h
            gradient.scalars[i] = (lossPlus - lossMinus) / (2 * h)
        }
        return gradient
    }
}

/// maxᵢ |aᵢ − bᵢ| / max(|aᵢ|, |bᵢ|, tiny): CS231n's relative error, at the worst element.
func worstRelativeError(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    zip(a.scalars, b.scalars).map { abs($0 - $1) / max(abs($0), abs($1), 1e-300) }.max() ?? 0
}
