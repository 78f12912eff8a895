import NablaCore

/// A labelled data set a classifier trains on: MNIST, or synthetic data in tests. Examples are
/// copied into a caller's buffer batch by batch, so the data set can stay compact (MNIST keeps
/// its pixels as bytes) and a batch never allocates.
public protocol ClassificationData: Sendable {
    /// The number of examples.
    var count: Int { get }
    /// The shape of one example: `[784]` for a flat image, `[1, 28, 28]` for a CNN.
    var exampleShape: [Int] { get }
    /// The number of classes.
    var classCount: Int { get }
    /// Writes the examples at `indices`, one after another, to `features`, and their labels
    /// (as whole numbers) to `labels`.
    func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>)
}

extension ClassificationData {
    /// The examples at `indices` as a batch tensor `[B, exampleShape...]` and their labels `[B]`.
    public func batch(_ indices: ArraySlice<Int>) -> (features: Tensor<Float>, labels: Tensor<Float>) {
        var features = Tensor<Float>(zeros: [indices.count] + exampleShape)
        var labels = Tensor<Float>(zeros: [indices.count])
        features.withUnsafeMutableBufferPointer { f in
            labels.withUnsafeMutableBufferPointer { l in fill(indices, features: f.baseAddress!, labels: l.baseAddress!) }
        }
        return (features, labels)
    }
}
