import NablaCore
import NablaTrain

/// Data augmentation by mirroring (torchvision's `RandomHorizontalFlip(p)`): each training image is
/// flipped left to right with probability p.
///
///     out[r, c] = image[r, W − 1 − c]        (for the images drawn; the others unchanged)
///
/// A mirrored sneaker is still a sneaker, so the network sees twice the shoes; a mirrored 2 is not
/// a 2, and a mirrored 7 is no digit at all: never for digits (`IDXDataset.mirroringKeepsClasses`).
/// Chapter 5's `RandomShift` is the other half of the usual recipe: it is torchvision's
/// `RandomCrop(28, padding: k)` with the padding filled by the background. The flips come from the
/// trainer's seeded generator, one draw per image in batch order, so a run is reproducible and the
/// same on any number of threads.
public struct RandomHorizontalFlip: BatchAugmentation {
    /// The probability of flipping an image.
    public let probability: Double
    public let height: Int, width: Int

    public init(probability: Double = 0.5, height: Int = 28, width: Int = 28) {
        require((0...1).contains(probability), "RandomHorizontalFlip: the probability must be in [0, 1], got \(probability)")
        (self.probability, self.height, self.width) = (probability, height, width)
    }

    public func augment(_ batch: inout Tensor<Float>, generator: inout RandomGenerator) {
        let plane = height * width, examples = batch.shape[0]
        let perExample = batch.count / max(examples, 1)
        require(perExample % plane == 0, "RandomHorizontalFlip: examples of \(perExample) values are not \(height)×\(width) images")
        batch.withUnsafeMutableBufferPointer { values in
            for example in 0..<examples where generator.uniform() < probability {
                for row in stride(from: example * perExample, to: (example + 1) * perExample, by: width) {
                    // out[r, c] = image[r, W − 1 − c]
                    var pixels = UnsafeMutableBufferPointer(rebasing: values[row..<row + width])
                    pixels.reverse()
                }
            }
        }
    }
}
