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
public struct RandomHorizontalFlip: ImageAugmentation {
    /// The probability of flipping an image.
    public let probability: Double
    public let height: Int, width: Int

    public init(probability: Double = 0.5, height: Int = 28, width: Int = 28) {
        require((0...1).contains(probability), "RandomHorizontalFlip: the probability must be in [0, 1], got \(probability)")
        (self.probability, self.height, self.width) = (probability, height, width)
    }

    public func augment(image: UnsafeMutablePointer<Float>, channels: Int, generator: inout RandomGenerator) {
        guard generator.uniform() < probability else { return }
        for row in stride(from: 0, to: channels * height * width, by: width) {
            // out[r, c] = image[r, W − 1 − c]
            var pixels = UnsafeMutableBufferPointer(start: image + row, count: width)
            pixels.reverse()
        }
    }
}
