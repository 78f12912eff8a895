import NablaCore
import NablaTrain
import Backprop

/// The mean softmax cross-entropy and the accuracy of `model` on all of `data`, in evaluation mode.
public func lossAndAccuracy(of model: inout Sequential<Float>, on data: some ClassificationData,
                            batchSize: Int = 1000) throws -> (loss: Double, accuracy: Double) {
    var context = ForwardContext.evaluation
    var totalLoss = 0.0, correct = 0
    for start in stride(from: 0, to: data.count, by: batchSize) {
        let (features, labels) = data.batch(Array(start..<min(start + batchSize, data.count))[...])
        let scores = try model.forward(features, context: &context).output
        // L = (1/N) Σ_batches n_batch · L_batch
        totalLoss += Double(try CrossEntropyLoss<Float>()(scores, target: labels)) * Double(labels.count)
        correct += countCorrect(scores, labels)
    }
    return (totalLoss / Double(max(data.count, 1)), Double(correct) / Double(max(data.count, 1)))
}
