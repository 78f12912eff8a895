import NablaCore

/// Batch normalisation (Ioffe & Szegedy, 2015; PyTorch's `nn.BatchNorm1d` and `nn.BatchNorm2d`).
///
/// The input is seen as `[N, C, S]`: N examples, C channels, S positions per channel (1 for
/// `[N, C]`, L for `[N, C, L]`, H·W for `[N, C, H, W]`). Each channel c is normalised over its
/// m = N·S values, then scaled and shifted by its own γ_c and β_c:
///
///     training:   μ = Σx / m,   σ² = Σ(x − μ)² / m                    (the batch's statistics, biased)
///                 running_mean ← (1 − momentum)·running_mean + momentum·μ
///                 running_var  ← (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)   (unbiased)
///                 momentum nil (PyTorch's None): 1/t for the t-th training batch, so the running
///                 statistics are the plain average of every batch's (a cumulative moving average)
///     evaluation: μ = running_mean,   σ² = running_var
///     both:       x̂ = (x − μ)/√(σ² + ε),   y = γ·x̂ + β
///
/// Backward, with the sums over a channel's m values:
///
///     dL/dβ = Σ dy,   dL/dγ = Σ dy·x̂
///     training:   dL/dx = γ/√(σ² + ε) · (dy − dL/dβ / m − x̂ · dL/dγ / m)
///                 (μ and σ² move with every x: the last two terms are the paths through them)
///     evaluation: dL/dx = γ/√(running_var + ε) · dy
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

    /// x `[N, C, …]` → y of the same shape. In training, the batch's statistics (and an update of the
    /// running ones); in evaluation, the running statistics. Each channel is normalised on its own,
    /// so the channels are shared among the compute threads (`parallelMap`, `parallelFor`), each
    /// computed whole by one thread: the same bits on any thread count.
    @_specialize(where Scalar == Float)
    public mutating func forward(_ x: Tensor<Scalar>, isTraining: Bool) -> (output: Tensor<Scalar>, cache: Cache) {
        let (batch, channels, positions) = channelLayout(x.shape)
        let mean: [Scalar], variance: [Scalar], threads = channelThreads(x.count)
        if isTraining {
            let m = Scalar(batch * positions)
            let statistics = x.withUnsafeBufferPointer { x in
                let x = x.sendable
                return parallelMap(count: channels, threads: threads) { c in
                    let (start, stride) = (c * positions, channels * positions)
                    // μ = Σx / m
                    let channelMean = sumOverImages(batch: batch, positions: positions, start: start, stride: stride) { x.base[$0] } / m
                    // σ² = Σ(x − μ)² / m
                    let squares = sumOverImages(batch: batch, positions: positions, start: start, stride: stride) { i in
                        let centered = x.base[i] - channelMean
                        return centered * centered
                    }
                    return (mean: channelMean, variance: squares / m)
                }
            }
            (mean, variance) = (statistics.map(\.mean), statistics.map(\.variance))
            updateRunningStatistics(mean: mean, variance: variance, count: batch * positions)
        } else {
            mean = buffers["running_mean"].scalars
            variance = buffers["running_var"].scalars
        }
        let eps = Scalar(epsilon)
        // 1/√(σ² + ε)
        let inverseStd = variance.map { 1 / ($0 + eps).squareRoot() }
        var normalized = Tensor<Scalar>(toOverwrite: x.shape), y = Tensor<Scalar>(toOverwrite: x.shape)
        withBuffers(x, parameters["weight"], parameters["bias"], writing: &normalized, &y) { x, gamma, beta, xHat, y in
            let (x, gamma, beta, xHat, y) = (x.sendable, gamma.sendable, beta.sendable, xHat.sendable, y.sendable)
            parallelFor(count: channels, threads: threads) { c in
                // x̂ = (x − μ)/√(σ² + ε), computed as x·k − μ·k with k = 1/√(σ² + ε)
                let k = inverseStd[c], shift = -mean[c] * k
                for n in 0..<batch {
                    let start = (n * channels + c) * positions
                    for s in start..<(start + positions) { xHat.base[s] = x.base[s] * k + shift }
                    // y = γ·x̂ + β
                    for s in start..<(start + positions) { y.base[s] = xHat.base[s] * gamma.base[c] + beta.base[c] }
                }
            }
        }
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

    /// dL/dy `[N, C, …]` → dL/dx of the same shape, and dL/dγ, dL/dβ `[C]`; the channels shared
    /// among the compute threads as in `forward`.
    @_specialize(where Scalar == Float)
    public func backward(_ dy: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        let (batch, channels, positions) = channelLayout(dy.shape)
        let gamma = parameters["weight"].scalars, inverseStd = cache.inverseStandardDeviation
        let usedBatchStatistics = cache.usedBatchStatistics, threads = channelThreads(dy.count)
        var dx = Tensor<Scalar>(toOverwrite: dy.shape)
        let sums = withBuffers(dy, cache.normalized, writing: &dx) { dy, xHat, dx in
            let (dy, xHat, dx) = (dy.sendable, xHat.sendable, dx.sendable)
            return parallelMap(count: channels, threads: threads) { c in
                // The two reductions over the channel: dβ = Σ dy,  dγ = Σ dy·x̂
                let (start, stride) = (c * positions, channels * positions)
                let dBeta = sumOverImages(batch: batch, positions: positions, start: start, stride: stride) { dy.base[$0] }
                let dGamma = sumOverImages(batch: batch, positions: positions, start: start, stride: stride) { dy.base[$0] * xHat.base[$0] }
                guard usedBatchStatistics else {
                    // evaluation: dx = γ/√(running_var + ε) · dy
                    let scale = gamma[c] * inverseStd[c]
                    for n in 0..<batch {
                        let start = (n * channels + c) * positions
                        for s in start..<(start + positions) { dx.base[s] = dy.base[s] * scale }
                    }
                    return (dBeta: dBeta, dGamma: dGamma)
                }
                // training: k = γ/(m·√(σ² + ε)), and dx = k·m·dy − k·x̂·dγ − k·dβ, term by term:
                let m = Scalar(batch * positions), k = gamma[c] * inverseStd[c] / m
                // through x̂ directly:   γ/√(σ² + ε) · dy
                let direct = k * m
                // through σ²:            −γ/√(σ² + ε) · x̂ · dγ/m
                let throughVariance = -k * dGamma
                // through μ:             −γ/√(σ² + ε) · dβ/m
                let throughMean = -k * dBeta
                for n in 0..<batch {
                    let start = (n * channels + c) * positions
                    for s in start..<(start + positions) {
                        dx.base[s] = dy.base[s] * direct + xHat.base[s] * throughVariance + throughMean
                    }
                }
                return (dBeta: dBeta, dGamma: dGamma)
            }
        }
        let gradients = Parameters(["weight": Tensor(shape: [featureCount], scalars: sums.map(\.dGamma)),
                                    "bias": Tensor(shape: [featureCount], scalars: sums.map(\.dBeta))])
        return (dx, gradients)
    }
}

