import NablaCore
import NablaData

/// An image data set as a classifier sees it: pixels normalised with the training split's
/// statistics, each image flat (`[784]`) or as a picture (`[1, 28, 28]`; CIFAR-10: `[3, 32, 32]`).
public struct NormalizedImages: ClassificationData {
    public let images: ImageDataset
    public let normalization: Normalization
    public let exampleShape: [Int]
    public let classCount: Int

    public init(_ images: ImageDataset, normalization: Normalization, asPicture: Bool = false, classCount: Int = 10) {
        self.images = images
        self.normalization = normalization
        self.exampleShape = asPicture ? [images.channels, images.rows, images.columns] : [images.pixelsPerImage]
        self.classCount = classCount
    }

    public var count: Int { images.count }

    public func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>) {
        images.fillBatch(indices: indices, normalization: normalization,
                         images: UnsafeMutableBufferPointer(start: features, count: indices.count * images.pixelsPerImage),
                         labels: UnsafeMutableBufferPointer(start: labels, count: indices.count))
    }
}
