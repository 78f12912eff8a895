import Foundation
import LinearClassifiers
import NablaCore
import NablaData

/// Section 5 (`--mnist`): the softmax classifier of section 3 on real handwritten digits. Each
/// 28×28 image is a row of 784 normalised pixels; the classifier learns one 784-pixel template
/// per digit, and a linear model gets about nine digits in ten right.
func mnistSection(dataDirectory: String?, epochs: Int, learningRate: Float, batchSize: Int,
                  regularization: Float, seed: UInt64) throws {
    let mnist = try MNIST.load(dataDirectory: dataDirectory)
    // Statistics of the training images only, applied to both sets.
    let normalization = Normalization(statisticsOf: mnist.training)
    func rows(_ images: ImageDataset) -> LabeledData<Float> {
        let (pixels, labels) = images.batch(indices: Array(0..<images.count)[...], normalization: normalization, as: Float.self)
        return LabeledData(inputs: pixels, labels: labels.scalars.map { Int($0) }, classes: 10)
    }
    let train = rows(mnist.training), test = rows(mnist.test)
    print("5. MNIST: \(train.count) training and \(test.count) test images as rows of 784 normalised pixels")
    print("   softmax classifier, minibatch SGD, \(epochs) epochs, lr \(learningRate), batch \(batchSize), λ \(regularization)")
    var random = RandomGenerator(seed: seed &+ 5)
    var model = LinearClassifier<Float>(features: 784, classes: 10, generator: &random)
    print("   epoch      loss   train acc")
    try trainWithMinibatchSGD(&model, on: train, loss: .softmax, regularization: regularization, learningRate: learningRate,
                          epochs: epochs, batchSize: batchSize, generator: &random) { summary in
        print(String(format: "   %5d    %.4f      %5.2f%%", summary.epoch, summary.loss, 100 * summary.trainAccuracy))
    }
    print(String(format: "   test accuracy %.2f%%", 100 * model.accuracy(on: test)))
}
