import NablaCore

/// Images of one size with a class label each, kept as bytes: MNIST's 60,000 training images take
/// 47 MB this way, 188 MB as Float. Gray images have one channel; colour images (CIFAR-10) three,
/// stored plane after plane (all red values, then green, then blue: PyTorch's [C, H, W]). Batches
/// are converted to floating point as they are used (`fillBatch`, `batch`).
public struct ImageDataset: Equatable, Sendable {
    /// All pixels, image after image, each image channel by channel and each channel row by row
    /// (0 = background, 255 = ink for MNIST).
    public private(set) var images: [UInt8]
    /// The class of each image.
    public private(set) var labels: [UInt8]
    public let rows: Int
    public let columns: Int
    /// Values per pixel: 1 for gray images, 3 for red, green, blue.
    public let channels: Int

    public init(images: [UInt8], labels: [UInt8], rows: Int, columns: Int, channels: Int = 1) {
        require(rows >= 0 && columns >= 0 && channels >= 1 && images.count == labels.count * channels * rows * columns,
                "ImageDataset: \(labels.count) labels of \(channels)×\(rows)×\(columns) images need \(labels.count * channels * rows * columns) values, got \(images.count)")
        (self.images, self.labels, self.rows, self.columns, self.channels) = (images, labels, rows, columns, channels)
    }

    /// Pairs an IDX file of images [N, rows, columns] with an IDX file of labels [N], checking
    /// that they fit; the paths name the files in errors.
    public init(images: IDXFile, labels: IDXFile, imagesPath: String, labelsPath: String) throws(NablaError) {
        for (file, path, rank, what) in [(images, imagesPath, 3, "images [count, rows, columns]"), (labels, labelsPath, 1, "labels [count]")] {
            guard file.elementType == .unsignedByte else {
                throw NablaError.unsupported("\(path): elements of type \(file.elementType); images and labels must be unsigned bytes (type 0x08)")
            }
            guard file.shape.count == rank else {
                throw NablaError.malformed(file: path, message: "has \(file.shape.count) dimensions \(describe(shape: file.shape)), expected \(rank) for \(what)")
            }
        }
        guard images.shape[0] == labels.shape[0] else {
            throw NablaError.malformed(file: labelsPath, message: "holds \(labels.shape[0]) labels, but \(imagesPath) holds \(images.shape[0]) images: the counts must agree")
        }
        self.init(images: images.data, labels: labels.data, rows: images.shape[1], columns: images.shape[2])
    }

    /// The number of images.
    public var count: Int { labels.count }
    /// The values of one image: channels · rows · columns.
    public var pixelsPerImage: Int { channels * rows * columns }

    /// The values of image `index`, channel after channel.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        images[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)]
    }

    /// How many images have each label: result[k] counts label k, for k up to the largest label.
    public func labelCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: Int(labels.max() ?? 0) + 1)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageDataset {
        let pixels = pixelsPerImage
        var newImages = [UInt8](repeating: 0, count: indices.count * pixels)
        newImages.withUnsafeMutableBufferPointer { destination in
            images.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    require(index >= 0 && index < count, "ImageDataset.subset: index \(index) out of 0..<\(count)")
                    (destination.baseAddress! + row * pixels).update(from: source.baseAddress! + index * pixels, count: pixels)
                }
            }
        }
        return ImageDataset(images: newImages, labels: indices.map { labels[$0] }, rows: rows, columns: columns, channels: channels)
    }

    /// A random split: `validationCount` images, chosen by a seeded shuffle, become the
    /// validation set; the rest the training set. Each part keeps the original order.
    public func split(validationCount: Int, seed: UInt64) -> (training: ImageDataset, validation: ImageDataset) {
        var training = self
        let validation = training.splitOffValidation(count: validationCount, seed: seed)
        return (training, validation)
    }

    /// `split` in place: returns the validation images and keeps the rest, moved to the front of
    /// this dataset's own pixels, so when nothing else holds them MNIST's 47 MB are never copied.
    public mutating func splitOffValidation(count validationCount: Int, seed: UInt64) -> ImageDataset {
        require(validationCount >= 0 && validationCount <= count,
                "ImageDataset.split: validationCount \(validationCount) is not in 0...\(count)")
        var generator = RandomGenerator(seed: seed)
        let order = generator.permutation(count)
        let validation = subset(order[..<validationCount].sorted())
        let kept = order[validationCount...].sorted(), pixels = pixelsPerImage
        images.withUnsafeMutableBufferPointer { buffer in
            // Ascending indices: image `index` moves down to `row` ≤ index, over images already moved.
            for (row, index) in kept.enumerated() where row != index {
                (buffer.baseAddress! + row * pixels).update(from: buffer.baseAddress! + index * pixels, count: pixels)
            }
        }
        images.removeSubrange((kept.count * pixels)...)
        labels = kept.map { labels[$0] }
        return validation
    }
}