/// The threads worth sharing the channels of `values` values among: the compute threads, or 1
/// for a batch too small to repay waking a worker.
func channelThreads(_ values: Int) -> Int {
    threadsWorthUsing(ComputeThreads.count, work: values, minimum: minimumParallelElements)
}

/// A shape `[N, C, …]` seen as (N, C, S), with S the positions per channel.
func channelLayout(_ shape: [Int]) -> (batch: Int, channels: Int, positions: Int) {
    (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
}

/// What `BatchNorm1D` and `BatchNorm2D` share: the arithmetic above, its parameters and buffers,
/// PyTorch's input checks. They differ only in the input ranks they accept.
public protocol BatchNormLayer: Layer where Cache == BatchNormalization<Scalar>.Cache {
    var normalization: BatchNormalization<Scalar> { get set }
    init(normalization: BatchNormalization<Scalar>)
    /// PyTorch's name for the layer (`batch_norm1d`), for error messages.
    static var layerName: String { get }
    /// The ranks of input this layer takes, and how to say so in an error.
    static var acceptedRanks: Set<Int> { get }
    static var expectedInput: String { get }
}

extension BatchNormLayer {
    public init(featureCount: Int, epsilon: Double = 1e-5, momentum: Double? = 0.1) {
        self.init(normalization: BatchNormalization(featureCount: featureCount, epsilon: epsilon, momentum: momentum))
    }

    public var parameters: Parameters<Scalar> {
        get { normalization.parameters }
        set { normalization.parameters = newValue }
    }

    public var buffers: Parameters<Scalar> {
        get { normalization.buffers }
        set { normalization.buffers = newValue }
    }

    /// PyTorch's checks, then batch statistics in training or running statistics in evaluation.
    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        try checkShape(Self.acceptedRanks.contains(input.rank), layer: Self.layerName,
                       "expected \(Self.expectedInput), got \(describe(shape: input.shape))")
        try checkShape(input.shape[1] == normalization.featureCount, layer: Self.layerName,
                       "input \(describe(shape: input.shape)) has \(input.shape[1]) channels on axis 1, expected num_features = \(normalization.featureCount)")
        // The variance of one value is 0 and its unbiased variance undefined.
        let layout = channelLayout(input.shape)
        try checkShape(!context.isTraining || layout.batch * layout.positions > 1, layer: Self.layerName,
                       "expected more than 1 value per channel when training, got input \(describe(shape: input.shape))")
        return normalization.forward(input, isTraining: context.isTraining)
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        normalization.backward(outputGradient, cache: cache)
    }
}

/// Batch normalisation of features: input `[N, C]` (or `[N, C, L]`), each feature normalised over
/// the batch (and L).
public struct BatchNorm1D<Scalar: Real>: BatchNormLayer {
    public static var layerName: String { "batch_norm1d" }
    public static var acceptedRanks: Set<Int> { [2, 3] }
    public static var expectedInput: String { "2D or 3D input [N, C] or [N, C, L]" }

    public var normalization: BatchNormalization<Scalar>

    public init(normalization: BatchNormalization<Scalar>) { self.normalization = normalization }
}

/// Batch normalisation of images: input `[N, C, H, W]`, each channel normalised over the batch and
/// all H·W positions (one γ and β per channel, as a convolution shares its weights).
public struct BatchNorm2D<Scalar: Real>: BatchNormLayer {
    public static var layerName: String { "batch_norm2d" }
    public static var acceptedRanks: Set<Int> { [4] }
    public static var expectedInput: String { "4D input [N, C, H, W]" }

    public var normalization: BatchNormalization<Scalar>

    public init(normalization: BatchNormalization<Scalar>) { self.normalization = normalization }
}
