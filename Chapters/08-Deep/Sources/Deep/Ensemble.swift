import Backprop
import NablaCore
import NablaTrain
import MLP

/// An ensemble of classifiers: K models, trained apart (different seeds, or snapshots of one run),
/// vote by averaging their predicted probabilities:
///
///     p̄(c | x) = (1/K) Σ_k softmax(f_k(x))_c,        prediction = argmax_c p̄(c | x)
///
/// The members make partly different mistakes; where one is unsure and wrong, the others often
/// outvote it. Averaging probabilities rather than counting votes lets a confident member outweigh
/// two unsure ones (Nielsen's five-network vote used majority; Huang et al.'s snapshot ensembles
/// average the softmax, as here).
///
/// With `mirrored`, every member also sees each test image mirrored left to right, and p̄ averages
/// over the 2K outputs (test-time augmentation: the flips of training, used again at test time;
/// only for data whose classes survive mirroring).
public struct Ensemble {
    public var members: [Sequential<Float>]
    /// Whether p̄ also averages each member's output on the mirrored image.
    public var mirrored: Bool

    public init(members: [Sequential<Float>], mirrored: Bool = false) {
        require(!members.isEmpty, "Ensemble: give at least one member")
        (self.members, self.mirrored) = (members, mirrored)
    }

    /// The accuracy of p̄ on `data` and each member's own accuracy (on the images as they are), in
    /// evaluation mode, `batchSize` examples at a time. Throws what a member's forward pass throws
    /// (wrong example shape).
    public mutating func accuracies(on data: some ClassificationData, batchSize: Int = 256) throws
        -> (ensemble: Double, members: [Double]) {
        var correct = 0, memberCorrect = [Int](repeating: 0, count: members.count)
        var context = ForwardContext.evaluation
        let views = mirrored ? 2 : 1
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let (features, labels) = data.batch(ArraySlice(start..<min(start + batchSize, data.count)))
            var mean: Tensor<Float>?
            for view in 0..<views {
                let input = view == 0 ? features : Self.mirror(features)
                for k in members.indices {
                    let scores = try members[k].output(input, context: &context)
                    if view == 0 { memberCorrect[k] += countCorrect(scores, labels) }
                    // p̄ = (1/(K·V)) Σ_views Σ_k softmax(f_k(view(x)))
                    let probabilities = softmax(scores) / Float(members.count * views)
                    if mean == nil { mean = probabilities } else { mean! += probabilities }
                }
            }
            correct += countCorrect(mean!, labels)
        }
        let total = Double(max(data.count, 1))
        return (Double(correct) / total, memberCorrect.map { Double($0) / total })
    }
}

extension Ensemble {
    /// The images of `batch` ([B, C, H, W]) mirrored left to right.
    static func mirror(_ batch: Tensor<Float>) -> Tensor<Float> {
        require(batch.rank == 4, "Ensemble: mirroring needs images [B, C, H, W], got \(describe(shape: batch.shape))")
        var mirrored = batch, generator = RandomGenerator(seed: 0)  // probability 1: no draw decides anything
        RandomHorizontalFlip(probability: 1, height: batch.shape[2], width: batch.shape[3]).augment(&mirrored, generator: &generator)
        return mirrored
    }
}

/// Cosine annealing with warm restarts (Loshchilov & Hutter, 2017, "SGDR"; PyTorch's
/// `CosineAnnealingWarmRestarts` with T_mult = 1, stepped once per epoch): chapter 3's cosine over
/// `period` epochs, started again every `period` epochs.
///
///     η_e = η_min + (η₀ − η_min) (1 + cos(π (e mod T₀) / T₀)) / 2
///
/// Each cycle ends at a low rate in a minimum of the loss, and the restart's large rate throws the
/// weights out of it towards another: one snapshot per cycle gives an ensemble for the cost of one
/// run (Huang et al., 2017, "Snapshot Ensembles: Train 1, get M for free").
public struct CosineAnnealingWarmRestarts: LearningRateSchedule {
    public let cycle: CosineAnnealing

    public init(initial: Double, period: Int, minimum: Double = 0) {
        cycle = CosineAnnealing(initial: initial, period: period, minimum: minimum)
    }

    public func learningRate(epoch: Int) -> Double { cycle.learningRate(epoch: epoch % cycle.period) }
}
