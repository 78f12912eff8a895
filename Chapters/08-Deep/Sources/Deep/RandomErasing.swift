import Foundation
import NablaCore
import NablaTrain

/// Data augmentation by erasing (Zhong et al., 2020, "Random Erasing Data Augmentation";
/// torchvision's `RandomErasing(p, scale, ratio, value=0)`): with probability p, a rectangle of each
/// training image is set to 0 in every channel — after normalisation, the mean pixel.
///
/// The rectangle is drawn as torchvision draws it: up to 10 tries of
///
///     area   = H·W · U(scale.min, scale.max)
///     aspect = exp(U(ln ratio.min, ln ratio.max))
///     h = round(√(area·aspect)),  w = round(√(area / aspect))
///
/// keeping the first with h < H and w < W, at a top-left corner uniform over the places it fits
/// (i in 0...H−h, j in 0...W−w); when no try fits, the image is left as it is.
///
/// A network that sees coats with a hole where the collar was learns to use the whole coat, not one
/// telling patch: the regulariser of occlusion. The draws come from the trainer's seeded generator,
/// image by image in batch order, so a run is the same on any number of threads.
public struct RandomErasing: ImageAugmentation {
    /// The probability of erasing a rectangle of an image.
    public let probability: Double
    /// The range of the rectangle's area, as fractions of the image's.
    public let scale: ClosedRange<Double>
    /// The range of the rectangle's height / width.
    public let ratio: ClosedRange<Double>
    public let height: Int, width: Int

    /// torchvision's defaults: p = 0.5, scale 0.02...0.33, ratio 0.3...3.3.
    public init(probability: Double = 0.5, scale: ClosedRange<Double> = 0.02...0.33, ratio: ClosedRange<Double> = 0.3...3.3,
                height: Int = 28, width: Int = 28) {
        require((0...1).contains(probability), "RandomErasing: the probability must be in [0, 1], got \(probability)")
        require(scale.lowerBound > 0 && scale.upperBound <= 1, "RandomErasing: the scale must lie in (0, 1], got \(scale)")
        require(ratio.lowerBound > 0, "RandomErasing: the ratio must be positive, got \(ratio)")
        (self.probability, self.scale, self.ratio, self.height, self.width) = (probability, scale, ratio, height, width)
    }

    /// The rectangle (top, left, height, width) to erase from an image, or nil when no try fits.
    public func rectangle(generator: inout RandomGenerator) -> (top: Int, left: Int, height: Int, width: Int)? {
        let area = Double(height * width), logRatio = (log(ratio.lowerBound), log(ratio.upperBound))
        for _ in 0..<10 {
            let erased = area * (scale.lowerBound + (scale.upperBound - scale.lowerBound) * generator.uniform())
            let aspect = exp(logRatio.0 + (logRatio.1 - logRatio.0) * generator.uniform())
            let (h, w) = (Int((erased * aspect).squareRoot().rounded()), Int((erased / aspect).squareRoot().rounded()))
            guard h < height && w < width else { continue }
            return (generator.int(below: height - h + 1), generator.int(below: width - w + 1), h, w)
        }
        return nil
    }

    public func augment(image: UnsafeMutablePointer<Float>, channels: Int, generator: inout RandomGenerator) {
        guard generator.uniform() < probability, let box = rectangle(generator: &generator) else { return }
        for channel in 0..<channels {
            // out[c, i, j] = 0 for i in top..<top+h, j in left..<left+w
            for row in box.top..<(box.top + box.height) {
                (image + (channel * height + row) * width + box.left).update(repeating: 0, count: box.width)
            }
        }
    }
}
