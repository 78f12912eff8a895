import NablaCore

/// Batch normalisation's arithmetic, shared by `BatchNorm1D` (`[N, C]`, `[N, C, L]`) and
/// `BatchNorm2D` (`[N, C, H, W]`): each channel c is normalised over its m = N·S values.
///
///     training:   μ = mean(x),  σ² = mean((x − μ)²)             (the batch's statistics, biased)
///                 running_mean ← (1 − momentum)·running_mean + momentum·μ
///                 running_var  ← (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)   (unbiased)
///                 momentum nil (PyTorch's None): 1/t for the t-th training batch, so the running
///                 statistics are the plain average of every batch's (a cumulative moving average)
///     evaluation: μ = running_mean,  σ² = running_var
///     both:       x̂ = (x − μ)/√(σ² + ε),   y = γ·x̂ + β
///
/// PyTorch's conventions: `momentum` weighs the new statistic (0.1 by default, the opposite of an
/// optimizer's momentum), and running_var is updated with the unbiased variance although the
/// batch is normalised with the biased one.
public struct BatchNormalization<Scalar: Real>: Sendable {
    /// `weight` (γ) and `bias` (β), one per channel.
    public var parameters: Parameters<Scalar>
    /// `running_mean` and `running_var`, one per channel.
    public var buffers: Parameters<Scalar>
    public let featureCount: Int
    public let epsilon: Double
    /// The weight of each new batch statistic; nil for a cumulative moving average.
    public let momentum: Double?
    /// How many training batches have updated the running statistics (PyTorch's num_batches_tracked).
    public private(set) var batchesTracked = 0

    /// What backward needs: x̂, 1/√(σ² + ε) per channel, and whether μ and σ² came from the batch
    /// (then they depend on x, and so does every x̂).
    public struct Cache {
        let normalized: Tensor<Scalar>
        let inverseStandardDeviation: [Scalar]
        let usedBatchStatistics: Bool
    }

    /// γ = 1, β = 0, running_mean = 0, running_var = 1: PyTorch's starting values.
    public init(featureCount: Int, epsilon: Double = 1e-5, momentum: Double? = 0.1) {
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.momentum = momentum
        parameters = Parameters(["weight": Tensor(repeating: 1, shape: [featureCount]),
                                 "bias": Tensor(zeros: [featureCount])])
        buffers = Parameters(["running_mean": Tensor(zeros: [featureCount]),
                              "running_var": Tensor(repeating: 1, shape: [featureCount])])
    }

    /// Reads `num_features`, `eps` and `momentum` as PyTorch's constructor takes them
    /// (`"momentum": null` is PyTorch's None: a cumulative moving average).
    public init(config: Config) throws {
        let features = try config.int("num_features")
        let epsilon = try config.double("eps", default: 1e-5)
        let momentum: Double? = config.isNull("momentum") ? nil : try config.double("momentum", default: 0.1)
        guard features > 0 else {
            throw NablaError.invalidConfig(op: config.op, message: "num_features must be positive, got \(features)")
        }
        try TensorSize.check([features], what: "num_features", op: config.op)
        guard epsilon >= 0, (0...1).contains(momentum ?? 0) else {
            throw NablaError.invalidConfig(op: config.op, message: "eps must be ≥ 0 and momentum in [0, 1], got \(epsilon) and \(momentum ?? 0)")
        }
        self.init(featureCount: features, epsilon: epsilon, momentum: momentum)
    }

    @_specialize(where Scalar == Float)
    public mutating func forward(_ x: Tensor<Scalar>, isTraining: Bool) -> (output: Tensor<Scalar>, cache: Cache) {
        let layout = ChannelLayout(x.shape)
        let mean: [Scalar], variance: [Scalar]
        if isTraining {
            let m = Scalar(layout.valuesPerChannel)
            // μ = Σx / m
            mean = layout.channelSums(x).map { $0 / m }
            let centered = layout.scaleChannels(x, scale: ones, shift: mean.map { -$0 })
            // σ² = Σ(x − μ)² / m
            variance = layout.channelDotProducts(centered, centered).map { $0 / m }
            updateRunningStatistics(mean: mean, variance: variance, count: layout.valuesPerChannel)
        } else {
            mean = buffers["running_mean"].scalars
            variance = buffers["running_var"].scalars
        }
        let eps = Scalar(epsilon)
        // 1/√(σ² + ε)
        let inverseStd = variance.map { 1 / ($0 + eps).squareRoot() }
        // x̂ = (x − μ)/√(σ² + ε)
        let normalized = layout.scaleChannels(x, scale: inverseStd, shift: zip(mean, inverseStd).map { -$0 * $1 })
        // y = γ·x̂ + β
        let y = layout.scaleChannels(normalized, scale: parameters["weight"].scalars, shift: parameters["bias"].scalars)
        return (y, Cache(normalized: normalized, inverseStandardDeviation: inverseStd, usedBatchStatistics: isTraining))
    }

    /// running ← (1 − momentum)·running + momentum·batch, with the unbiased variance σ²·m/(m − 1);
    /// without a momentum, 1/t takes its place for the t-th batch.
    mutating func updateRunningStatistics(mean: [Scalar], variance: [Scalar], count: Int) {
        batchesTracked += 1
        let factor = momentum ?? 1 / Double(batchesTracked)
        let keep = Scalar(1 - factor), take = Scalar(factor)
        let unbiasing = Scalar(count) / Scalar(count - 1)
        buffers["running_mean"] = Tensor(shape: [featureCount], scalars: zip(buffers["running_mean"].scalars, mean).map {
            keep * $0 + take * $1
        })
        buffers["running_var"] = Tensor(shape: [featureCount], scalars: zip(buffers["running_var"].scalars, variance).map {
            keep * $0 + take * $1 * unbiasing
        })
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dy: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        let layout = ChannelLayout(dy.shape)
        // dβ = Σ dy
        let biasGradient = layout.channelSums(dy)
        // dγ = Σ dy·x̂
        let weightGradient = layout.channelDotProducts(dy, cache.normalized)
        let gamma = parameters["weight"].scalars, inverseStd = cache.inverseStandardDeviation
        let dx: Tensor<Scalar>
        if cache.usedBatchStatistics {
            // dx = γ/(m·√(σ² + ε)) · (m·dy − dβ − x̂·dγ)   (μ and σ² move with every x)
            let m = Scalar(layout.valuesPerChannel)
            let k = zip(gamma, inverseStd).map { $0 * $1 / m }
            dx = layout.combineChannels(dy, k.map { $0 * m }, cache.normalized, zip(k, weightGradient).map { -$0 * $1 },
                                        plus: zip(k, biasGradient).map { -$0 * $1 })
        } else {
            // dx = dy·γ/√(running_var + ε)
            dx = layout.scaleChannels(dy, scale: zip(gamma, inverseStd).map { $0 * $1 }, shift: zeros)
        }
        let gradients = Parameters(["weight": Tensor(shape: [featureCount], scalars: weightGradient),
                                    "bias": Tensor(shape: [featureCount], scalars: biasGradient)])
        return (dx, gradients)
    }

    private var ones: [Scalar] { [Scalar](repeating: 1, count: featureCount) }
    private var zeros: [Scalar] { [Scalar](repeating: 0, count: featureCount) }
}
