import NablaCore

/// A random change applied to each training batch before the forward pass (shifted images), drawn
/// from the epoch's seeded generator so a run is reproducible. Evaluation never sees it.
public protocol BatchAugmentation: Sendable {
    /// Changes the examples of `batch` (`[B, ...]`) in place.
    func augment(_ batch: inout Tensor<Float>, generator: inout RandomGenerator)
}

/// Several augmentations, applied in order (torchvision's `transforms.Compose`).
public struct Compose: BatchAugmentation {
    public let steps: [any BatchAugmentation]

    public init(_ steps: [any BatchAugmentation]) { self.steps = steps }

    public func augment(_ batch: inout Tensor<Float>, generator: inout RandomGenerator) {
        for step in steps { step.augment(&batch, generator: &generator) }
    }
}

/// An augmentation of images of one size, one image at a time: every example of a batch is C
/// planes of height × width values (`[B, C, H, W]`, or the same values flat). Random draws come
/// from the batch's generator image by image, in batch order, so a run is the same on any number
/// of threads.
public protocol ImageAugmentation: BatchAugmentation {
    var height: Int { get }
    var width: Int { get }
    /// Changes one image in place: `channels` planes of height × width values from `image`.
    func augment(image: UnsafeMutablePointer<Float>, channels: Int, generator: inout RandomGenerator)
}

extension ImageAugmentation {
    /// Each example of `batch` in turn; stops with a clear message when the examples are not whole
    /// height × width planes.
    public func augment(_ batch: inout Tensor<Float>, generator: inout RandomGenerator) {
        let (examples, perExample) = imageLayout(of: batch)
        batch.withUnsafeMutableBufferPointer { values in
            for example in 0..<examples {
                augment(image: values.baseAddress! + example * perExample, channels: perExample / (height * width), generator: &generator)
            }
        }
    }

    /// The number of examples in `batch` and of values in each; stops with a clear message when the
    /// examples are not whole height × width planes.
    public func imageLayout(of batch: Tensor<Float>) -> (examples: Int, valuesPerExample: Int) {
        let examples = batch.shape[0], perExample = batch.count / max(batch.shape[0], 1)
        require(perExample % (height * width) == 0, "\(Self.self): examples of \(perExample) values are not \(height)×\(width) images")
        return (examples, perExample)
    }
}
