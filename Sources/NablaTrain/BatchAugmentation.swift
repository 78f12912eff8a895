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
