import Foundation
import NablaCore

/// Two checks worth a minute before a long run (Andrej Karpathy, "A Recipe for Training Neural
/// Networks", 2019; CS231n's "sanity checks"):
///
/// 1. **Initial loss.** With small random weights the scores of all C classes are nearly equal,
///    softmax gives each about 1/C, and the cross-entropy is about
///
///        L₀ ≈ −ln(1/C) = ln C        (2.303 nats for the 10 digits)
///
///    Far from it, the initialisation's scale, the last layer or the loss is wrong.
/// 2. **Overfit a few batches.** A model that learns at all memorises a handful of batches: train
///    on the same few batches over and over until it classifies every one of their examples. If it
///    cannot, the gradient or the update is broken, or the learning rate is far off.
public struct SanityChecks: Sendable {
    /// The mean loss at initialisation is taken over this many training examples.
    public var initialLossExamples = 1_024
    /// |L₀ − ln C| may be at most this fraction of ln C.
    public var initialLossTolerance = 0.1
    /// The batches the model must memorise.
    public var overfitBatches = 5
    /// The overfitting check fails when 100% is not reached within this many steps.
    public var overfitSteps = 500

    public init() {}

    /// One check's verdict, with the numbers behind it.
    public struct Check: Sendable, CustomStringConvertible {
        public let name: String
        public let passed: Bool
        public let detail: String

        /// `PASS  initial loss: 2.3051 nats, ln 10 = 2.3026 (allowed ±0.23)`
        public var description: String { "\(passed ? "PASS" : "FAIL")  \(name): \(detail)" }
    }

    /// Runs both checks on copies of `trainer` (left as it was): the initial loss in evaluation
    /// mode on the first examples of a seeded order of `data`, then training on `overfitBatches`
    /// batches of `trainer.batchSize` at the optimizer's rate, with the batch augmentation off
    /// (memorising is the point), measuring their accuracy in evaluation mode after each pass.
    /// Throws what a forward pass or a step throws (a shape mismatch).
    public func run(_ trainer: ClassifierTrainer, on data: some ClassificationData, showProgress: Bool) throws -> [Check] {
        var trainer = trainer
        let order = trainer.generator.permutation(data.count)
        let memorised = order.prefix(overfitBatches * trainer.batchSize)
        let batches = stride(from: 0, to: memorised.count, by: trainer.batchSize)
            .map { data.batch(memorised[$0..<min($0 + trainer.batchSize, memorised.count)]) }
        return [try initialLoss(trainer, data.batch(order.prefix(initialLossExamples)), classCount: data.classCount),
                try overfit(&trainer, batches, all: data.batch(memorised), showProgress: showProgress)]
    }

    func initialLoss(_ trainer: ClassifierTrainer, _ examples: (features: Tensor<Float>, labels: Tensor<Float>),
                     classCount: Int) throws -> Check {
        var model = trainer.model, context = ForwardContext.evaluation
        let scores = try model.forward(examples.features, context: &context).output
        let loss = Double(try trainer.loss.lossAndGradient(scores, target: examples.labels).loss)
        // L₀ ≈ ln C
        let expected = Foundation.log(Double(classCount)), allowed = initialLossTolerance * expected
        return Check(name: "initial loss", passed: abs(loss - expected) <= allowed,
                     detail: String(format: "%.4f nats on %d examples; ln %d = %.4f (allowed ±%.2f)",
                                    loss, examples.labels.count, classCount, expected, allowed))
    }

    func overfit(_ trainer: inout ClassifierTrainer, _ batches: [(features: Tensor<Float>, labels: Tensor<Float>)],
                 all examples: (features: Tensor<Float>, labels: Tensor<Float>), showProgress: Bool) throws -> Check {
        trainer.augmentation = nil
        trainer.stopsOnNonFiniteValues = false
        let count = examples.labels.count
        var context = ForwardContext(isTraining: true, generator: RandomGenerator(seed: trainer.generator.next()))
        var progress = ProgressDisplay(total: overfitSteps, label: "overfitting \(count) examples", enabled: showProgress)
        var steps = 0, accuracy = 0.0, loss: Float = .nan
        while steps < overfitSteps {
            for batch in batches where steps < overfitSteps {
                loss = try trainer.trainStep(batch.features, batch.labels, context: &context).loss
                steps += 1
                progress.update(steps, itemsPerSecondUnit: "steps/s", items: steps)
            }
            var model = trainer.model, evaluation = ForwardContext.evaluation
            let scores = try model.forward(examples.features, context: &evaluation).output
            accuracy = Double(countCorrect(scores, examples.labels)) / Double(count)
            if accuracy == 1 || !loss.isFinite || Interruption.isRequested { break }
        }
        progress.finish()
        let learningRate = String(format: "%g", trainer.optimizer.learningRate)
        return Check(name: "overfit \(batches.count) batches", passed: accuracy == 1,
                     detail: String(format: "%.2f%% of %d training examples after %d steps at rate %@ (last loss %.4f)",
                                    100 * accuracy, count, steps, learningRate, Double(loss))
                         + (accuracy == 1 ? "" : "; a model that learns memorises them: check the gradients "
                            + "(nabla gradcheck) and the learning rate (--find-lr)"))
    }
}
