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
    /// (as whole numbers) to `labels`. It must write every element of both (`batch` does not zero
    /// them first) and must be safe to call from several threads at once: `batch` calls it that
    /// way, each call with its own part of the indices and of the buffers.
    func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>)
}

extension ClassificationData {
    /// The examples at `indices` as a batch tensor `[B, exampleShape...]` and their labels `[B]`.
    ///
    /// The rows are filled 16 at a time on the compute threads (`ComputeThreads.count`): a batch's
    /// examples lie scattered over the data set, and each chunk spends most of its time waiting on
    /// memory. Every element is written by `fill`, so the storage is not zeroed first.
    public func batch(_ indices: ArraySlice<Int>) -> (features: Tensor<Float>, labels: Tensor<Float>) {
        let size = exampleShape.reduce(1, *)
        var features = Tensor<Float>(toOverwrite: [indices.count] + exampleShape)
        var labels = Tensor<Float>(toOverwrite: [indices.count])
        features.withUnsafeMutableBufferPointer { f in
            labels.withUnsafeMutableBufferPointer { l in
                let (f, l, first) = (f.sendable, l.sendable, indices.startIndex)
                parallelForChunks(count: indices.count, chunkSize: 16, threads: ComputeThreads.count) { rows in
                    fill(indices[(first + rows.lowerBound)..<(first + rows.upperBound)],
                         features: f.base + rows.lowerBound * size, labels: l.base + rows.lowerBound)
                }
            }
        }
        return (features, labels)
    }
}
