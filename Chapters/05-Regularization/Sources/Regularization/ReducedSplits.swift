import NablaCore
import NablaData
import NablaTrain

/// Small training and validation sets drawn from MNIST's 60,000 training images by a seeded
/// shuffle (disjoint), and the full 10,000-image test set. With a few thousand training images
/// a large perceptron can memorise them, and overfitting shows. All three splits are normalised
/// with the small training set's statistics. `trainingCount: nil` keeps every image not used
/// for validation. `asPicture`: each image `[1, 28, 28]` (for a CNN) instead of `[784]`.
public func reducedSplits(of mnist: (training: ImageDataset, test: ImageDataset), trainingCount: Int?,
                          validationCount: Int, seed: UInt64, asPicture: Bool = false) -> DataSplits<NormalizedImages> {
    let available = mnist.training.count - validationCount
    require(validationCount >= 0 && available > 0 && (trainingCount ?? available) <= available,
            "reducedSplits: \(trainingCount ?? available) training and \(validationCount) validation images need more than the \(mnist.training.count) there are")
    var generator = RandomGenerator(seed: seed)
    let order = generator.permutation(mnist.training.count)
    let validation = mnist.training.subset(Array(order[..<validationCount]))
    let training = mnist.training.subset(Array(order[validationCount..<(validationCount + (trainingCount ?? available))]))
    let normalization = Normalization(statisticsOf: training)
    return DataSplits(training: NormalizedImages(training, normalization: normalization, asPicture: asPicture),
                      validation: NormalizedImages(validation, normalization: normalization, asPicture: asPicture),
                      test: NormalizedImages(mnist.test, normalization: normalization, asPicture: asPicture))
}
