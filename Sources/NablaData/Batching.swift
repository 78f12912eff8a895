import NablaCore

/// The batches of one training epoch over `count` examples: consecutive ranges of `batchSize`;
/// the last holds what remains. A remainder of one example is merged into the batch before it:
/// a batch of one has no batch statistics (batch norm cannot train on it, PyTorch refuses it) and
/// its gradient is the noisiest of all. Every other remainder is kept as it is, so runs whose
/// last batch is not of one are unchanged. `note` says what was merged, for the user.
public func trainingBatchRanges(count: Int, batchSize: Int) -> (ranges: [Range<Int>], note: String?) {
    require(batchSize > 0, "trainingBatchRanges: batchSize must be positive, got \(batchSize)")
    var ranges = stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
    guard ranges.count > 1, ranges.last!.count == 1, batchSize > 1 else { return (ranges, nil) }
    let last = ranges.removeLast()
    ranges[ranges.count - 1] = ranges[ranges.count - 1].lowerBound..<last.upperBound
    return (ranges, "note: \(count) training examples in batches of \(batchSize) leave a last batch of 1; "
            + "it is merged into the batch before (\(batchSize + 1) examples), since a batch of one has no batch statistics")
}

extension ImageDataset {
    /// The batches of one epoch: `0..<count` in a random order from `generator`, cut into slices
    /// of `batchSize` as `trainingBatchRanges` does (the last may be shorter, never of one unless
    /// everything is).
    public func shuffledBatches(batchSize: Int, generator: inout RandomGenerator) -> [ArraySlice<Int>] {
        let order = generator.permutation(count)
        return trainingBatchRanges(count: count, batchSize: batchSize).ranges.map { order[$0] }
    }

    /// `0..<count` in order, cut into slices of `batchSize`: for evaluation.
    public func orderedBatches(batchSize: Int) -> [ArraySlice<Int>] {
        Self.batches(of: Array(0..<count), batchSize: batchSize)
    }

    static func batches(of order: [Int], batchSize: Int) -> [ArraySlice<Int>] {
        require(batchSize > 0, "ImageDataset: batchSize must be positive, got \(batchSize)")
        return stride(from: 0, to: order.count, by: batchSize).map { order[$0..<min($0 + batchSize, order.count)] }
    }

    /// Writes the images at `indices`, normalised, as rows of `pixelsPerImage` values into
    /// `images`, and their labels (whole numbers, as the losses expect) into `labels`.
    /// Allocates nothing: a training loop can reuse one pair of buffers for every batch.
    @inlinable
    public func fillBatch<Scalar: Real>(indices: ArraySlice<Int>, normalization: Normalization,
                                        images destination: UnsafeMutableBufferPointer<Scalar>,
                                        labels labelDestination: UnsafeMutableBufferPointer<Scalar>) {
        let pixels = pixelsPerImage
        require(destination.count >= indices.count * pixels && labelDestination.count >= indices.count,
                "fillBatch: \(indices.count) images need \(indices.count * pixels) image and \(indices.count) label values, the buffers hold \(destination.count) and \(labelDestination.count)")
        // Only 256 byte values exist: normalise each once, then look every pixel up.
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 256) { table in
            for byte in 0..<256 { table[byte] = normalization(UInt8(byte)) }
            images.withUnsafeBufferPointer { source in
                labels.withUnsafeBufferPointer { sourceLabels in
                    var row = 0
                    for index in indices {
                        require(index >= 0 && index < sourceLabels.count, "fillBatch: index \(index) out of 0..<\(sourceLabels.count)")
                        let from = source.baseAddress! + index * pixels
                        let to = destination.baseAddress! + row * pixels
                        for pixel in 0..<pixels { to[pixel] = table[Int(from[pixel])] }
                        labelDestination[row] = Scalar(sourceLabels[index])
                        row += 1
                    }
                }
            }
        }
    }

    /// Fills `images` ([indices.count, pixelsPerImage]) and `labels` ([indices.count]) with the
    /// batch at `indices`, reusing their storage; only a batch of a new size allocates.
    @inlinable
    public func fillBatch<Scalar: Real>(indices: ArraySlice<Int>, normalization: Normalization,
                                        images: inout Tensor<Scalar>, labels: inout Tensor<Scalar>) {
        if images.shape != [indices.count, pixelsPerImage] { images = Tensor(zeros: [indices.count, pixelsPerImage]) }
        if labels.shape != [indices.count] { labels = Tensor(zeros: [indices.count]) }
        images.withUnsafeMutableBufferPointer { imageBuffer in
            labels.withUnsafeMutableBufferPointer { labelBuffer in
                fillBatch(indices: indices, normalization: normalization, images: imageBuffer, labels: labelBuffer)
            }
        }
    }

    /// The batch at `indices` as new tensors: images [indices.count, pixelsPerImage] (reshape to
    /// [-1, 1, rows, columns] for convolutions) and labels [indices.count].
    @inlinable
    public func batch<Scalar: Real>(indices: ArraySlice<Int>, normalization: Normalization,
                                    as type: Scalar.Type = Scalar.self) -> (images: Tensor<Scalar>, labels: Tensor<Scalar>) {
        var images = Tensor<Scalar>(zeros: [indices.count, pixelsPerImage])
        var labels = Tensor<Scalar>(zeros: [indices.count])
        fillBatch(indices: indices, normalization: normalization, images: &images, labels: &labels)
        return (images, labels)
    }
}
