import Foundation
import NablaCore

/// Minibatch training of a classifier: the loop every MNIST chapter shares.
///
/// Each step: forward a batch in training mode, loss and its gradient, backward through the
/// model, one optimizer update of every parameter. The order of examples comes from a seeded
/// permutation per epoch, so a run is reproducible from its seed.
public struct ClassifierTrainer {
    public var model: Sequential<Float>
    public var loss: any Loss<Float>
    public var optimizer: any Optimizer<Float>
    public var batchSize: Int
    public var generator: RandomGenerator
    /// A penalty R(w) whose gradient is added to the weights' (chapter 5: L1, L2), or none.
    public var weightPenalty: (any WeightPenalty)?
    /// A random change of each training batch (chapter 5: shifted images), or none.
    public var augmentation: (any BatchAugmentation)?

    public init(model: Sequential<Float>, loss: any Loss<Float>, optimizer: any Optimizer<Float>,
                batchSize: Int, seed: UInt64) {
        (self.model, self.loss, self.optimizer, self.batchSize) = (model, loss, optimizer, batchSize)
        self.generator = RandomGenerator(seed: seed)
    }

    /// One pass over `data` in a seeded random order; returns the mean loss (without the weight
    /// penalty) and the accuracy measured on the training batches as they were seen (augmented,
    /// with dropout).
    public mutating func trainEpoch(on data: some ClassificationData, progress: inout ProgressDisplay) throws
        -> (loss: Double, accuracy: Double) {
        let order = generator.permutation(data.count)
        var totalLoss = 0.0, correct = 0, seen = 0
        var context = ForwardContext(isTraining: true, generator: RandomGenerator(seed: generator.next()))
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let indices = order[start..<min(start + batchSize, order.count)]
            var (features, labels) = data.batch(indices)
            augmentation?.augment(&features, generator: &context.generator)
            let (scores, cache) = try model.forward(features, context: &context)
            let (value, scoreGradient) = try loss.lossAndGradient(scores, target: labels)
            correct += countCorrect(scores, labels)
            let gradients = model.parameterGradients(scoreGradient, cache: cache)
            applyUpdate(gradients)
            totalLoss += Double(value) * Double(indices.count)
            seen += indices.count
            progress.update(seen)
        }
        progress.finish()
        return (totalLoss / Double(seen), Double(correct) / Double(seen))
    }

    /// θ ← optimizer(θ, ∇θ + ∂R/∂θ) for every parameter, in place (no copy of the weights).
    mutating func applyUpdate(_ gradients: Parameters<Float>) {
        for i in model.layers.indices {
            for position in 0..<model.layers[i].parameters.count {
                let key = "\(i).\(model.layers[i].parameters.names[position])"
                guard var gradient = gradients.tensor(named: key) else { fatalError("no gradient for \(key)") }
                if let weightPenalty, isPenalised(model.layers[i].parameters[position: position]) {
                    weightPenalty.addGradient(of: model.layers[i].parameters[position: position], to: &gradient)
                }
                optimizer.update(&model.layers[i].parameters[position: position], gradient: gradient, key: key)
            }
        }
    }

    /// The fraction of `data` classified correctly, in evaluation mode.
    public mutating func accuracy(on data: some ClassificationData, batchSize: Int = 1000) throws -> Double {
        var correct = 0
        var context = ForwardContext.evaluation
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let (features, labels) = data.batch(start..<min(start + batchSize, data.count))
            let scores = try model.forward(features, context: &context).output
            correct += countCorrect(scores, labels)
        }
        return Double(correct) / Double(max(data.count, 1))
    }
}

/// How many rows of `scores` have their largest score at the label.
public func countCorrect(_ scores: Tensor<Float>, _ labels: Tensor<Float>) -> Int {
    zip(scores.argmaxLastAxis(), labels.scalars).filter { Float($0) == $1 }.count
}

extension ClassificationData {
    /// The examples at positions `range` of the data set, in order.
    func batch(_ range: Range<Int>) -> (features: Tensor<Float>, labels: Tensor<Float>) {
        batch(Array(range)[...])
    }
}
