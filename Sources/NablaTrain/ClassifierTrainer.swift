import Foundation
import NablaCore
import NablaData

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
    /// Whether a loss or a gradient that is not finite stops training at once with
    /// `TrainingDiverged` (the default): every later step would only spread the NaN. Chapter 6
    /// turns it off, because its table shows what a diverging initialisation does.
    public var stopsOnNonFiniteValues = true
    /// The epochs finished so far; the one `trainEpoch` runs next is `epochsTrained + 1`.
    public internal(set) var epochsTrained = 0
    /// Each step's loss and rate, and each epoch's update/weight ratios, for plots.
    public internal(set) var history = TrainingHistory()

    public init(model: Sequential<Float>, loss: any Loss<Float>, optimizer: any Optimizer<Float>,
                batchSize: Int, seed: UInt64) {
        (self.model, self.loss, self.optimizer, self.batchSize) = (model, loss, optimizer, batchSize)
        self.generator = RandomGenerator(seed: seed)
    }

    /// One pass over `data` in a seeded random order; returns the mean loss (without the weight
    /// penalty) and the accuracy measured on the training batches as they were seen (augmented,
    /// with dropout). The batches are `trainingBatchRanges`'s: never a last batch of one.
    ///
    /// Throws `TrainingDiverged` before the update of a step whose loss or gradient is not finite
    /// (unless `stopsOnNonFiniteValues` is off), and `TrainingInterrupted` after the step during
    /// which Ctrl-C was pressed (see `Interruption`).
    public mutating func trainEpoch(on data: some ClassificationData, progress: inout ProgressDisplay) throws
        -> (loss: Double, accuracy: Double) {
        let order = generator.permutation(data.count)
        let (batches, note) = trainingBatchRanges(count: order.count, batchSize: batchSize)
        if let note { printOnce(note) }
        var totalLoss = 0.0, correct = 0, seen = 0
        var context = ForwardContext(isTraining: true, generator: RandomGenerator(seed: generator.next()))
        for (step, range) in batches.enumerated() {
            let indices = order[range]
            let (features, labels) = data.batch(indices)
            let (value, batchCorrect) = try trainStep(features, labels, context: &context, step: step + 1, steps: batches.count,
                                                      measuringRatios: step == batches.count - 1)
            correct += batchCorrect
            history.stepLosses.append(Double(value))
            history.stepLearningRates.append(optimizer.learningRate)
            totalLoss += Double(value) * Double(indices.count)
            seen += indices.count
            progress.update(seen)
            if Interruption.isRequested {
                progress.finish()
                throw TrainingInterrupted(epoch: epochsTrained + 1, step: step + 1, stepsPerEpoch: batches.count)
            }
        }
        progress.finish()
        history.stepsPerEpoch.append(batches.count)
        epochsTrained += 1
        return (totalLoss / Double(seen), Double(correct) / Double(seen))
    }

    /// One step on one batch (`features` `[N, …]`, `labels` `[N]`): augment it, forward in the mode
    /// of `context`, loss and its gradient, backward, and one optimizer update of every parameter.
    /// Returns the batch's mean loss and how many of its examples the scores classified correctly.
    /// `step` of `steps` only names the step in a `TrainingDiverged`; `measuringRatios` records
    /// each weight's ‖Δθ‖/‖θ‖ in `history`.
    public mutating func trainStep(_ features: Tensor<Float>, _ labels: Tensor<Float>, context: inout ForwardContext,
                                   step: Int = 1, steps: Int = 1, measuringRatios: Bool = false) throws -> (loss: Float, correct: Int) {
        var features = features
        augmentation?.augment(&features, generator: &context.generator)
        let (scores, cache) = try model.forward(features, context: &context)
        let (value, scoreGradient) = try loss.lossAndGradient(scores, target: labels)
        let gradients = model.parameterGradients(scoreGradient, cache: cache)
        if stopsOnNonFiniteValues {
            try checkFinite(loss: value, gradients: gradients, features: features, step: step, steps: steps)
        }
        applyUpdate(gradients, measuringRatios: measuringRatios)
        return (value, countCorrect(scores, labels))
    }

    /// Throws `TrainingDiverged` when the loss or a gradient of this step is not finite, naming
    /// where the non-finite values first appear.
    func checkFinite(loss value: Float, gradients: Parameters<Float>, features: Tensor<Float>, step: Int, steps: Int) throws {
        func diverged(_ what: String, _ firstAppearance: String?) -> TrainingDiverged {
            TrainingDiverged(epoch: epochsTrained + 1, step: step, stepsPerEpoch: steps, what: what,
                             firstAppearance: firstAppearance, learningRate: optimizer.learningRate)
        }
        guard value.isFinite else {
            throw diverged("the loss is \(value.isNaN ? "NaN" : value > 0 ? "+∞" : "−∞")", firstNonFiniteOutput(features))
        }
        // Backward runs from the last layer to the first: the last non-finite gradient in the
        // model's order is the first one backward produced.
        if let (name, tensor) = gradients.pairs.last(where: { !$0.tensor.isFinite }) {
            let layer = Int(name.prefix { $0 != "." }) ?? 0
            let kind = tensor.scalars.contains { $0.isNaN } ? "NaN" : "∞"
            throw diverged("the gradient of \(name) holds \(kind)",
                           "in the gradient of layer \(layer) (\(layerName(layer))), the first that backward reached")
        }
    }

    /// The first parameter, or else the first layer output, that is not finite on `features`;
    /// nil when only the loss is (its input was finite).
    func firstNonFiniteOutput(_ features: Tensor<Float>) -> String? {
        for (i, layer) in model.layers.enumerated() {
            if let name = layer.parameters.names.first(where: { !layer.parameters[$0].isFinite }) {
                return "the parameter \(i).\(name) of layer \(i) (\(layerName(i)))"
            }
        }
        // A copy runs forward layer by layer (a batch-norm layer updates only the copy's statistics).
        var probe = model
        var context = ForwardContext(isTraining: true)
        var x = features
        for i in probe.layers.indices {
            guard let y = try? probe.layers[i].forwardErasingCache(x, context: &context).output else { return nil }
            if !y.isFinite { return "the output of layer \(i) (\(layerName(i)))" }
            x = y
        }
        return "in the loss itself, computed from finite scores"
    }

    /// "Linear", "BatchNorm1D": the type of layer `i`, without its scalar type.
    func layerName(_ i: Int) -> String {
        String("\(type(of: model.layers[i]))".prefix { $0 != "<" })
    }

    /// θ ← optimizer(θ, ∇θ + ∂R/∂θ) for every parameter, in place (no copy of the weights, except
    /// of each weight matrix when `measuringRatios`, to record ‖Δθ‖/‖θ‖ in `history`).
    mutating func applyUpdate(_ gradients: Parameters<Float>, measuringRatios: Bool = false) {
        var ratios: [(String, Double)] = []
        for i in model.layers.indices {
            for position in 0..<model.layers[i].parameters.count {
                let key = "\(i).\(model.layers[i].parameters.names[position])"
                guard var gradient = gradients.tensor(named: key) else { fatalError("no gradient for \(key)") }
                if let weightPenalty, isPenalised(model.layers[i].parameters[position: position]) {
                    weightPenalty.addGradient(of: model.layers[i].parameters[position: position], to: &gradient)
                }
                let before = measuringRatios && gradient.rank >= 2 ? model.layers[i].parameters[position: position] : nil
                optimizer.update(&model.layers[i].parameters[position: position], gradient: gradient, key: key)
                if let before { ratios.append((key, updateRatio(before: before, after: model.layers[i].parameters[position: position]))) }
            }
        }
        if measuringRatios { history.appendRatios(ratios) }
    }

    /// The fraction of `data` classified correctly, in evaluation mode, `batchSize` examples at a
    /// time (256: LeNet's largest activation is then 4.8 MB, so evaluating adds little to the
    /// memory training holds; each example's scores do not depend on the batch it is in).
    public mutating func accuracy(on data: some ClassificationData, batchSize: Int = 256) throws -> Double {
        var correct = 0
        var context = ForwardContext.evaluation
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let (features, labels) = data.batch(start..<min(start + batchSize, data.count))
            let scores = try model.output(features, context: &context)
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
